namespace Originality.Domain.Violations;

/// <summary>
/// The operator's settings for picture violations and recovery applications. Immutable; build a
/// changed copy with <c>with</c> and call <see cref="Validate"/> (hosts do it on start).
/// </summary>
public sealed record ViolationPolicy
{
    /// <summary>The defaults taken from [002].</summary>
    public static ViolationPolicy Default { get; } = new();

    /// <summary>Calendar days after the penalty took effect during which one application may be filed (V-2, [002] "处罚生效后7日内").</summary>
    public int RecoveryWindowDays { get; init; } = 7;

    /// <summary>Calendar days after which a violation lifts by itself (V-9); [002] says 15–30.</summary>
    public int AutomaticLiftDays { get; init; } = 15;

    /// <summary>Applications one IP address may file per Beijing day before further ones are held (V-7).</summary>
    public int MaxApplicationsPerIpPerDay { get; init; } = 5;

    /// <summary>Length of the violation history shown to reviewers (V-8, [002] "近90天").</summary>
    public int HistoryDays { get; init; } = 90;

    /// <summary>More than this many violations of one type within <see cref="HistoryDays"/> marks the store high-risk (V-8).</summary>
    public int HighRiskViolationsOfOneType { get; init; } = 3;

    /// <summary>Working days the review may take (V-8, [002] "3–7个工作日"); the queue's deadline.</summary>
    public int ReviewWorkingDays { get; init; } = 7;

    /// <summary>Store level from which a store is reviewed first (V-8, "Lv.4以上").</summary>
    public StoreLevel PriorityStoreLevel { get; init; } = StoreLevel.Lv4;

    /// <summary>Categories with high theft rates that are reviewed more strictly (V-8, [002] "服饰、美妆").</summary>
    public IReadOnlySet<Category> HighRiskCategories { get; init; } =
        new HashSet<Category>([Category.Of("apparel"), Category.Of("beauty")]);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is outside what the rules allow.</summary>
    public ViolationPolicy Validate()
    {
        if (AutomaticLiftDays is < 15 or > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(AutomaticLiftDays), AutomaticLiftDays, "V-9: a violation lifts after 15 to 30 days.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(RecoveryWindowDays, 1, nameof(RecoveryWindowDays));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxApplicationsPerIpPerDay, 1, nameof(MaxApplicationsPerIpPerDay));
        ArgumentOutOfRangeException.ThrowIfLessThan(HistoryDays, 1, nameof(HistoryDays));
        ArgumentOutOfRangeException.ThrowIfNegative(HighRiskViolationsOfOneType, nameof(HighRiskViolationsOfOneType));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReviewWorkingDays, 1, nameof(ReviewWorkingDays));
        if (!Enum.IsDefined(PriorityStoreLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(PriorityStoreLevel), PriorityStoreLevel, "Store levels are Lv.1 to Lv.5.");
        }
        ArgumentNullException.ThrowIfNull(HighRiskCategories);
        return this;
    }

    /// <summary>True when <paramref name="category"/> is one of <see cref="HighRiskCategories"/>.</summary>
    public bool IsHighRiskCategory(Category category) => HighRiskCategories.Contains(category);
}
