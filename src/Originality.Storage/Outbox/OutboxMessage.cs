using NodaTime;

namespace Originality.Storage.Outbox;

/// <summary>An event waiting in (or delivered from) the transactional outbox.</summary>
/// <param name="Sequence">Position in the outbox; events are handed out in this order.</param>
/// <param name="EventId">Unique id; consumers use it to drop duplicates (delivery is at least once).</param>
/// <param name="Topic">What happened, as a stable code (e.g. <c>complaint.accepted</c>).</param>
/// <param name="SubjectId">The thing it happened to, if any.</param>
/// <param name="Payload">The event body (JSON).</param>
/// <param name="CreatedAt">When the change that raised it was made.</param>
/// <param name="Attempts">How many times it has been claimed for delivery.</param>
public sealed record OutboxMessage(long Sequence, Guid EventId, string Topic, string? SubjectId, string Payload, Instant CreatedAt, int Attempts);
