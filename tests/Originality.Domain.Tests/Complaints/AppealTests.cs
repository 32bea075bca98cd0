using NodaTime;
using Originality.Domain.Complaints;
using Originality.Domain.Tests.Builders;

namespace Originality.Domain.Tests.Complaints;

/// <summary>R-1..R-5. Established Monday 4 March 2030 10:00 Beijing; first window closes 24:00 Thu 7 March.</summary>
public sealed class AppealTests
{
    private static readonly Instant Monday = At.Beijing(2030, 3, 4, 10);
    private static readonly Instant FirstWindowCloses = At.Beijing(2030, 3, 8);
    private readonly ComplaintScene _scene = new();

    private Complaint RejectedFirstAppeal(Instant decidedAt)
    {
        var complaint = _scene.Established(Monday);
        Assert.True(complaint.Appeal(_scene.Respondent.Id, "mine", _scene.Calendar, Monday + Duration.FromHours(1)).Succeeded);
        Assert.True(complaint.DecideAppeal(_scene.Reviewer, false, "copied", _scene.Ledger, _scene.Calendar, decidedAt).Succeeded);
        return complaint;
    }

    //
    [Fact]
    public void The_accused_seller_may_appeal_within_three_working_days_of_the_notice()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(FirstWindowCloses, complaint.State.AppealWindowClosesAt);
        Assert.True(complaint.Appeal(_scene.Respondent.Id, "my own shoot", _scene.Calendar, FirstWindowCloses - Duration.FromSeconds(1)).Succeeded);
        Assert.Equal(ComplaintStatus.AppealPending, complaint.Status);
    }

    [Fact]
    public void An_appeal_window_spanning_a_public_holiday_and_a_make_up_Saturday_closes_after_the_third_working_day()
    {
        var scene = new ComplaintScene(Calendars.WithOctoberHoliday());
        var complaint = scene.Established(At.Beijing(2030, 9, 30, 11)); // Mon; Oct 1–3 holidays; Fri 4, Sat 5 (make-up), Mon 7

        Assert.Equal(At.Beijing(2030, 10, 8), complaint.State.AppealWindowClosesAt);
        Assert.True(complaint.Appeal(scene.Respondent.Id, "mine", scene.Calendar, At.Beijing(2030, 10, 7, 23, 59, 59)).Succeeded);
    }

    [Fact]
    public void An_appeal_at_24_00_of_the_third_working_day_is_refused()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(Refusal.AppealWindowClosed, complaint.Appeal(_scene.Respondent.Id, "late", _scene.Calendar, FirstWindowCloses).Refusal);
    }

    [Fact]
    public void Only_the_accused_seller_may_appeal()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(Refusal.NotTheRespondent, complaint.Appeal(_scene.Owner.Id, "x", _scene.Calendar, Monday + Duration.FromHours(1)).Refusal);
    }

    [Fact]
    public void A_complaint_not_yet_established_cannot_be_appealed()
    {
        var complaint = _scene.File(Monday);

        Assert.Equal(Refusal.NotEstablished, complaint.Appeal(_scene.Respondent.Id, "x", _scene.Calendar, Monday + Duration.FromHours(1)).Refusal);
    }

    [Fact]
    public void A_second_appeal_while_one_is_pending_is_refused()
    {
        var complaint = _scene.Established(Monday);
        complaint.Appeal(_scene.Respondent.Id, "x", _scene.Calendar, Monday + Duration.FromHours(1));

        Assert.Equal(Refusal.AppealAlreadyPending, complaint.Appeal(_scene.Respondent.Id, "y", _scene.Calendar, Monday + Duration.FromHours(2)).Refusal);
    }

    //
    [Fact]
    public void After_a_rejected_first_appeal_the_second_window_is_three_working_days_from_that_decision()
    {
        var complaint = RejectedFirstAppeal(At.Beijing(2030, 3, 6, 15)); // Wednesday

        Assert.Equal(ComplaintStatus.AppealRejected, complaint.Status);
        Assert.Equal(At.Beijing(2030, 3, 12), complaint.State.AppealWindowClosesAt); // Thu, Fri, Mon → 24:00 Mon 11
    }

    [Fact]
    public void A_second_appeal_in_the_last_minute_of_its_window_is_accepted()
    {
        var complaint = RejectedFirstAppeal(At.Beijing(2030, 3, 6, 15));

        var outcome = complaint.Appeal(_scene.Respondent.Id, "second try", _scene.Calendar, At.Beijing(2030, 3, 11, 23, 59));

        Assert.True(outcome.Succeeded);
        Assert.Equal(2, complaint.State.Appeals[^1].Round);
    }

    [Fact]
    public void A_second_appeal_after_three_working_days_is_refused()
    {
        var complaint = RejectedFirstAppeal(At.Beijing(2030, 3, 6, 15));

        Assert.Equal(Refusal.AppealWindowClosed, complaint.Appeal(_scene.Respondent.Id, "too late", _scene.Calendar, At.Beijing(2030, 3, 12)).Refusal);
    }

    [Fact]
    public void A_rejected_second_appeal_is_final_and_a_third_is_refused()
    {
        var complaint = RejectedFirstAppeal(At.Beijing(2030, 3, 6, 15));
        complaint.Appeal(_scene.Respondent.Id, "second", _scene.Calendar, At.Beijing(2030, 3, 7, 9));

        Assert.True(complaint.DecideAppeal(_scene.Reviewer, false, "still copied", _scene.Ledger, _scene.Calendar, At.Beijing(2030, 3, 8, 9)).Succeeded);

        Assert.Equal(ComplaintStatus.PenaltyStands, complaint.Status);
        Assert.Equal(Refusal.NoAppealRoundsLeft, complaint.Appeal(_scene.Respondent.Id, "third", _scene.Calendar, At.Beijing(2030, 3, 8, 10)).Refusal);
        Assert.Null(complaint.NextDeadline);
    }

    //
    [Fact]
    public void With_no_appeal_in_time_the_worker_closes_the_entrance_and_the_penalty_stands()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(Refusal.AppealWindowStillOpen, complaint.CloseAppealWindow(Actor.System("deadline-worker"), FirstWindowCloses - Duration.FromSeconds(1)).Refusal);
        Assert.True(complaint.CloseAppealWindow(Actor.System("deadline-worker"), FirstWindowCloses).Succeeded);

        Assert.Equal(ComplaintStatus.PenaltyStands, complaint.Status);
        Assert.True(complaint.State.GoodsRemoved);
        Assert.Null(Assert.Single(_scene.Ledger.State.Penalties).RevokedAt);
        Assert.Equal(Refusal.AppealWindowClosed, complaint.Appeal(_scene.Respondent.Id, "late", _scene.Calendar, FirstWindowCloses + Duration.FromMinutes(5)).Refusal);
    }

    [Fact]
    public void Closing_the_window_twice_changes_nothing_the_second_time()
    {
        var complaint = _scene.Established(Monday);
        complaint.CloseAppealWindow(Actor.System("deadline-worker"), FirstWindowCloses);
        var auditCount = complaint.PendingAudit.Count;

        var again = complaint.CloseAppealWindow(Actor.System("deadline-worker"), FirstWindowCloses + Duration.FromSeconds(5));

        Assert.Equal(Refusal.ComplaintAlreadyDecided, again.Refusal);
        Assert.Equal(auditCount, complaint.PendingAudit.Count);
    }

    [Fact]
    public void The_appeal_window_is_the_durable_deadline_of_an_established_complaint()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(new ComplaintDeadline(ComplaintDeadlineKind.AppealWindowCloses, FirstWindowCloses, "R-1"), complaint.NextDeadline);
    }

    //
    [Fact]
    public void The_platform_decides_an_appeal_within_five_working_days()
    {
        var complaint = _scene.Established(Monday);
        complaint.Appeal(_scene.Respondent.Id, "x", _scene.Calendar, Monday + Duration.FromHours(1));

        Assert.Equal(At.Beijing(2030, 3, 12), complaint.State.Appeals[0].DecisionDueAt); // Tue..Mon 11 → 24:00 Mon 11
        Assert.Equal(ComplaintDeadlineKind.AppealDecisionDue, complaint.NextDeadline!.Kind);
    }

    [Fact]
    public void Deciding_without_a_pending_appeal_is_refused()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(Refusal.NoAppealPending, complaint.DecideAppeal(_scene.Reviewer, true, "x", _scene.Ledger, _scene.Calendar, Monday + Duration.FromHours(1)).Refusal);
    }

    //
    [Fact]
    public void An_upheld_appeal_restores_the_goods_and_revokes_the_penalty()
    {
        var complaint = _scene.Established(Monday);
        complaint.Appeal(_scene.Respondent.Id, "x", _scene.Calendar, Monday + Duration.FromHours(1));
        var decidedAt = Monday + Duration.FromDays(2);

        Assert.True(complaint.DecideAppeal(_scene.Reviewer, true, "respondent's own shoot", _scene.Ledger, _scene.Calendar, decidedAt).Succeeded);

        Assert.Equal(ComplaintStatus.AppealUpheld, complaint.Status);
        Assert.False(complaint.State.GoodsRemoved);
        Assert.Equal(decidedAt, Assert.Single(_scene.Ledger.State.Penalties).RevokedAt);
    }

    [Fact]
    public void An_upheld_second_appeal_also_revokes_the_penalty()
    {
        var complaint = RejectedFirstAppeal(At.Beijing(2030, 3, 6, 15));
        complaint.Appeal(_scene.Respondent.Id, "second", _scene.Calendar, At.Beijing(2030, 3, 7, 9));

        complaint.DecideAppeal(_scene.Reviewer, true, "evidence convinced", _scene.Ledger, _scene.Calendar, At.Beijing(2030, 3, 8, 9));

        Assert.Equal(ComplaintStatus.AppealUpheld, complaint.Status);
        Assert.NotNull(Assert.Single(_scene.Ledger.State.Penalties).RevokedAt);
    }

    [Fact]
    public void Every_transition_of_a_complaint_is_recorded_with_who_what_when_and_why()
    {
        var complaint = RejectedFirstAppeal(At.Beijing(2030, 3, 6, 15));
        complaint.Appeal(_scene.Respondent.Id, "second", _scene.Calendar, At.Beijing(2030, 3, 7, 9));
        complaint.DecideAppeal(_scene.Reviewer, true, "evidence convinced", _scene.Ledger, _scene.Calendar, At.Beijing(2030, 3, 8, 9));

        Assert.Equal(
            ["complaint.filed", "complaint.established", "goods.removed", "notice.sent", "appeal.filed", "appeal.rejected", "appeal.filed", "appeal.upheld", "goods.restored"],
            complaint.PendingAudit.Select(e => e.Action));
        Assert.All(complaint.PendingAudit, e => Assert.Equal(complaint.Id.ToString(), e.SubjectId));
        Assert.Equal(complaint.PendingAudit.Select(e => e.At).Order(), complaint.PendingAudit.Select(e => e.At));
        var upheld = complaint.PendingAudit.Single(e => e.Action == "appeal.upheld");
        Assert.Equal((_scene.Reviewer, "evidence convinced", "R-5"), (upheld.Actor, upheld.Reason, upheld.RuleId));
    }
}
