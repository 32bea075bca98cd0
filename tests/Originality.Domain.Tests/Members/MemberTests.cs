using Originality.Domain.Members;
using Originality.Domain.Tests.Builders;

namespace Originality.Domain.Tests.Members;

public sealed class MemberTests
{
    [Theory]
    [InlineData("AE-1234567")]
    [InlineData("AE-0000000")]
    public void A_store_id_is_AE_and_seven_digits(string text)
    {
        Assert.True(StoreId.TryParse(text, out var id));
        Assert.Equal(text, id.Value);
    }

    [Theory]
    [InlineData("AE-123456")]
    [InlineData("AE-12345678")]
    [InlineData("ae-1234567")]
    [InlineData("AE1234567")]
    [InlineData("AE-12345a7")]
    [InlineData(" AE-1234567")]
    [InlineData("AE-１２３４５６７")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_store_id(string? text)
    {
        Assert.False(StoreId.TryParse(text, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_blank_nickname_is_not_accepted(string? text)
    {
        Assert.False(Nickname.TryParse(text, out _));
    }

    [Fact]
    public void Store_levels_run_from_Lv1_to_Lv5_only()
    {
        Assert.Equal([1, 2, 3, 4, 5], Enum.GetValues<StoreLevel>().Select(l => (int)l));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemberBuilder().AtLevel((StoreLevel)6).Build());
    }

    [Fact]
    public void Registering_a_member_is_audited()
    {
        var member = new MemberBuilder().Build();

        var entry = Assert.Single(member.PendingAudit);
        Assert.Equal("member.registered", entry.Action);
    }

    [Fact]
    public void A_change_of_store_level_and_categories_is_recorded_and_decides_trial_eligibility()
    {
        var member = new MemberBuilder().SellingIn("toys").Build();
        var trial = new TrialEligibility(true, [Category.Of("apparel")], []);
        Assert.Equal(Refusal.NotEligible, trial.Check(member).Refusal);

        member.UpdateStore(StoreLevel.Lv5, [Category.Of("Apparel")], Actor.Operator("ops"), At.Beijing(2030, 2, 1));

        Assert.True(trial.Check(member).Succeeded);
        Assert.Equal(StoreLevel.Lv5, member.State.Level);
        Assert.Equal("member.store-updated", member.PendingAudit[^1].Action);
    }

    [Fact]
    public void A_restored_member_has_the_same_state_and_no_pending_audit()
    {
        var member = new MemberBuilder().SellingIn("apparel", "beauty").Build();

        var restored = Member.Restore(member.State);

        Assert.Equal(member.State, restored.State);
        Assert.Empty(restored.PendingAudit);
    }
}

public sealed class TrialEligibilityTests
{
    [Fact]
    public void Outside_the_trial_everyone_is_eligible()
    {
        Assert.True(TrialEligibility.Open.Check(new MemberBuilder().Build()).Succeeded);
    }

    [Fact]
    public void During_the_trial_a_member_in_a_configured_category_and_list_is_eligible()
    {
        var member = new MemberBuilder().SellingIn("apparel").Build();
        var trial = new TrialEligibility(true, [Category.Of("apparel")], [member.Id]);

        Assert.True(trial.Check(member).Succeeded);
    }

    [Fact]
    public void During_the_trial_a_member_outside_the_configured_categories_is_told_it_is_not_available()
    {
        var member = new MemberBuilder().SellingIn("toys").Build();
        var trial = new TrialEligibility(true, [Category.Of("apparel")], []);

        Assert.Equal(Refusal.NotEligible, trial.Check(member).Refusal);
    }

    [Fact]
    public void During_the_trial_a_member_not_on_the_list_is_told_it_is_not_available()
    {
        var member = new MemberBuilder().SellingIn("apparel").Build();
        var trial = new TrialEligibility(true, [Category.Of("apparel")], [MemberId.New()]);

        Assert.Equal(Refusal.NotEligible, trial.Check(member).Refusal);
    }

    [Fact]
    public void Filing_is_refused_for_a_member_not_in_the_trial()
    {
        var member = new MemberBuilder().SellingIn("toys").Build();
        var trial = new TrialEligibility(true, [Category.Of("apparel")], []);

        var outcome = new FilingBuilder(member).Under(trial).TrySubmit();

        Assert.Equal(Refusal.NotEligible, outcome.Refusal);
    }
}
