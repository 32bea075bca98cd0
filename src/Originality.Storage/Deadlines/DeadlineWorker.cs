using System.Globalization;
using NodaTime;
using Originality.Storage.Sql;

namespace Originality.Storage.Deadlines;

/// <summary>What one poll of the worker did.</summary>
/// <param name="Claimed">Jobs claimed.</param>
/// <param name="Completed">Jobs whose handler ran and committed.</param>
/// <param name="Failed">Jobs whose handler threw (retried later, or parked after too many attempts).</param>
/// <param name="LostLease">Jobs another worker had taken over before this one could run them.</param>
public readonly record struct DeadlinePollResult(int Claimed, int Completed, int Failed, int LostLease);

/// <summary>
/// Runs durable deadlines when they fall due, exactly once in effect, on any number of
/// processes.
/// </summary>
/// <remarks>
/// <para>A poll claims due jobs in a short transaction (a lease: <c>claimed_by</c>,
/// <c>claimed_until</c>; <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL, the single write lock on
/// SQLite). Each job then runs in its own transaction that first locks the job row and checks
/// the lease is still this worker's, runs the handler on the same session and marks the job
/// done before committing: the handler's writes and "done" are one atomic commit.</para>
/// <para>A process killed after claiming leaves a lease that expires; another worker then claims
/// the job and runs it. A process killed inside the handler's transaction commits nothing. A
/// worker whose lease ran out and was taken over finds the row no longer its own and stops.
/// Jobs are claimed only when <c>due_at</c> has passed on the injected clock, so they are never
/// early; polling every <see cref="DeadlineWorkerOptions.PollInterval"/> (sooner when the next job
/// is nearer) keeps them from being late by more than that.</para>
/// <para>Thread-safe: <see cref="RunAsync"/> is one loop; run one worker per process.</para>
/// </remarks>
public sealed class DeadlineWorker
{
    private readonly OriginalityStore _store;
    private readonly Dictionary<DeadlineKind, IDeadlineHandler> _handlers;
    private readonly string[] _kinds;
    private readonly string _kindList;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a worker over <paramref name="store"/> using its clock.</summary>
    /// <param name="store">The store holding the jobs.</param>
    /// <param name="handlers">One handler per kind this worker runs; other kinds are left to other workers.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="timeProvider">Drives the waits between polls (not the due check, which uses the store's clock).</param>
    public DeadlineWorker(OriginalityStore store, IEnumerable<IDeadlineHandler> handlers, DeadlineWorkerOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(handlers);
        _store = store;
        Options = options ?? new DeadlineWorkerOptions();
        Options.Validate();
        _handlers = handlers.ToDictionary(h => h.Kind);
        _kinds = [.. _handlers.Keys.Select(k => k.ToString())];
        // Enum names from code, not input: safe to inline, and it keeps the SQL identical on both engines.
        _kindList = string.Join(", ", _kinds.Select(k => "'" + k + "'"));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The worker's settings.</summary>
    public DeadlineWorkerOptions Options { get; }

    /// <summary>Called with any error of a poll itself (database unreachable …); the loop carries on.</summary>
    public event Action<Exception>? PollFailed;

    /// <summary>Polls until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                var result = await RunDueAsync(cancellationToken).ConfigureAwait(false);
                delay = result.Claimed >= Options.BatchSize ? TimeSpan.Zero : await NextDelayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive a database outage; the error is reported.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PollFailed?.Invoke(ex);
                delay = Options.PollInterval;
            }
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One poll: claims the jobs due now and runs each.</summary>
    public async Task<DeadlinePollResult> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var claimed = await ClaimAsync(cancellationToken).ConfigureAwait(false);
        int completed = 0, failed = 0, lost = 0;
        var finished = new List<long>();
        try
        {
            foreach (var job in claimed)
            {
                switch (await ExecuteAsync(job, cancellationToken).ConfigureAwait(false))
                {
                    case JobOutcome.Completed: completed++; break;
                    case JobOutcome.Failed: failed++; break;
                    default: lost++; break;
                }
                finished.Add(job.Id);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the unfinished claims back so another worker (or this one after a
            // restart) runs them now rather than after the lease. A crash skips this; the lease covers it.
            await ReleaseAsync(claimed.Select(j => j.Id).Except(finished), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return new DeadlinePollResult(claimed.Count, completed, failed, lost);
    }

    /// <summary>Claims up to a batch of due jobs under this worker's lease (committed at once).</summary>
    internal async Task<IReadOnlyList<DeadlineJob>> ClaimAsync(CancellationToken cancellationToken)
    {
        if (_kinds.Length == 0)
        {
            return [];
        }
        var now = _store.Clock.GetCurrentInstant();
        var session = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // A pending job is due when available_at (its due instant, or a later retry instant) has
            // passed; a claimed one is up for grabs again when its holder's lease has run out.
            var rows = await session.QueryAsync<JobRow>($"""
                UPDATE scheduled_jobs
                SET state = 'claimed', claimed_by = @worker, claimed_until = @until, attempts = attempts + 1
                WHERE id IN (
                    SELECT id FROM scheduled_jobs
                    WHERE kind IN ({_kindList})
                      AND ((state = 'pending' AND available_at <= @now) OR (state = 'claimed' AND claimed_until <= @now))
                    ORDER BY available_at, id
                    LIMIT @batch{session.Dialect.ForUpdateSkipLocked})
                RETURNING {JobRow.Columns}
                """,
                new
                {
                    worker = Options.WorkerId,
                    until = Instants.ToTicks(now + Options.LeaseDuration),
                    now = Instants.ToTicks(now),
                    batch = Options.BatchSize,
                }, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(r => r.ToJob()).OrderBy(j => j.DueAt).ThenBy(j => j.Id)];
        }
    }

    /// <summary>Runs one claimed job: lease check, handler and completion in one transaction.</summary>
    internal async Task<JobOutcome> ExecuteAsync(DeadlineJob job, CancellationToken cancellationToken)
    {
        var handler = _handlers[job.Kind];
        var session = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // Locking the row here is what makes the lease safe on PostgreSQL: while this
            // transaction lives, another worker's claim skips the row even if the lease expires.
            var current = await session.QuerySingleOrDefaultAsync<JobRow>(
                $"SELECT {JobRow.Columns} FROM scheduled_jobs WHERE id = @id{session.Dialect.ForUpdate}",
                new { id = job.Id }, cancellationToken).ConfigureAwait(false);
            if (current is null || current.State != "claimed" || current.ClaimedBy != Options.WorkerId)
            {
                return JobOutcome.LostLease;
            }
            if (current.Attempts > Options.MaxAttempts)
            {
                // Claimed too often without finishing: the job probably kills its worker.
                await session.ExecuteAsync(
                    "UPDATE scheduled_jobs SET state = 'failed', claimed_until = NULL, last_error = @error WHERE id = @id",
                    new { id = job.Id, error = "gave up after " + current.Attempts.ToString(CultureInfo.InvariantCulture) + " claims without completion" },
                    cancellationToken).ConfigureAwait(false);
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                return JobOutcome.Failed;
            }
            var running = current.ToJob();
            try
            {
                await handler.HandleAsync(running, session, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A failing handler must not stop the other jobs; its error is stored on the job.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                await session.RollbackAsync(cancellationToken).ConfigureAwait(false);
                await RecordFailureAsync(running, ex, cancellationToken).ConfigureAwait(false);
                return JobOutcome.Failed;
            }
            await session.ExecuteAsync(
                "UPDATE scheduled_jobs SET state = 'done', completed_at = @now, claimed_until = NULL, last_error = NULL WHERE id = @id AND claimed_by = @worker",
                new { id = job.Id, worker = Options.WorkerId, now = Instants.ToTicks(_store.Clock.GetCurrentInstant()) },
                cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return JobOutcome.Completed;
        }
    }

    private async Task ReleaseAsync(IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        if (list.Count == 0)
        {
            return;
        }
        var session = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var id in list)
            {
                await session.ExecuteAsync(
                    "UPDATE scheduled_jobs SET state = 'pending', claimed_by = NULL, claimed_until = NULL WHERE id = @id AND state = 'claimed' AND claimed_by = @worker",
                    new { id, worker = Options.WorkerId }, cancellationToken).ConfigureAwait(false);
            }
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordFailureAsync(DeadlineJob job, Exception error, CancellationToken cancellationToken)
    {
        var now = _store.Clock.GetCurrentInstant();
        var session = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.ExecuteAsync("""
                UPDATE scheduled_jobs
                SET state = CASE WHEN attempts >= @max THEN 'failed' ELSE 'pending' END,
                    available_at = @retryAt, claimed_by = NULL, claimed_until = NULL, last_error = @error
                WHERE id = @id AND state = 'claimed' AND claimed_by = @worker
                """,
                new
                {
                    id = job.Id,
                    worker = Options.WorkerId,
                    max = Options.MaxAttempts,
                    retryAt = Instants.ToTicks(now + Duration.FromTimeSpan(Options.RetryDelay)),
                    error = error.GetType().Name + ": " + error.Message,
                }, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TimeSpan> NextDelayAsync(CancellationToken cancellationToken)
    {
        var session = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var next = await session.ExecuteScalarAsync<long?>(
                "SELECT MIN(available_at) FROM scheduled_jobs WHERE state = 'pending' AND kind IN (" + _kindList + ")",
                null, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return Options.PollInterval;
            }
            var untilNext = (Instants.FromTicks(next.Value) - _store.Clock.GetCurrentInstant()).ToTimeSpan();
            // A job that is due but was not claimed is held by another worker: look again soon,
            // without spinning.
            var floor = TimeSpan.FromMilliseconds(Math.Min(100, Options.PollInterval.TotalMilliseconds));
            return untilNext < floor ? floor : untilNext < Options.PollInterval ? untilNext : Options.PollInterval;
        }
    }

    internal enum JobOutcome
    {
        Completed,
        Failed,
        LostLease,
    }
}
