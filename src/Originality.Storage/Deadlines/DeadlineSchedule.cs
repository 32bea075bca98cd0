using NodaTime;
using Originality.Storage.Sql;

namespace Originality.Storage.Deadlines;

/// <summary>
/// Schedules and cancels durable deadlines inside a <see cref="StorageSession"/>, so a deadline
/// exists exactly when the case change that created it was committed.
/// </summary>
public sealed class DeadlineSchedule
{
    private readonly StorageSession _session;

    internal DeadlineSchedule(StorageSession session) => _session = session;

    /// <summary>
    /// Schedules <paramref name="kind"/> for <paramref name="subjectId"/> at <paramref name="dueAt"/>.
    /// Idempotent: scheduling the same kind, subject, instant and payload again returns the existing
    /// job (and revives it if it had been cancelled).
    /// </summary>
    /// <returns>The job id.</returns>
    public async Task<long> ScheduleAsync(DeadlineKind kind, string subjectId, Instant dueAt, string? payload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectId);
        var due = Instants.ToTicks(dueAt);
        var key = JobRow.Key(kind, subjectId, due, payload);
        await _session.ExecuteAsync("""
            INSERT INTO scheduled_jobs (job_key, kind, subject_id, due_at, available_at, state, attempts, created_at, payload)
            VALUES (@key, @kind, @subjectId, @due, @due, 'pending', 0, @now, @payload)
            ON CONFLICT (job_key) DO UPDATE SET state = 'pending', available_at = excluded.available_at, attempts = 0,
                claimed_by = NULL, claimed_until = NULL, last_error = NULL, payload = excluded.payload
            WHERE scheduled_jobs.state = 'cancelled'
            """,
            new { key, kind = kind.ToString(), subjectId, due, now = Instants.ToTicks(_session.Clock.GetCurrentInstant()), payload },
            cancellationToken).ConfigureAwait(false);
        return await _session.ExecuteScalarAsync<long>(
            "SELECT id FROM scheduled_jobs WHERE job_key = @key", new { key }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels the pending jobs of <paramref name="kind"/> for <paramref name="subjectId"/> (e.g. the
    /// acceptance deadline once the complaint is decided). Jobs already done are left alone.
    /// </summary>
    /// <returns>How many jobs were cancelled.</returns>
    public Task<int> CancelAsync(DeadlineKind kind, string subjectId, CancellationToken cancellationToken = default) =>
        _session.ExecuteAsync(
            "UPDATE scheduled_jobs SET state = 'cancelled' WHERE kind = @kind AND subject_id = @subjectId AND state IN ('pending', 'claimed')",
            new { kind = kind.ToString(), subjectId }, cancellationToken);

    /// <summary>Cancels the pending jobs of <paramref name="kind"/> for <paramref name="subjectId"/> carrying <paramref name="payload"/>.</summary>
    /// <returns>How many jobs were cancelled.</returns>
    public Task<int> CancelAsync(DeadlineKind kind, string subjectId, string payload, CancellationToken cancellationToken = default) =>
        _session.ExecuteAsync(
            "UPDATE scheduled_jobs SET state = 'cancelled' WHERE kind = @kind AND subject_id = @subjectId AND payload = @payload AND state IN ('pending', 'claimed')",
            new { kind = kind.ToString(), subjectId, payload }, cancellationToken);

    /// <summary>
    /// Cancels the pending jobs of <paramref name="kind"/> for <paramref name="subjectId"/> except the
    /// one due at <paramref name="keepDueAt"/> (all of them when null).
    /// </summary>
    public Task<int> CancelOthersAsync(DeadlineKind kind, string subjectId, Instant? keepDueAt, CancellationToken cancellationToken = default) =>
        keepDueAt is { } keep
            ? _session.ExecuteAsync(
                "UPDATE scheduled_jobs SET state = 'cancelled' WHERE kind = @kind AND subject_id = @subjectId AND due_at <> @keep AND state IN ('pending', 'claimed')",
                new { kind = kind.ToString(), subjectId, keep = Instants.ToTicks(keep) }, cancellationToken)
            : CancelAsync(kind, subjectId, cancellationToken);

    /// <summary>One job by id, or null.</summary>
    public async Task<DeadlineJob?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        var row = await _session.QuerySingleOrDefaultAsync<JobRow>(
            "SELECT " + JobRow.Columns + " FROM scheduled_jobs WHERE id = @id", new { id }, cancellationToken).ConfigureAwait(false);
        return row?.ToJob();
    }

    /// <summary>Every job of a subject, in due order.</summary>
    public async Task<IReadOnlyList<DeadlineJob>> ForSubjectAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        var rows = await _session.QueryAsync<JobRow>(
            "SELECT " + JobRow.Columns + " FROM scheduled_jobs WHERE subject_id = @subjectId ORDER BY due_at, id",
            new { subjectId }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToJob())];
    }
}
