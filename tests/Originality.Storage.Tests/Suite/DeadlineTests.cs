using System.Collections.Concurrent;
using NodaTime;
using Originality.Storage.Deadlines;

namespace Originality.Storage.Tests.Suite;

public abstract partial class StorageSuite
{
    private const string EffectsTable = "CREATE TABLE IF NOT EXISTS test_effects (job_id BIGINT NOT NULL, note TEXT NOT NULL)";

    /// <summary>
    /// A handler whose only effect is a row in test_effects, written through the job's session, plus
    /// an in-memory count of how often it was entered.
    /// </summary>
    private sealed class RecordingHandler(DeadlineKind kind, Func<DeadlineJob, int, Task>? before = null) : IDeadlineHandler
    {
        public ConcurrentDictionary<long, int> Calls { get; } = new();

        public DeadlineKind Kind => kind;

        public async Task HandleAsync(DeadlineJob job, StorageSession session, CancellationToken cancellationToken)
        {
            var call = Calls.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
            await session.ExecuteAsync("INSERT INTO test_effects (job_id, note) VALUES (@id, @note)", new { id = job.Id, note = job.SubjectId }, cancellationToken);
            if (before is not null)
            {
                await before(job, call);
            }
        }
    }

    private async Task<RecordingHandler> PrepareEffectsAsync(DeadlineKind kind = DeadlineKind.SanctionEnding, Func<DeadlineJob, int, Task>? behaviour = null)
    {
        await InSessionAsync(s => s.ExecuteAsync(EffectsTable, null, CancellationToken.None));
        return new RecordingHandler(kind, behaviour);
    }

