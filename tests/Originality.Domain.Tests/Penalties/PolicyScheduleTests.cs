using Originality.Domain.Penalties;
using Originality.Domain.Tests.Builders;

namespace Originality.Domain.Tests.Penalties;

public sealed class PolicyScheduleTests
{
    private static readonly MarketplaceId Global = MarketplaceId.Of("global");
    private static readonly MarketplaceId Russia = MarketplaceId.Of("ru");
    private readonly Actor _operator = Actor.Operator("ops");

    [Fact]
    public void P003_applies_by_default()
    {
        Assert.Same(PenaltyPolicy.P003, PolicySchedule.Default.PolicyFor(Global, At.Beijing(2030, 1, 1)));
    }

    [Fact]
    public void A_policy_change_applies_from_its_effective_instant()
    {
        var schedule = PolicySchedule.Default;
        var effective = At.Beijing(2030, 7, 1);

        Assert.True(schedule.Select(Global, PenaltyPolicy.P001, effective, _operator, At.Beijing(2030, 6, 1)).Succeeded);

        Assert.Same(PenaltyPolicy.P003, schedule.PolicyFor(Global, effective - NodaTime.Duration.FromSeconds(1)));
        Assert.Same(PenaltyPolicy.P001, schedule.PolicyFor(Global, effective));
    }

    [Fact]
    public void A_policy_is_selected_per_marketplace()
    {
        var schedule = PolicySchedule.Default;
        schedule.Select(Russia, PenaltyPolicy.P001, At.Beijing(2030, 7, 1), _operator, At.Beijing(2030, 6, 1));

        Assert.Same(PenaltyPolicy.P001, schedule.PolicyFor(Russia, At.Beijing(2030, 8, 1)));
        Assert.Same(PenaltyPolicy.P003, schedule.PolicyFor(Global, At.Beijing(2030, 8, 1)));
    }

    [Fact]
    public void A_policy_change_may_not_take_effect_in_the_past()
    {
        var outcome = PolicySchedule.Default.Select(Global, PenaltyPolicy.P001, At.Beijing(2030, 5, 1), _operator, At.Beijing(2030, 6, 1));

        Assert.Equal(Refusal.RetroactivePolicyChange, outcome.Refusal);
    }

    [Fact]
    public void Penalties_decided_before_a_policy_change_keep_their_policy_and_points()
    {
        var ledger = PenaltyLedger.Open(MemberId.New());
        var schedule = PolicySchedule.Default;
        var reviewer = Actor.Reviewer("r");
        var before = At.Beijing(2030, 6, 10);
        ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), schedule.PolicyFor(Global, At.Beijing(2030, 5, 1)), OffenceSeverity.Ordinary, reviewer, At.Beijing(2030, 5, 1));
        var old = ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), schedule.PolicyFor(Global, before), OffenceSeverity.Ordinary, reviewer, before);

        schedule.Select(Global, PenaltyPolicy.P001, At.Beijing(2030, 7, 1), _operator, At.Beijing(2030, 6, 20));
        var after = At.Beijing(2030, 7, 10);
        var @new = ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), schedule.PolicyFor(Global, after), OffenceSeverity.Ordinary, reviewer, after);

        Assert.Equal(("P-003", 6), (ledger.State.Penalties[1].PolicyId, ledger.State.Penalties[1].Points));
        Assert.Equal(old.Penalty, ledger.State.Penalties[1]);
        Assert.Equal(("P-001", 2), (@new.Penalty.PolicyId, @new.Penalty.Points));
        Assert.Equal(8, ledger.PointsAt(after));
    }

    [Fact]
    public void Policies_are_data_with_an_id_and_a_version()
    {
        Assert.Equal(PenaltyPolicy.P003, PenaltyPolicy.FindBuiltIn("P-003", 1));
        Assert.Null(PenaltyPolicy.FindBuiltIn("P-003", 2));
        Assert.Equal([0, 6, 12, 24, 36, 48], PenaltyPolicy.P003.Tiers.Select(t => t.MinPoints));
    }
}

public sealed class RefusalTests
{
    [Fact]
    public void Every_refusal_has_a_unique_kebab_case_code_and_cites_a_rule()
    {
        Assert.Equal(Refusal.All.Count, Refusal.All.Select(r => r.Code).Distinct().Count());
        Assert.All(Refusal.All, r => Assert.Matches("^[a-z]+(-[a-z]+)*$", r.Code));
        Assert.All(Refusal.All, r => Assert.False(string.IsNullOrWhiteSpace(r.RuleId)));
        Assert.All(Refusal.All, r => Assert.Same(r, Refusal.FromCode(r.Code)));
    }

    [Fact]
    public void Every_public_refusal_is_listed_in_All()
    {
        var declared = typeof(Refusal).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(Refusal))
            .Select(p => (Refusal)p.GetValue(null)!);

        Assert.Equal(declared.OrderBy(r => r.Code), Refusal.All.OrderBy(r => r.Code));
    }
}
