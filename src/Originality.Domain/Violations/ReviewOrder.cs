using NodaTime;
using Originality.Domain.Time;

namespace Originality.Domain.Violations;

/// <summary>An application waiting for review together with what the queue orders it by (V-8).</summary>
/// <param name="Application">The application (status <see cref="RecoveryStatus.AwaitingReview"/>).</param>
/// <param name="StoreLevel">The applying store's level.</param>
/// <param name="Category">The category of the product.</param>
/// <param name="History">The store's 90-day violation history.</param>
public sealed record ReviewCandidate(
    RecoveryApplication Application, StoreLevel StoreLevel, Category Category, ViolationHistory History);

/// <summary>One line of the reviewers' queue.</summary>
/// <param name="Application">The application.</param>
/// <param name="ReviewDueAt">24:00 Beijing time of the configured last working day of review (V-8: 3–7 working days).</param>
/// <param name="StoreLevel">The store's level.</param>
/// <param name="PriorityStore">True for Lv.4 and above (reviewed first, V-8).</param>
/// <param name="Category">The product's category.</param>
/// <param name="StrictReview">True for high-theft categories (apparel, beauty): check more strictly (V-8).</param>
/// <param name="History">The store's 90-day history; <see cref="ViolationHistory.IsHighRisk"/> is the high-risk mark.</param>
public sealed record ReviewQueueEntry(
    RecoveryApplication Application,
    Instant ReviewDueAt,
    StoreLevel StoreLevel,
    bool PriorityStore,
    Category Category,
    bool StrictReview,
    ViolationHistory History);

/// <summary>Orders applications for review (V-8).</summary>
public static class ReviewOrder
{
    /// <summary>
    /// When review of <paramref name="application"/> is due: <see cref="ViolationPolicy.ReviewWorkingDays"/>
    /// working days after it entered the queue (filing, or release from risk control), by the
    /// operator's calendar. Null when it is not waiting for review.
    /// </summary>
    public static Instant? ReviewDueAt(RecoveryApplication application, WorkingDayCalendar calendar, ViolationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(policy);
        if (application.Status != RecoveryStatus.AwaitingReview)
        {
            return null;
        }
        var queuedAt = application.History.Last(e => e.Status == RecoveryStatus.AwaitingReview).At;
        return calendar.AddWorkingDays(queuedAt, policy.ReviewWorkingDays);
    }

    /// <summary>
    /// The queue: only applications awaiting review, ordered by the Beijing day their review is
    /// due, then Lv.4+ stores before Lv.3 before Lv.1–2, then high-theft categories first, then
    /// filing time.
    /// </summary>
    /// <remarks>
    /// Ordering by the due <em>day</em> rather than the exact instant is deliberate: deadlines all
    /// fall at 24:00, so within a day the store level and category decide, which is the V-8
    /// preference; across days, an earlier deadline always comes first so that no application
    /// runs late because of a higher-level store.
    /// </remarks>
    public static IReadOnlyList<ReviewQueueEntry> Order(
        IEnumerable<ReviewCandidate> candidates, WorkingDayCalendar calendar, ViolationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(policy);
        return candidates
            .Where(c => c.Application.Status == RecoveryStatus.AwaitingReview)
            .Select(c => new ReviewQueueEntry(
                c.Application,
                ReviewDueAt(c.Application, calendar, policy)!.Value,
                c.StoreLevel,
                c.StoreLevel >= policy.PriorityStoreLevel,
                c.Category,
                policy.IsHighRiskCategory(c.Category),
                c.History))
            .OrderBy(e => BeijingTime.DateOf(e.ReviewDueAt))
            .ThenBy(e => LevelTier(e.StoreLevel, policy))
            .ThenBy(e => e.StrictReview ? 0 : 1)
            .ThenBy(e => e.Application.FiledAt)
            .ThenBy(e => e.Application.Id.Value)
            .ToList();
    }

    // Lv.4+ first, Lv.1–2 last ([002] "Lv.1–Lv.2新店…优先级低于Lv.4以上店铺"); Lv.3 sits between.
    private static int LevelTier(StoreLevel level, ViolationPolicy policy) =>
        level >= policy.PriorityStoreLevel ? 0 : level >= StoreLevel.Lv3 ? 1 : 2;
}