    private Task<long> EffectCountAsync(long jobId) =>
        InSessionAsync(s => s.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM test_effects WHERE job_id = @jobId", new { jobId }, CancellationToken.None));

    private DeadlineWorker Worker(RecordingHandler handler, string id, TimeSpan? lease = null, OriginalityStore? store = null) =>
        new(store ?? Store, [handler], new DeadlineWorkerOptions { WorkerId = id, Lease = lease ?? TimeSpan.FromMinutes(5), RetryDelay = TimeSpan.FromSeconds(30) });

    private Task<long> ScheduleAsync(DeadlineKind kind, string subject, Instant due) =>
        InSessionAsync(s => s.Deadlines.ScheduleAsync(kind, subject, due));

    [Fact]
    public async Task A_due_deadline_runs_once_and_is_marked_done()
    {
        var handler = await PrepareEffectsAsync();
        var due = Start + Duration.FromHours(2);
        var id = await ScheduleAsync(DeadlineKind.SanctionEnding, "sanction-1", due);
        var worker = Worker(handler, "w1");
        Clock.Reset(due);

        var first = await worker.RunDueAsync();
        var second = await worker.RunDueAsync();

        Assert.Equal(1, first.Completed);
        Assert.Equal(0, second.Claimed);
        Assert.Equal(1, handler.Calls[id]);
        Assert.Equal(1, await EffectCountAsync(id));
        var job = await InSessionAsync(s => s.Deadlines.FindAsync(id));
        Assert.Equal(DeadlineState.Done, job!.State);
        Assert.Equal(due, job.CompletedAt);
    }

    [Fact]
    public async Task A_deadline_is_not_run_one_tick_before_its_instant()
    {
        var handler = await PrepareEffectsAsync();
        var due = Start + Duration.FromDays(3);
        var id = await ScheduleAsync(DeadlineKind.SanctionEnding, "sanction-2", due);
        var worker = Worker(handler, "w1");
        Clock.Reset(due - Duration.Epsilon * 100);

        var early = await worker.RunDueAsync();
        Clock.Reset(due);
        var onTime = await worker.RunDueAsync();

        Assert.Equal(0, early.Claimed);
        Assert.Equal(1, onTime.Completed);
        Assert.Equal(1, await EffectCountAsync(id));
    }

    [Fact]
    public async Task Scheduling_the_same_deadline_twice_keeps_one_job()
    {
        var due = Start + Duration.FromDays(1);

        var first = await ScheduleAsync(DeadlineKind.AppealWindowClosing, "complaint-1", due);
        var second = await ScheduleAsync(DeadlineKind.AppealWindowClosing, "complaint-1", due);

        Assert.Equal(first, second);
        Assert.Single(await InSessionAsync(s => s.Deadlines.ForSubjectAsync("complaint-1")));
    }

    [Fact]
    public async Task A_cancelled_deadline_never_runs()
    {
        var handler = await PrepareEffectsAsync(DeadlineKind.AppealWindowClosing);
        var due = Start + Duration.FromDays(1);
        var id = await ScheduleAsync(DeadlineKind.AppealWindowClosing, "complaint-2", due);

        var cancelled = await InSessionAsync(s => s.Deadlines.CancelAsync(DeadlineKind.AppealWindowClosing, "complaint-2"));
        Clock.Reset(due + Duration.FromDays(1));
        var run = await Worker(handler, "w1").RunDueAsync();

        Assert.Equal(1, cancelled);
        Assert.Equal(0, run.Claimed);
        Assert.Equal(0, await EffectCountAsync(id));
    }

    [Fact]
    public async Task A_worker_that_dies_after_claiming_loses_nothing_and_the_job_runs_exactly_once_after_its_lease()
    {
        var handler = await PrepareEffectsAsync();
        var due = Start + Duration.FromHours(1);
        var id = await ScheduleAsync(DeadlineKind.SanctionEnding, "sanction-3", due);
        var lease = TimeSpan.FromMinutes(5);
        var dying = Worker(handler, "dying", lease);
        var survivor = Worker(handler, "survivor", lease, OpenSecondProcess());
        Clock.Reset(due);

        var claimed = await dying.ClaimAsync(CancellationToken.None);
        // The process dies here: the claim is committed, the handler never ran.
        var whileLeased = await survivor.RunDueAsync();
        Clock.Advance(Duration.FromTimeSpan(lease));
        var afterLease = await survivor.RunDueAsync();
        // The dead worker comes back (a paused VM, not a dead one) and tries to finish what it claimed.
        var zombie = await dying.ExecuteAsync(Assert.Single(claimed), CancellationToken.None);

        Assert.Equal(0, whileLeased.Claimed);
        Assert.Equal(1, afterLease.Completed);
        Assert.Equal(DeadlineWorker.JobOutcome.LostLease, zombie);
        Assert.Equal(1, handler.Calls[id]);
        Assert.Equal(1, await EffectCountAsync(id));
        var job = await InSessionAsync(s => s.Deadlines.FindAsync(id));
        Assert.Equal(DeadlineState.Done, job!.State);
        Assert.Equal("survivor", job.ClaimedBy);
        Assert.Equal(2, job.Attempts);
    }

    [Fact]
    public async Task A_handler_that_fails_midway_leaves_no_effect_and_is_retried_after_the_retry_delay()
    {
        var handler = await PrepareEffectsAsync(behaviour: (_, call) =>
            call == 1 ? throw new InvalidOperationException("crash after writing") : Task.CompletedTask);
        var due = Start + Duration.FromHours(1);
        var id = await ScheduleAsync(DeadlineKind.SanctionEnding, "sanction-4", due);
        var worker = Worker(handler, "w1");
        Clock.Reset(due);

        var failed = await worker.RunDueAsync();
        var effectsAfterFailure = await EffectCountAsync(id);
        var beforeRetry = await worker.RunDueAsync();
        Clock.Advance(Duration.FromSeconds(30));
        var retried = await worker.RunDueAsync();

        Assert.Equal(1, failed.Failed);
        Assert.Equal(0, effectsAfterFailure);
        Assert.Equal(0, beforeRetry.Claimed);
        Assert.Equal(1, retried.Completed);
        Assert.Equal(1, await EffectCountAsync(id));
        var job = await InSessionAsync(s => s.Deadlines.FindAsync(id));
        Assert.Equal(DeadlineState.Done, job!.State);
        Assert.Null(job.LastError);
    }

    [Fact]
    public async Task A_job_that_keeps_failing_is_parked_after_the_maximum_attempts()
    {
        var handler = await PrepareEffectsAsync(behaviour: (_, _) => throw new InvalidOperationException("always"));
        var id = await ScheduleAsync(DeadlineKind.SanctionEnding, "sanction-5", Start);
        var worker = new DeadlineWorker(Store, [handler], new DeadlineWorkerOptions { WorkerId = "w1", MaxAttempts = 2, RetryDelay = TimeSpan.Zero });

        await worker.RunDueAsync();
        await worker.RunDueAsync();
        var third = await worker.RunDueAsync();

        Assert.Equal(0, third.Claimed);
        var job = await InSessionAsync(s => s.Deadlines.FindAsync(id));
        Assert.Equal(DeadlineState.Failed, job!.State);
        Assert.Contains("always", job.LastError);
        Assert.Equal(0, await EffectCountAsync(id));
    }

    [Fact]
    public async Task Two_workers_racing_over_many_due_jobs_run_each_exactly_once()
    {
        var handler = await PrepareEffectsAsync();
        const int jobs = 40;
        var ids = new List<long>();
        for (var i = 0; i < jobs; i++)
        {
            ids.Add(await ScheduleAsync(DeadlineKind.SanctionEnding, "race-" + i, Start + Duration.FromSeconds(i)));
        }
        Clock.Reset(Start + Duration.FromHours(1));
        var workers = new[]
        {
            new DeadlineWorker(Store, [handler], new DeadlineWorkerOptions { WorkerId = "a", BatchSize = 3 }),
            new DeadlineWorker(OpenSecondProcess(), [handler], new DeadlineWorkerOptions { WorkerId = "b", BatchSize = 3 }),
        };

        var completed = await Task.WhenAll(workers.Select(w => Task.Run(async () =>
        {
            var total = 0;
            while (true)
            {
                var result = await w.RunDueAsync();
                total += result.Completed;
                if (result.Claimed == 0)
                {
                    return total;
                }
            }
        })));

        Assert.Equal(jobs, completed.Sum());
        Assert.All(ids, id => Assert.Equal(1, handler.Calls[id]));
        var effects = await InSessionAsync(s => s.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM test_effects", null, CancellationToken.None));
        Assert.Equal(jobs, effects);
    }

    [Fact]
    public async Task The_polling_loop_runs_a_due_job_and_stops_when_cancelled()
    {
        var ran = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = await PrepareEffectsAsync(behaviour: (job, _) =>
        {
            ran.TrySetResult(job.Id);
            return Task.CompletedTask;
        });
        var id = await ScheduleAsync(DeadlineKind.SanctionEnding, "loop-1", Start);
        var worker = new DeadlineWorker(Store, [handler], new DeadlineWorkerOptions { WorkerId = "loop", PollInterval = TimeSpan.FromMilliseconds(50) });
        using var stop = new CancellationTokenSource();

        var loop = worker.RunAsync(stop.Token);
        var ranId = await ran.Task.WaitAsync(TimeSpan.FromMinutes(1));
        // The handler ran inside the job's transaction; wait for that transaction to commit.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while ((await InSessionAsync(s => s.Deadlines.FindAsync(id)))!.State != DeadlineState.Done && !patience.IsCancellationRequested)
        {
            await Task.Delay(10);
        }
        stop.Cancel();
        await loop;

        Assert.Equal(id, ranId);
        Assert.Equal(1, await EffectCountAsync(id));
    }

    [Fact]
    public async Task A_worker_stopped_mid_batch_hands_its_unfinished_jobs_back_at_once()
    {
        using var stop = new CancellationTokenSource();
        var handler = await PrepareEffectsAsync(behaviour: (_, _) =>
        {
            stop.Cancel();
            return Task.CompletedTask;
        });
        var first = await ScheduleAsync(DeadlineKind.SanctionEnding, "stop-1", Start);
        var second = await ScheduleAsync(DeadlineKind.SanctionEnding, "stop-2", Start + Duration.FromSeconds(1));
        Clock.Reset(Start + Duration.FromMinutes(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Worker(handler, "stopping").RunDueAsync(stop.Token));
        var next = await Worker(handler, "next").RunDueAsync();

        Assert.Equal(2, next.Completed);
        Assert.Equal(1, await EffectCountAsync(first));
        Assert.Equal(1, await EffectCountAsync(second));
    }
}
