using NodaTime;

namespace Originality.Domain.Penalties;

/// <summary>How serious an established stolen-picture complaint is (chosen by the reviewer).</summary>
public enum OffenceSeverity
{
    /// <summary>An ordinary stolen picture.</summary>
    Ordinary = 1,
    /// <summary>P-5: a serious case (P-001: 6 points).</summary>
    Serious = 2,
    /// <summary>P-5: a particularly serious case (P-001: 12 points).</summary>
    VerySerious = 3,
    /// <summary>P-6: theft of brand pictures (P-001: at least 6 points, no first-offence leniency).</summary>
    BrandTheft = 4,
    /// <summary>P-6: theft of brand pictures with the store closed directly (P-001).</summary>
    BrandTheftClosure = 5,
}

/// <summary>What a sanction does to the store.</summary>
public enum SanctionKind
{
    /// <summary>A warning only.</summary>
    Warning = 1,
    /// <summary>No new products may be published.</summary>
    PublishingRestricted = 2,
    /// <summary>The store is frozen.</summary>
    Frozen = 3,
    /// <summary>The store is closed (no end).</summary>
    Closed = 4,
}

/// <summary>
/// P-3: one row of the sanction table — from <paramref name="MinPoints"/> points of the current
/// year, <paramref name="Kind"/> for <paramref name="Duration"/> (a Beijing calendar period; null for
/// a warning or a closure).
/// </summary>
public sealed record SanctionTier(int MinPoints, SanctionKind Kind, Period? Duration);

/// <summary>
/// A penalty policy as data, with an id and a version (P-003, P-001). A penalty records the policy
/// id and version it was decided under and is never recomputed when the policy changes.
/// </summary>
/// <param name="Id">Policy id, e.g. <c>P-003</c>.</param>
/// <param name="Version">Version of this policy's data; bump it when any value changes.</param>
/// <param name="FirstOffenceWindow">P-1: established complaints within this duration after the first count as the first; null for none.</param>
/// <param name="SameDayDeductsOnce">P-2: several established on the same Beijing day deduct once.</param>
/// <param name="OrdinaryPoints">Points for an ordinary repeat offence (P-2: 6; P-5: 2).</param>
/// <param name="SeriousPoints">Points for <see cref="OffenceSeverity.Serious"/>.</param>
/// <param name="VerySeriousPoints">Points for <see cref="OffenceSeverity.VerySerious"/>.</param>
/// <param name="BrandTheftPoints">P-6: points for brand theft (also never a first offence); null when the policy does not distinguish brand theft.</param>
/// <param name="Tiers">P-3: sanction table, ascending by <see cref="SanctionTier.MinPoints"/>, starting at 0 with a warning.</param>
public sealed record PenaltyPolicy(
    string Id,
    int Version,
    Duration? FirstOffenceWindow,
    bool SameDayDeductsOnce,
    int OrdinaryPoints,
    int SeriousPoints,
    int VerySeriousPoints,
    int? BrandTheftPoints,
    IReadOnlyList<SanctionTier> Tiers)
{
    /// <summary>P-3 sanction table (shared by P-003 and P-001; [001] gives no table of its own).</summary>
    public static IReadOnlyList<SanctionTier> StandardTiers { get; } =
    [
        new(0, SanctionKind.Warning, null),
        new(6, SanctionKind.PublishingRestricted, Period.FromDays(3)),
        new(12, SanctionKind.Frozen, Period.FromDays(7)),
        new(24, SanctionKind.Frozen, Period.FromDays(14)),
        new(36, SanctionKind.Frozen, Period.FromMonths(1)),
        new(48, SanctionKind.Closed, null),
    ];

    /// <summary>P-003 [003], the default: first complaint 0 points (5-day window), then 6 per day.</summary>
    public static PenaltyPolicy P003 { get; } = new("P-003", 1, Duration.FromDays(5), true, 6, 6, 6, null, StandardTiers);

    /// <summary>P-001 [001]: first time 0 points, later 2, serious 6 or 12, brand theft 6 or closure.</summary>
    public static PenaltyPolicy P001 { get; } = new("P-001", 1, null, false, 2, 6, 12, 6, StandardTiers);

    /// <summary>The built-in policies by id.</summary>
    public static IReadOnlyList<PenaltyPolicy> BuiltIn { get; } = [P003, P001];

    /// <summary>The built-in policy with that id and version (for loading stored assignments), or null.</summary>
    public static PenaltyPolicy? FindBuiltIn(string id, int version) =>
        BuiltIn.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal) && p.Version == version);

    /// <summary>True when the severity is brand theft and this policy treats brand theft apart (P-6).</summary>
    public bool IsBrandTheft(OffenceSeverity severity) =>
        BrandTheftPoints is not null && severity is OffenceSeverity.BrandTheft or OffenceSeverity.BrandTheftClosure;

    /// <summary>True when this policy closes the store directly for the severity (P-6).</summary>
    public bool ClosesDirectly(OffenceSeverity severity) =>
        BrandTheftPoints is not null && severity == OffenceSeverity.BrandTheftClosure;

    /// <summary>Points for a non-first offence of the given severity.</summary>
    public int PointsFor(OffenceSeverity severity) => severity switch
    {
        OffenceSeverity.Serious => SeriousPoints,
        OffenceSeverity.VerySerious => VerySeriousPoints,
        OffenceSeverity.BrandTheft or OffenceSeverity.BrandTheftClosure => BrandTheftPoints ?? OrdinaryPoints,
        _ => OrdinaryPoints,
    };

    /// <summary>The sanction tier that applies at <paramref name="points"/> (the highest with MinPoints ≤ points).</summary>
    public SanctionTier TierFor(int points) =>
        Tiers.Where(t => t.MinPoints <= points).MaxBy(t => t.MinPoints) ?? Tiers[0];
}
