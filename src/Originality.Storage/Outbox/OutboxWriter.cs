using Originality.Storage.Sql;

namespace Originality.Storage.Outbox;

/// <summary>Writes events in the session's transaction: they exist exactly when the change does.</summary>
public sealed class OutboxWriter
{
    private readonly StorageSession _session;

    internal OutboxWriter(StorageSession session) => _session = session;

    /// <summary>Adds an event; returns its id.</summary>
    public async Task<Guid> EnqueueAsync(string topic, string payload, string? subjectId = null, Guid? eventId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(payload);
        var id = eventId ?? Guid.NewGuid();
        var now = Instants.ToTicks(_session.Clock.GetCurrentInstant());
        await _session.ExecuteAsync("""
            INSERT INTO outbox_events (event_id, topic, subject_id, payload, created_at, state, attempts, available_at)
            VALUES (@eventId, @topic, @subjectId, @payload, @now, 'pending', 0, @now)
            """,
            new { eventId = id.ToString("D"), topic, subjectId, payload, now }, cancellationToken).ConfigureAwait(false);
        return id;
    }
}
