using NodaTime;
using Originality.Domain.Time;

namespace Originality.Domain.Violations;

/// <summary>Where a picture violation stands at a given instant.</summary>
public enum ViolationState
{
    /// <summary>The penalty has not taken effect yet (recorded ahead of time).</summary>
    Pending = 1,

    /// <summary>The penalty is in force.</summary>
    Penalized = 2,

    /// <summary>The penalty lifted by itself after the configured days (V-9).</summary>
    LiftedAutomatically = 3,

    /// <summary>An approved recovery application revoked the penalty and restored the product (V-8).</summary>
    Revoked = 4,
}

/// <summary>
/// A picture violation recorded against one product of one member, with its penalty (V-1, V-2)
/// and its automatic lift (V-9).
/// </summary>
/// <remarks>
/// The automatic lift is not a stored transition but a consequence of time: <see cref="StateAt"/>
/// derives it from <see cref="LiftsAt"/>, so no background job has to run for it to be true.
/// [002] calls waiting for it and applying "not mutually exclusive" (二者非互斥,可并行准备), so a
/// pending application does not stop the lift; an approval before it revokes the penalty earlier.
/// Not thread-safe: load, change and save it in one unit of work.
/// </remarks>
public sealed class PictureViolation : IAudited
{
    private readonly List<AuditEntry> _pending = [];

    private PictureViolation(
        ViolationId id, MemberId memberId, ProductId productId, PictureViolationType type,
        ViolationPenalty penalty, Instant penalizedAt, Instant liftsAt)
    {
        Id = id;
        MemberId = memberId;
        ProductId = productId;
        Type = type;
        Penalty = penalty;
        PenalizedAt = penalizedAt;
        LiftsAt = liftsAt;
    }

    /// <summary>The violation id shown to the seller.</summary>
    public ViolationId Id { get; }

    /// <summary>The penalized member (seller account).</summary>
    public MemberId MemberId { get; }

    /// <summary>The product the violation was recorded against.</summary>
    public ProductId ProductId { get; }

    /// <summary>Which of the six violation types (V-1).</summary>
    public PictureViolationType Type { get; }

    /// <summary>What the penalty did (V-2).</summary>
    public ViolationPenalty Penalty { get; }

    /// <summary>When the penalty took effect.</summary>
    public Instant PenalizedAt { get; }

    /// <summary>
    /// When the penalty lifts by itself: 24:00 Beijing time of the configured N-th calendar day
    /// (15–30) after the day the penalty took effect (V-9).
    /// </summary>
    public Instant LiftsAt { get; }

    /// <summary>When an approved application revoked the penalty, if it did.</summary>
    public Instant? RevokedAt { get; private set; }

    /// <summary>The application whose approval revoked the penalty, if any.</summary>
    public RecoveryApplicationId? RevokedBy { get; private set; }

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> PendingAudit => _pending;

    /// <inheritdoc/>
    public void ClearPendingAudit() => _pending.Clear();

    /// <summary>Records a violation whose penalty takes effect at <paramref name="penalizedAt"/>.</summary>
    public static PictureViolation Record(
        ViolationId id, MemberId memberId, ProductId productId, PictureViolationType type,
        ViolationPenalty penalty, Instant penalizedAt, ViolationPolicy policy, Actor by)
    {
        ArgumentNullException.ThrowIfNull(penalty);
        ArgumentNullException.ThrowIfNull(policy);
        if (productId.Value is null)
        {
            throw new ArgumentException("The product id must be a created value, not default.", nameof(productId));
        }
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown picture violation type.");
        }
        policy.Validate();
        var violation = new PictureViolation(id, memberId, productId, type, penalty, penalizedAt,
            CalendarDays.EndOfNthDayAfter(penalizedAt, policy.AutomaticLiftDays));
        violation._pending.Add(new AuditEntry(penalizedAt, by, "picture-violation", id.ToString(), "violation.penalized", "V-1",
            Data: FormattableString.Invariant($"type={type};product={productId};removed={penalty.ProductRemoved};demoted={penalty.SearchDemoted};points={penalty.Points}")));
        return violation;
    }

    /// <summary>Rebuilds a stored violation exactly as it was saved (no audit entry).</summary>
    public static PictureViolation Restore(
        ViolationId id, MemberId memberId, ProductId productId, PictureViolationType type,
        ViolationPenalty penalty, Instant penalizedAt, Instant liftsAt,
        Instant? revokedAt, RecoveryApplicationId? revokedBy)
    {
        ArgumentNullException.ThrowIfNull(penalty);
        return new(id, memberId, productId, type, penalty, penalizedAt, liftsAt)
        {
            RevokedAt = revokedAt,
            RevokedBy = revokedBy,
        };
    }

    /// <summary>
    /// The first instant too late to apply for recovery: 24:00 Beijing time of the 7th calendar
    /// day after the day the penalty took effect (V-2; see docs/violations.md).
    /// </summary>
    public Instant RecoveryDeadline(ViolationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return CalendarDays.EndOfNthDayAfter(PenalizedAt, policy.RecoveryWindowDays);
    }

    /// <summary>Where the violation stands at <paramref name="now"/>.</summary>
    public ViolationState StateAt(Instant now)
    {
        if (RevokedAt is { } revoked && revoked <= now)
        {
            return ViolationState.Revoked;
        }
        if (now < PenalizedAt)
        {
            return ViolationState.Pending;
        }
        return now >= LiftsAt ? ViolationState.LiftedAutomatically : ViolationState.Penalized;
    }

    /// <summary>True while the penalty does something and is in force (neither lifted nor revoked).</summary>
    public bool IsPenaltyInForceAt(Instant now) =>
        Penalty.IsEffective && StateAt(now) == ViolationState.Penalized;

    /// <summary>True when the product is on the shelves at <paramref name="now"/> (never removed, lifted or restored).</summary>
    public bool IsProductListedAt(Instant now) =>
        !Penalty.ProductRemoved || StateAt(now) != ViolationState.Penalized;

    // Only an approved application revokes (V-8), so this is internal to the domain.
    internal void Revoke(RecoveryApplicationId application, Actor reviewer, Instant at)
    {
        RevokedAt = at;
        RevokedBy = application;
        _pending.Add(new AuditEntry(at, reviewer, "picture-violation", Id.ToString(), "violation.revoked", "V-8",
            Data: FormattableString.Invariant($"application={application};points-returned={Penalty.Points}")));
    }
}

/// <summary>Calendar-day deadlines in Beijing time, the convention of RULES.md applied to calendar days.</summary>
internal static class CalendarDays
{
    /// <summary>24:00 Beijing time of the <paramref name="days"/>-th calendar day after the Beijing day of <paramref name="eventAt"/>.</summary>
    public static Instant EndOfNthDayAfter(Instant eventAt, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return BeijingTime.EndOf(BeijingTime.DateOf(eventAt).PlusDays(days));
    }
}
