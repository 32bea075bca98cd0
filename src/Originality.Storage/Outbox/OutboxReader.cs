using NodaTime;
using Originality.Storage.Sql;

namespace Originality.Storage.Outbox;

/// <summary>
/// Hands outbox events to a delivering process (webhooks): claim a batch under a lease, deliver,
/// then mark each delivered or failed.
/// </summary>
/// <remarks>
/// Delivery is at least once: a reader that dies after delivering but before
/// <see cref="MarkDeliveredAsync"/> leaves a lease that expires, and the event is handed out
/// again. Receivers drop duplicates by <see cref="OutboxMessage.EventId"/>. Two readers never hold
/// the same event at the same time (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL, the single write
/// lock on SQLite). Thread-safe.
/// </remarks>
public sealed class OutboxReader
{
    private readonly OriginalityStore _store;

    /// <summary>Creates a reader named <paramref name="readerId"/> (stored as <c>claimed_by</c>).</summary>
    public OutboxReader(OriginalityStore store, string readerId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(readerId);
        _store = store;
        ReaderId = readerId;
    }

    /// <summary>This reader's name.</summary>
    public string ReaderId { get; }

    /// <summary>Claims up to <paramref name="max"/> undelivered events, oldest first, for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(int max, Duration lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var now = _store.Clock.GetCurrentInstant();
        var session = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var rows = await session.QueryAsync<OutboxRow>($"""
                UPDATE outbox_events
                SET claimed_by = @reader, claimed_until = @until, attempts = attempts + 1
                WHERE seq IN (
                    SELECT seq FROM outbox_events
                    WHERE state = 'pending' AND available_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                    ORDER BY seq
                    LIMIT @max{session.Dialect.ForUpdateSkipLocked})
                RETURNING {OutboxRow.Columns}
                """,
                new { reader = ReaderId, until = Instants.ToTicks(now + lease), now = Instants.ToTicks(now), max },
                cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(r => r.ToMessage()).OrderBy(m => m.Sequence)];
        }
    }

    /// <summary>Marks an event delivered; false when this reader no longer holds it.</summary>
    public async Task<bool> MarkDeliveredAsync(long sequence, CancellationToken cancellationToken = default)
    {
        var now = Instants.ToTicks(_store.Clock.GetCurrentInstant());
        return await UpdateAsync(
            "UPDATE outbox_events SET state = 'delivered', delivered_at = @now, claimed_until = NULL WHERE seq = @sequence AND claimed_by = @reader AND state = 'pending'",
            new { sequence, reader = ReaderId, now }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives an event back after a failed delivery, to be tried again from <paramref name="retryAt"/>;
    /// false when this reader no longer holds it.
    /// </summary>
    public async Task<bool> MarkFailedAsync(long sequence, string error, Instant retryAt, CancellationToken cancellationToken = default) =>
        await UpdateAsync(
            "UPDATE outbox_events SET available_at = @retryAt, claimed_by = NULL, claimed_until = NULL, last_error = @error WHERE seq = @sequence AND claimed_by = @reader AND state = 'pending'",
            new { sequence, reader = ReaderId, error, retryAt = Instants.ToTicks(retryAt) }, cancellationToken).ConfigureAwait(false);

    /// <summary>Parks an event that cannot be delivered (state <c>failed</c>).</summary>
    public async Task<bool> AbandonAsync(long sequence, string error, CancellationToken cancellationToken = default) =>
        await UpdateAsync(
            "UPDATE outbox_events SET state = 'failed', claimed_until = NULL, last_error = @error WHERE seq = @sequence AND claimed_by = @reader AND state = 'pending'",
            new { sequence, reader = ReaderId, error }, cancellationToken).ConfigureAwait(false);

    /// <summary>How many events wait for delivery.</summary>
    public async Task<long> PendingCountAsync(CancellationToken cancellationToken = default)
    {
        var session = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_events WHERE state = 'pending'", null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One event's delivery as the operator sees it: delivered, waiting (with the last error, if any) or given up.</summary>
    public sealed record DeliveryState(long Sequence, string Topic, Instant CreatedAt, string State, int Attempts, Instant? DeliveredAt, string? LastError);

    /// <summary>The latest <paramref name="limit"/> events, newest first, for the operator console.</summary>
    public async Task<IReadOnlyList<DeliveryState>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        var session = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var rows = await session.QueryAsync<DeliveryRow>(
                "SELECT seq AS Seq, topic AS Topic, created_at AS CreatedAt, state AS State, attempts AS Attempts, delivered_at AS DeliveredAt, last_error AS LastError FROM outbox_events ORDER BY seq DESC LIMIT @limit",
                new { limit }, cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(r => new DeliveryState(r.Seq, r.Topic, Instants.FromTicks(r.CreatedAt), r.State, (int)r.Attempts,
                r.DeliveredAt is { } d ? Instants.FromTicks(d) : null, r.LastError))];
        }
    }

    private sealed class DeliveryRow
    {
        public long Seq { get; set; }

        public string Topic { get; set; } = "";

        public long CreatedAt { get; set; }

        public string State { get; set; } = "";

        public long Attempts { get; set; }

        public long? DeliveredAt { get; set; }

        public string? LastError { get; set; }
    }

    private async Task<bool> UpdateAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var session = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var changed = await session.ExecuteAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return changed == 1;
        }
    }

    private sealed class OutboxRow
    {
        public const string Columns =
            "seq AS Seq, event_id AS EventId, topic AS Topic, subject_id AS SubjectId, payload AS Payload, created_at AS CreatedAt, attempts AS Attempts";

        public long Seq { get; set; }
        public string EventId { get; set; } = "";
        public string Topic { get; set; } = "";
        public string? SubjectId { get; set; }
        public string Payload { get; set; } = "";
        public long CreatedAt { get; set; }
        public long Attempts { get; set; }

        public OutboxMessage ToMessage() => new(Seq, Guid.Parse(EventId), Topic, SubjectId, Payload, Instants.FromTicks(CreatedAt), (int)Attempts);
    }
}
