using NodaTime;

namespace Originality.Storage.Deadlines;

/// <summary>A durable deadline as stored.</summary>
/// <param name="Id">Database id; also the idempotency key handlers may use.</param>
/// <param name="Kind">What happens when it falls due.</param>
/// <param name="SubjectId">The complaint, appeal, sanction, member … it concerns.</param>
/// <param name="DueAt">The instant of the deadline itself; the job never runs before it.</param>
/// <param name="State">Where it is in its life.</param>
/// <param name="Attempts">How many times a worker has claimed it.</param>
/// <param name="ClaimedBy">The worker holding (or last holding) the lease.</param>
/// <param name="ClaimedUntil">When that lease runs out.</param>
/// <param name="CompletedAt">When it was done (the worker clock's instant).</param>
/// <param name="LastError">The last handler failure, if any.</param>
/// <param name="Payload">Optional data the scheduler attached (JSON).</param>
public sealed record DeadlineJob(
    long Id,
    DeadlineKind Kind,
    string SubjectId,
    Instant DueAt,
    DeadlineState State,
    int Attempts,
    string? ClaimedBy,
    Instant? ClaimedUntil,
    Instant? CompletedAt,
    string? LastError,
    string? Payload);
