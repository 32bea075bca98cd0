using NodaTime;
using Originality.Domain.Violations;

namespace Originality.Domain.Tests.Violations;

/// <summary>V-1, V-8, V-9: a penalized violation lifts by itself, or an approval revokes it.</summary>
public class ViolationLifecycleTests
{
    private static readonly Instant Now = ViolationBuilder.DefaultPenalizedAt + Duration.FromDays(1);

    [Fact]
    public void A_violation_lifts_at_24_00_Beijing_of_the_configured_day_after_the_penalty_day()
    {
        var policy = ViolationPolicy.Default with { AutomaticLiftDays = 20 };
        var violation = new ViolationBuilder().Under(policy).Build();
        // 2026-03-02 + 20 days = 2026-03-22; its 24:00 Beijing is 2026-03-22 16:00 UTC.
        var liftsAt = Instant.FromUtc(2026, 3, 22, 16, 0);

        Assert.Equal(liftsAt, violation.LiftsAt);
        Assert.Equal(ViolationState.Penalized, violation.StateAt(liftsAt - Duration.FromSeconds(1)));
        Assert.Equal(ViolationState.LiftedAutomatically, violation.StateAt(liftsAt));
        Assert.False(violation.IsProductListedAt(liftsAt - Duration.FromSeconds(1)));
        Assert.True(violation.IsProductListedAt(liftsAt));
    }

    [Theory]
    [InlineData(14)]
    [InlineData(31)]
    public void An_automatic_lift_outside_15_to_30_days_is_not_a_valid_policy(int days)
    {
        var policy = ViolationPolicy.Default with { AutomaticLiftDays = days };

        Assert.Throws<ArgumentOutOfRangeException>(() => policy.Validate());
    }

    [Theory]
    [InlineData(15)]
    [InlineData(30)]
    public void An_automatic_lift_of_15_or_30_days_is_valid(int days)
    {
        var policy = ViolationPolicy.Default with { AutomaticLiftDays = days };

        Assert.Same(policy, policy.Validate());
    }

    [Fact]
    public void A_violation_is_pending_before_its_penalty_takes_effect()
    {
        var violation = new ViolationBuilder().Build();

        Assert.Equal(ViolationState.Pending, violation.StateAt(violation.PenalizedAt - Duration.FromSeconds(1)));
        Assert.True(violation.IsProductListedAt(violation.PenalizedAt - Duration.FromSeconds(1)));
    }

    [Fact]
    public void Recording_a_violation_leaves_an_audit_entry_with_its_penalty()
    {
        var violation = new ViolationBuilder().OfType(PictureViolationType.UnlabelledAiPicture).Build();

        var entry = Assert.Single(violation.PendingAudit);
        Assert.Equal("violation.penalized", entry.Action);
        Assert.Contains("type=UnlabelledAiPicture", entry.Data, StringComparison.Ordinal);
        Assert.Contains("points=2", entry.Data, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_penalty_points_are_a_bad_argument()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ViolationPenalty(true, false, -1));
    }

    [Fact]
    public void Approving_restores_the_product_and_revokes_the_penalty()
    {
        var violation = new ViolationBuilder().Build();
        var application = Filing.FiledApplication(violation, Now);
        var decidedAt = Now + Duration.FromDays(3);

        var outcome = application.Approve(violation, Ids.Reviewer, decidedAt);

        Assert.True(outcome.Succeeded);
        Assert.Equal(RecoveryStatus.Approved, application.Status);
        Assert.Equal(ViolationState.Revoked, violation.StateAt(decidedAt));
        Assert.True(violation.IsProductListedAt(decidedAt));
        Assert.False(violation.IsPenaltyInForceAt(decidedAt));
        Assert.Equal(application.Id, violation.RevokedBy);
        Assert.Contains(violation.PendingAudit, e => e.Action == "violation.revoked" && e.RuleId == "V-8");
        Assert.Contains(application.PendingAudit, e => e.Action == "recovery.approved");
    }

    [Fact]
    public void Rejecting_keeps_the_penalty_and_records_the_reasons()
    {
        var violation = new ViolationBuilder().Build();
        var application = Filing.FiledApplication(violation, Now);
        var decidedAt = Now + Duration.FromDays(3);

        var outcome = application.Reject(["Source file has no EXIF.", "  ", "SKU-BLUE not replaced."], Ids.Reviewer, decidedAt);

        Assert.True(outcome.Succeeded);
        Assert.Equal(RecoveryStatus.Rejected, application.Status);
        Assert.Equal(["Source file has no EXIF.", "SKU-BLUE not replaced."], application.State.RejectionReasons);
        Assert.True(violation.IsPenaltyInForceAt(decidedAt));
    }

    [Fact]
    public void A_rejection_without_a_reason_is_refused()
    {
        var violation = new ViolationBuilder().Build();
        var application = Filing.FiledApplication(violation, Now);

        var outcome = application.Reject([" "], Ids.Reviewer, Now + Duration.FromDays(1));

        Assert.Same(Refusal.RejectionNeedsReason, outcome.Refusal);
        Assert.Equal(RecoveryStatus.AwaitingReview, application.Status);
    }

    [Fact]
    public void A_decided_application_cannot_be_decided_again()
    {
        var violation = new ViolationBuilder().Build();
        var application = Filing.FiledApplication(violation, Now);
        application.Reject(["No."], Ids.Reviewer, Now + Duration.FromDays(1));

        var approve = application.Approve(violation, Ids.Reviewer, Now + Duration.FromDays(2));

        Assert.Same(Refusal.RecoveryNotAwaitingReview, approve.Refusal);
        Assert.True(violation.IsPenaltyInForceAt(Now + Duration.FromDays(2)));
    }

    [Fact]
    public void A_decision_dated_before_the_filing_is_refused()
    {
        var violation = new ViolationBuilder().Build();
        var application = Filing.FiledApplication(violation, Now);

        var approve = application.Approve(violation, Ids.Reviewer, Now - Duration.FromSeconds(1));

        Assert.Same(Refusal.StaleInstant, approve.Refusal);
    }

    [Fact]
    public void Recovery_refusals_are_found_by_their_code_and_cite_a_V_rule()
    {
        Refusal[] recovery =
        [
            Refusal.ViolationNotPenalized, Refusal.RecoveryWindowClosed, Refusal.RecoveryWindowNotOpen,
            Refusal.NotTheMembersViolation, Refusal.ViolationProductMismatch, Refusal.RecoveryAlreadyFiled,
            Refusal.RecoveryRejectedBefore, Refusal.CommitmentLetterMissing, Refusal.SourceFilesMissing,
            Refusal.ReplacementsMissing, Refusal.RecoveryNotAwaitingReview, Refusal.RecoveryHeldForRiskControl,
            Refusal.RejectionNeedsReason,
        ];

        Assert.All(recovery, r => Assert.Same(r, Refusal.FromCode(r.Code)));
        Assert.All(recovery, r => Assert.StartsWith("V-", r.RuleId, StringComparison.Ordinal));
    }
}
