using Originality.Domain;
using Originality.Storage.Sql;

namespace Originality.Storage.Audit;

/// <summary>An audit entry as stored, with its position in the trail.</summary>
/// <param name="Sequence">Position in the whole trail (gap-free order of commits is not promised, order of appends is).</param>
/// <param name="Entry">The entry as the domain recorded it.</param>
public sealed record StoredAuditEntry(long Sequence, AuditEntry Entry);

/// <summary>
/// The append-only audit trail (who, what, when, why, under which rule). There is deliberately no
/// update or delete here, and the database refuses both by trigger.
/// </summary>
public sealed class AuditTrail
{
    private readonly StorageSession _session;

    internal AuditTrail(StorageSession session) => _session = session;

    /// <summary>Appends one entry in the session's transaction; returns its sequence number.</summary>
    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await _session.ExecuteScalarAsync<long>("""
            INSERT INTO audit_entries (occurred_at, actor_kind, actor_id, subject_type, subject_id, action, rule_id, reason, data, recorded_at)
            VALUES (@OccurredAt, @ActorKind, @ActorId, @SubjectType, @SubjectId, @Action, @RuleId, @Reason, @Data, @RecordedAt)
            RETURNING seq
            """,
            new
            {
                OccurredAt = Instants.ToTicks(entry.At),
                ActorKind = entry.Actor.Kind.ToString(),
                ActorId = entry.Actor.Id,
                entry.SubjectType,
                entry.SubjectId,
                entry.Action,
                entry.RuleId,
                entry.Reason,
                entry.Data,
                RecordedAt = Instants.ToTicks(_session.Clock.GetCurrentInstant()),
            }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends what <paramref name="aggregate"/> recorded since it was loaded, then clears it there;
    /// repositories call this when they save, so no transition goes unrecorded.
    /// </summary>
    public async Task AppendPendingAsync(IAudited aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        foreach (var entry in aggregate.PendingAudit)
        {
            await AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        aggregate.ClearPendingAudit();
    }

    /// <summary>The trail of one subject, oldest first.</summary>
    public async Task<IReadOnlyList<StoredAuditEntry>> ForSubjectAsync(string subjectType, string subjectId, CancellationToken cancellationToken = default)
    {
        var rows = await _session.QueryAsync<AuditRow>(
            Select + " WHERE subject_type = @subjectType AND subject_id = @subjectId ORDER BY seq",
            new { subjectType, subjectId }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToStored())];
    }

    /// <summary>Entries after <paramref name="afterSequence"/>, oldest first (for export and review).</summary>
    public async Task<IReadOnlyList<StoredAuditEntry>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var rows = await _session.QueryAsync<AuditRow>(
            Select + " WHERE seq > @afterSequence ORDER BY seq LIMIT @limit",
            new { afterSequence, limit }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToStored())];
    }

    private const string Select =
        "SELECT seq AS Seq, occurred_at AS OccurredAt, actor_kind AS ActorKind, actor_id AS ActorId, subject_type AS SubjectType, subject_id AS SubjectId, action AS Action, rule_id AS RuleId, reason AS Reason, data AS Data FROM audit_entries";

    private sealed class AuditRow
    {
        public long Seq { get; set; }
        public long OccurredAt { get; set; }
        public string ActorKind { get; set; } = "";
        public string ActorId { get; set; } = "";
        public string SubjectType { get; set; } = "";
        public string SubjectId { get; set; } = "";
        public string Action { get; set; } = "";
        public string RuleId { get; set; } = "";
        public string? Reason { get; set; }
        public string? Data { get; set; }

        public StoredAuditEntry ToStored() => new(Seq, new AuditEntry(
            Instants.FromTicks(OccurredAt),
            new Actor(Enum.Parse<ActorKind>(ActorKind), ActorId),
            SubjectType, SubjectId, Action, RuleId, Reason, Data));
    }
}
