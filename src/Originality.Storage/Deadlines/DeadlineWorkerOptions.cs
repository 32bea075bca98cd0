using System.Globalization;
using NodaTime;

namespace Originality.Storage.Deadlines;

/// <summary>
/// Settings of a <see cref="DeadlineWorker"/>, bound from <c>Storage:Deadlines</c>
/// (<c>PollInterval</c>, <c>Lease</c>, <c>BatchSize</c>, <c>MaxAttempts</c>, <c>RetryDelay</c>).
/// </summary>
public sealed class DeadlineWorkerOptions
{
    /// <summary>
    /// How often the worker looks for due jobs; a job runs at most this long after its instant
    /// (plus the time the jobs ahead of it take).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claim keeps other workers away; after it, a dead worker's job is taken over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many due jobs one poll claims.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>After this many claims a job that keeps failing is parked as <see cref="DeadlineState.Failed"/>.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait before a failed job is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This worker's name in <c>claimed_by</c>; unique per process by default.</summary>
    public string WorkerId { get; set; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    internal Duration LeaseDuration => Duration.FromTimeSpan(Lease);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAttempts);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(WorkerId);
    }
}
