using NodaTime;
using Originality.Domain.Violations;

namespace Originality.Domain.Tests.Violations;

/// <summary>V-2: one application within 7 days of the penalty, counted in Beijing time.</summary>
public class RecoveryWindowTests
{
    // Penalty 2026-03-02 10:00 Beijing; day 7 after is 2026-03-09; its 24:00 Beijing is 16:00 UTC.
    private static readonly Instant Deadline = Instant.FromUtc(2026, 3, 9, 16, 0);

    [Fact]
    public void Recovery_deadline_is_24_00_Beijing_time_of_the_seventh_day_after_the_penalty_day()
    {
        var violation = new ViolationBuilder().Build();

        Assert.Equal(Deadline, violation.RecoveryDeadline(ViolationPolicy.Default));
    }

    [Fact]
    public void Applying_one_second_before_Beijing_midnight_of_day_seven_is_filed()
    {
        var violation = new ViolationBuilder().Build();

        var outcome = Filing.File(violation, Deadline - Duration.FromSeconds(1));

        Assert.IsType<FilingOutcome.Filed>(outcome);
    }

    [Fact]
    public void Applying_at_Beijing_midnight_ending_day_seven_is_refused()
    {
        var violation = new ViolationBuilder().Build();

        var outcome = Filing.File(violation, Deadline);

        Assert.Same(Refusal.RecoveryWindowClosed, Filing.RefusalOf(outcome));
    }

    [Fact]
    public void Applying_one_second_after_Beijing_midnight_of_day_seven_is_refused_as_V_2()
    {
        var violation = new ViolationBuilder().Build();

        var refusal = Filing.RefusalOf(Filing.File(violation, Deadline + Duration.FromSeconds(1)));

        Assert.Equal("recovery-window-closed", refusal.Code);
        Assert.Equal("V-2", refusal.RuleId);
    }

    [Fact]
    public void The_day_is_counted_in_Beijing_even_when_the_UTC_date_is_still_the_previous_day()
    {
        // 2026-03-02 16:30 UTC is already 2026-03-03 00:30 in Beijing: day 7 is 2026-03-10.
        var violation = new ViolationBuilder().PenalizedAt(Instant.FromUtc(2026, 3, 2, 16, 30)).Build();
        var deadline = Instant.FromUtc(2026, 3, 10, 16, 0);

        Assert.Equal(deadline, violation.RecoveryDeadline(ViolationPolicy.Default));
        Assert.IsType<FilingOutcome.Filed>(Filing.File(violation, deadline - Duration.FromSeconds(1)));
        Assert.Same(Refusal.RecoveryWindowClosed, Filing.RefusalOf(Filing.File(violation, deadline)));
    }

    [Fact]
    public void Applying_before_the_penalty_takes_effect_is_refused()
    {
        var violation = new ViolationBuilder().Build();

        var outcome = Filing.File(violation, violation.PenalizedAt - Duration.FromSeconds(1));

        Assert.Same(Refusal.RecoveryWindowNotOpen, Filing.RefusalOf(outcome));
    }

    [Fact]
    public void Applying_at_the_instant_the_penalty_takes_effect_is_filed()
    {
        var violation = new ViolationBuilder().Build();

        Assert.IsType<FilingOutcome.Filed>(Filing.File(violation, violation.PenalizedAt));
    }

    [Fact]
    public void A_violation_without_any_penalty_cannot_be_applied_for()
    {
        var violation = new ViolationBuilder().WithPenalty(new ViolationPenalty(false, false, 0)).Build();

        var outcome = Filing.File(violation, violation.PenalizedAt + Duration.FromHours(1));

        Assert.Same(Refusal.ViolationNotPenalized, Filing.RefusalOf(outcome));
    }

    [Fact]
    public void A_revoked_violation_cannot_be_applied_for()
    {
        var recorded = new ViolationBuilder().Build();
        var revoked = PictureViolation.Restore(recorded.Id, recorded.MemberId, recorded.ProductId, recorded.Type, recorded.Penalty,
            recorded.PenalizedAt, recorded.LiftsAt, recorded.PenalizedAt + Duration.FromHours(1), RecoveryApplicationId.New());

        var outcome = Filing.File(revoked, recorded.PenalizedAt + Duration.FromHours(2));

        Assert.Same(Refusal.ViolationNotPenalized, Filing.RefusalOf(outcome));
    }

    [Fact]
    public void Another_member_cannot_apply_for_the_violation()
    {
        var violation = new ViolationBuilder().Build();
        var request = new RequestBuilder(violation).By(Ids.OtherSeller).Build();

        var outcome = Filing.File(violation, violation.PenalizedAt + Duration.FromHours(1), request);

        Assert.Same(Refusal.NotTheMembersViolation, Filing.RefusalOf(outcome));
    }

    [Fact]
    public void Applying_for_a_product_the_violation_was_not_recorded_against_is_refused()
    {
        var violation = new ViolationBuilder().Build();
        var request = new RequestBuilder(violation).For(ProductId.Of("P-OTHER")).Build();

        var outcome = Filing.File(violation, violation.PenalizedAt + Duration.FromHours(1), request);

        Assert.Same(Refusal.ViolationProductMismatch, Filing.RefusalOf(outcome));
    }

    [Fact]
    public void A_longer_configured_window_moves_the_deadline()
    {
        var policy = ViolationPolicy.Default with { RecoveryWindowDays = 10 };
        var violation = new ViolationBuilder().Under(policy).Build();

        var outcome = Filing.File(violation, Deadline + Duration.FromDays(2), policy: policy);

        Assert.IsType<FilingOutcome.Filed>(outcome);
    }
}
