using NodaTime;

namespace Originality.Domain.Violations;

/// <summary>One line of a member's application records (V-10): progress and result, nothing internal.</summary>
/// <param name="ApplicationId">The application.</param>
/// <param name="ViolationId">The violation applied for.</param>
/// <param name="ProductId">The product applied for.</param>
/// <param name="Status">Current status.</param>
/// <param name="FiledAt">When it was filed.</param>
/// <param name="DecidedAt">When it was decided, or null.</param>
/// <param name="RejectionReasons">Why it was rejected (empty otherwise).</param>
/// <param name="Progress">Every step with what the seller is told, oldest first.</param>
public sealed record ApplicationRecord(
    RecoveryApplicationId ApplicationId,
    ViolationId ViolationId,
    ProductId ProductId,
    RecoveryStatus Status,
    Instant FiledAt,
    Instant? DecidedAt,
    IReadOnlyList<string> RejectionReasons,
    IReadOnlyList<ApplicationEvent> Progress);

/// <summary>Builds the member's application records (V-10).</summary>
public static class ApplicationRecords
{
    /// <summary>
    /// The records of <paramref name="member"/>, newest first. Applications of other members are
    /// left out, so a host may pass a wider list without leaking them. Reviewer identities and the
    /// IP address are internal and not part of a record.
    /// </summary>
    public static IReadOnlyList<ApplicationRecord> For(MemberId member, IEnumerable<RecoveryApplication> applications)
    {
        ArgumentNullException.ThrowIfNull(applications);
        return applications
            .Where(a => a.MemberId == member)
            .OrderByDescending(a => a.FiledAt)
            .ThenByDescending(a => a.Id.Value)
            .Select(a => new ApplicationRecord(
                a.Id, a.ViolationId, a.ProductId, a.Status, a.FiledAt, a.State.DecidedAt,
                a.State.RejectionReasons, a.History))
            .ToList();
    }
}
