using Microsoft.Extensions.Options;
using Originality.Server.Hosting;

namespace Originality.Server.Tests.Hostile;

/// <summary>The admission of filing's CPU work: never more pictures at once than configured.</summary>
public sealed class IntakeCpuTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task No_more_than_the_configured_number_of_pictures_are_worked_on_at_once(int concurrency)
    {
        using var cpu = new IntakeCpu(Options.Create(new IntakeOptions { Concurrency = concurrency }));
        var running = 0;
        var most = 0;

        var work = Enumerable.Range(0, 12).Select(i => Task.Run(() => cpu.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            // Each one holds its slot until as many as allowed are running (or a while has passed):
            // the most seen is then the limit exactly, unless the gate lets more in.
            SpinWait.SpinUntil(() => Volatile.Read(ref running) >= concurrency, TimeSpan.FromSeconds(5));
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return i;
        }, CancellationToken.None))).ToArray();
        var results = await Task.WhenAll(work);

        Assert.Equal(Enumerable.Range(0, 12), results);
        Assert.Equal(concurrency, most);
    }

    [Fact]
    public async Task A_waiting_picture_whose_request_is_cancelled_does_not_run_and_gives_back_nothing_it_did_not_take()
    {
        using var cpu = new IntakeCpu(Options.Create(new IntakeOptions { Concurrency = 1 }));
        using var hold = new ManualResetEventSlim();
        var holder = Task.Run(() => cpu.RunAsync(() => hold.Wait(TimeSpan.FromSeconds(10)), CancellationToken.None));
        while (!holder.IsCompleted && !await StartedAsync(cpu))
        {
        }
        using var cancelled = new CancellationTokenSource();
        var ran = false;
        var waiting = cpu.RunAsync(() => ran = true, cancelled.Token);
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        hold.Set();
        Assert.True(await holder);
        Assert.False(ran);
        // The slot is free again: the next picture runs.
        Assert.Equal(7, await cpu.RunAsync(() => 7, CancellationToken.None));
    }

    // True once the one slot is taken (a probe that cannot get it within a moment).
    private static async Task<bool> StartedAsync(IntakeCpu cpu)
    {
        using var probe = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        try
        {
            await cpu.RunAsync(() => 0, probe.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var now && now != seen)
        {
            seen = now;
        }
    }
}
