using NodaTime;

namespace Originality.Domain.Violations;

/// <summary>
/// A store's picture violations of the last <see cref="ViolationPolicy.HistoryDays"/> days, as a
/// reviewer sees them next to an application, and the high-risk mark (V-8).
/// </summary>
/// <param name="From">Start of the window (inclusive).</param>
/// <param name="To">End of the window (the instant it was computed for, inclusive).</param>
/// <param name="Violations">The violations in the window, newest first.</param>
/// <param name="CountByType">How many of each type (types with none are absent).</param>
/// <param name="HighRiskTypes">Types with more than <see cref="ViolationPolicy.HighRiskViolationsOfOneType"/> violations.</param>
public sealed record ViolationHistory(
    Instant From,
    Instant To,
    IReadOnlyList<PictureViolation> Violations,
    IReadOnlyDictionary<PictureViolationType, int> CountByType,
    IReadOnlyList<PictureViolationType> HighRiskTypes)
{
    /// <summary>True when some type occurred more than the configured number of times: the store is marked high-risk.</summary>
    public bool IsHighRisk => HighRiskTypes.Count > 0;

    /// <summary>
    /// Builds the history at <paramref name="now"/> from the store's violations (any order, any age).
    /// </summary>
    /// <remarks>
    /// A violation counts when its penalty took effect in (now − N days, now]. One revoked by an
    /// approved application does not count: the approval says the store did nothing wrong. One
    /// that lifted by itself still counts, since the lift is only the passing of time.
    /// </remarks>
    public static ViolationHistory Of(IEnumerable<PictureViolation> storeViolations, Instant now, ViolationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(storeViolations);
        ArgumentNullException.ThrowIfNull(policy);
        var from = now - Duration.FromDays(policy.HistoryDays);
        var inWindow = storeViolations
            .Where(v => v.PenalizedAt > from && v.PenalizedAt <= now && v.StateAt(now) != ViolationState.Revoked)
            .OrderByDescending(v => v.PenalizedAt)
            .ToList();
        var counts = inWindow.GroupBy(v => v.Type).ToDictionary(g => g.Key, g => g.Count());
        var highRisk = counts.Where(c => c.Value > policy.HighRiskViolationsOfOneType).Select(c => c.Key).Order().ToList();
        return new ViolationHistory(from, now, inWindow, counts, highRisk);
    }
}
