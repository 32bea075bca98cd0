using NodaTime;
using Originality.Domain.Authorizations;
using Originality.Domain.Complaints;
using Originality.Domain.Filings;
using Originality.Domain.Members;
using Originality.Domain.Penalties;
using Originality.Domain.Tests.Builders;

namespace Originality.Domain.Tests.Complaints;

/// <summary>C-1..C-6 on a weekends-only calendar; Monday 4 March 2030 10:00 Beijing is the usual event.</summary>
public sealed class ComplaintTests
{
    private static readonly Instant Monday = At.Beijing(2030, 3, 4, 10);
    private static readonly Instant FirstWindowCloses = At.Beijing(2030, 3, 7 + 1); // 24:00 Thu 7 March
    private readonly ComplaintScene _scene = new();

    // C-1
    [Fact]
    public void The_owner_of_a_certified_picture_files_a_complaint_naming_the_suspected_listings()
    {
        var complaint = _scene.File(Monday);

        Assert.Equal(ComplaintStatus.AwaitingAcceptance, complaint.Status);
        Assert.Equal([_scene.Picture.Id], complaint.State.Pictures);
        Assert.Single(complaint.State.Listings);
    }

    [Fact]
    public void A_complaint_without_a_listing_is_refused()
    {
        var outcome = Complaint.File(ComplaintId.New(), _scene.Owner, _scene.Respondent.Id, Category.Of("apparel"), [_scene.Picture], [], null, _scene.Calendar, Monday);

        Assert.Equal(Refusal.NoListingGiven, outcome.Refusal);
    }

    [Fact]
    public void A_complaint_with_someone_elses_picture_is_refused()
    {
        var stranger = new MemberBuilder().Build();

        var outcome = Complaint.File(ComplaintId.New(), stranger, _scene.Respondent.Id, Category.Of("apparel"), [_scene.Picture], [ListingRef.Of("1")], null, _scene.Calendar, Monday);

        Assert.Equal(Refusal.NotTheOwner, outcome.Refusal);
    }

    [Fact]
    public void A_complaint_with_an_uncertified_picture_is_refused()
    {
        var uncertified = new FilingBuilder(_scene.Owner)
            .WithReview(new MachineReview([new PriorPictureMatch(PriorPictureSource.Filing, "x", MemberId.New(), At.Beijing(2029, 1, 1), 0)]))
            .Build();

        var outcome = Complaint.File(ComplaintId.New(), _scene.Owner, _scene.Respondent.Id, Category.Of("apparel"), [uncertified], [ListingRef.Of("1")], null, _scene.Calendar, Monday);

        Assert.Equal(Refusal.PictureNotCertified, outcome.Refusal);
    }

    [Fact]
    public void A_member_cannot_complain_against_itself()
    {
        var outcome = Complaint.File(ComplaintId.New(), _scene.Owner, _scene.Owner.Id, Category.Of("apparel"), [_scene.Picture], [ListingRef.Of("1")], null, _scene.Calendar, Monday);

        Assert.Equal(Refusal.ComplaintAgainstSelf, outcome.Refusal);
    }

    [Fact]
    public void A_second_complaint_about_the_same_listing_and_picture_is_refused_while_the_first_is_open()
    {
        var first = _scene.File(Monday);
        var listing = first.State.Listings[0];

        var second = Complaint.File(ComplaintId.New(), _scene.Owner, _scene.Respondent.Id, Category.Of("apparel"), [_scene.Picture], [listing], null, _scene.Calendar, Monday, [first]);
        var otherListing = Complaint.File(ComplaintId.New(), _scene.Owner, _scene.Respondent.Id, Category.Of("apparel"), [_scene.Picture], [ListingRef.Of("2")], null, _scene.Calendar, Monday, [first]);

        Assert.Equal(Refusal.ComplaintAlreadyOpen, second.Refusal);
        Assert.Equal(first.Id.ToString(), second.Detail);
        Assert.True(otherListing.Succeeded);
    }

    [Fact]
    public void Once_the_first_complaint_has_ended_the_same_listing_and_picture_may_be_complained_about_again()
    {
        var first = _scene.File(Monday);
        Assert.True(first.Withdraw(_scene.Owner.Id, null, _scene.Ledger, Monday).Succeeded);

        var again = Complaint.File(ComplaintId.New(), _scene.Owner, _scene.Respondent.Id, Category.Of("apparel"), [_scene.Picture], [first.State.Listings[0]], null, _scene.Calendar, Monday, [first]);

        Assert.True(again.Succeeded);
    }

    // C-2
    [Fact]
    public void The_respondents_view_carries_nothing_that_identifies_the_complainant()
    {
        var complaint = _scene.Established(Monday);

        var view = complaint.ToRespondentView(Monday);

        var properties = typeof(RespondentView).GetProperties();
        Assert.DoesNotContain(properties, p => p.PropertyType == typeof(MemberId) || p.PropertyType == typeof(MemberId?));
        Assert.DoesNotContain(properties, p => p.PropertyType == typeof(IReadOnlyList<FilingId>));
        Assert.DoesNotContain(properties, p => p.Name.Contains("Complainant", StringComparison.Ordinal) || p.Name == "Description");
        Assert.DoesNotContain(_scene.Owner.Id.ToString(), view.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_scene.Owner.Nickname.Value, view.ToString(), StringComparison.Ordinal);
        Assert.True(view.MayAppeal);
    }

    // C-3
    [Fact]
    public void The_platform_must_accept_or_reject_within_three_working_days_of_filing()
    {
        var complaint = _scene.File(At.Beijing(2030, 3, 1, 16)); // Friday

        Assert.Equal(At.Beijing(2030, 3, 7), complaint.State.AcceptanceDueAt); // Mon, Tue, Wed → 24:00 Wed
        Assert.Equal(new ComplaintDeadline(ComplaintDeadlineKind.AcceptanceDue, At.Beijing(2030, 3, 7), "C-3"), complaint.NextDeadline);
        Assert.False(complaint.IsAcceptanceOverdueAt(At.Beijing(2030, 3, 6, 23, 59, 59)));
        Assert.True(complaint.IsAcceptanceOverdueAt(At.Beijing(2030, 3, 7)));
    }

    [Fact]
    public void A_rejected_complaint_is_final_and_does_not_touch_the_respondent()
    {
        var complaint = _scene.File(Monday);

        Assert.True(complaint.Reject(_scene.Reviewer, "different picture", Monday + Duration.FromHours(1)).Succeeded);

        Assert.Equal(ComplaintStatus.Rejected, complaint.Status);
        Assert.Empty(_scene.Ledger.State.Penalties);
        Assert.Equal(Refusal.ComplaintNotAwaitingAcceptance, _scene.Establish(complaint, Monday + Duration.FromHours(2)).Refusal);
    }

    [Fact]
    public void An_established_complaint_cannot_be_decided_again()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(Refusal.ComplaintNotAwaitingAcceptance, complaint.Reject(_scene.Reviewer, "oops", Monday + Duration.FromHours(1)).Refusal);
    }

    // C-4
    [Fact]
    public void An_established_complaint_takes_the_product_off_the_shelves_and_records_the_penalty()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(ComplaintStatus.Established, complaint.Status);
        Assert.True(complaint.State.GoodsRemoved);
        var penalty = Assert.Single(_scene.Ledger.State.Penalties);
        Assert.Equal(complaint.State.Penalty, penalty.Id);
        Assert.Equal(complaint.Id, penalty.Complaint);
        Assert.Equal(Monday, complaint.State.NoticeAt);
    }

    //
    [Fact]
    public void A_complaint_against_an_authorized_use_is_not_established()
    {
        var complaint = _scene.File(Monday);
        _scene.Authorizations.Add(Authorization.Grant(AuthorizationId.New(), _scene.Owner, _scene.Respondent.Nickname, _scene.Respondent,
            Category.Of("apparel"), [_scene.Picture], Monday - Duration.FromDays(10)).GetValueOrThrow());

        var outcome = _scene.Establish(complaint, Monday + Duration.FromHours(1));

        Assert.Equal(Refusal.RespondentAuthorized, outcome.Refusal);
        Assert.Empty(_scene.Ledger.State.Penalties);
    }

    [Fact]
    public void A_complaint_is_established_when_the_authorization_is_for_another_category()
    {
        var complaint = _scene.File(Monday);
        _scene.Authorizations.Add(Authorization.Grant(AuthorizationId.New(), _scene.Owner, _scene.Respondent.Nickname, _scene.Respondent,
            Category.Of("beauty"), [_scene.Picture], Monday - Duration.FromDays(10)).GetValueOrThrow());

        Assert.True(_scene.Establish(complaint, Monday + Duration.FromHours(1)).Succeeded);
    }

    [Fact]
    public void A_complaint_is_established_when_the_authorization_was_revoked_before()
    {
        var complaint = _scene.File(Monday);
        var authorization = Authorization.Grant(AuthorizationId.New(), _scene.Owner, _scene.Respondent.Nickname, _scene.Respondent,
            Category.Of("apparel"), [_scene.Picture], Monday - Duration.FromDays(10)).GetValueOrThrow();
        authorization.Revoke(_scene.Owner.Id, Monday - Duration.FromDays(1));
        _scene.Authorizations.Add(authorization);

        Assert.True(_scene.Establish(complaint, Monday + Duration.FromHours(1)).Succeeded);
    }

    // C-5
    [Fact]
    public void The_complainant_sees_the_state_and_result_of_its_complaint()
    {
        var complaint = _scene.Established(Monday);

        var view = complaint.ToComplainantView(Monday + Duration.FromHours(1));

        Assert.Equal(ComplaintStatus.Established, view.Status);
        Assert.Equal("same picture", view.DecisionReason);
        Assert.True(view.GoodsRemoved);
        Assert.True(view.MayWithdraw);
        Assert.Equal(FirstWindowCloses, view.AppealWindowClosesAt);
    }

    // C-6
    [Fact]
    public void Withdrawing_before_acceptance_ends_the_complaint_without_a_penalty()
    {
        var complaint = _scene.File(Monday);

        Assert.True(complaint.Withdraw(_scene.Owner.Id, "settled", _scene.Ledger, Monday + Duration.FromHours(1)).Succeeded);

        Assert.Equal(ComplaintStatus.Withdrawn, complaint.Status);
        Assert.Empty(_scene.Ledger.State.Penalties);
    }

    [Fact]
    public void Withdrawing_an_established_complaint_restores_the_goods_and_revokes_the_penalty()
    {
        var complaint = _scene.Established(Monday);
        var at = Monday + Duration.FromDays(1);

        Assert.True(complaint.Withdraw(_scene.Owner.Id, null, _scene.Ledger, at).Succeeded);

        Assert.False(complaint.State.GoodsRemoved);
        Assert.Equal(at, Assert.Single(_scene.Ledger.State.Penalties).RevokedAt);
    }

    [Fact]
    public void Withdrawing_the_complaint_whose_penalty_froze_the_store_gives_back_the_points_and_lifts_the_freeze()
    {
        var ledger = PenaltyLedger.Open(_scene.Respondent.Id);
        var reviewer = Actor.Reviewer("r");
        ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), PenaltyPolicy.P003, OffenceSeverity.Ordinary, reviewer, At.Beijing(2030, 1, 10, 10));
        ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), PenaltyPolicy.P003, OffenceSeverity.Ordinary, reviewer, At.Beijing(2030, 2, 10, 10));
        var scene = new ComplaintScene(ledger: ledger, respondent: _scene.Respondent);
        var complaint = scene.Established(Monday); // 6 → 12 points: frozen 7 days
        Assert.True(ledger.IsFrozenOrClosedAt(Monday + Duration.FromHours(1)));

        complaint.Withdraw(scene.Owner.Id, "settled", ledger, Monday + Duration.FromDays(1));

        Assert.Equal(6, ledger.PointsAt(Monday + Duration.FromDays(1)));
        Assert.False(ledger.IsFrozenOrClosedAt(Monday + Duration.FromDays(1)));
    }

    [Fact]
    public void Only_the_complainant_may_withdraw()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(Refusal.NotTheComplainant, complaint.Withdraw(_scene.Respondent.Id, null, _scene.Ledger, Monday + Duration.FromHours(1)).Refusal);
    }

    [Fact]
    public void A_withdrawal_one_second_before_the_appeal_decision_succeeds_and_the_decision_is_then_refused()
    {
        var complaint = _scene.Established(Monday);
        complaint.Appeal(_scene.Respondent.Id, "my own photo", _scene.Calendar, Monday + Duration.FromHours(2));
        var decisionAt = At.Beijing(2030, 3, 7, 12);

        var withdrawal = complaint.Withdraw(_scene.Owner.Id, null, _scene.Ledger, decisionAt - Duration.FromSeconds(1));
        var decision = complaint.DecideAppeal(_scene.Reviewer, false, "copied", _scene.Ledger, _scene.Calendar, decisionAt);

        Assert.True(withdrawal.Succeeded);
        Assert.Equal(Refusal.ComplaintWithdrawn, decision.Refusal);
        Assert.False(complaint.State.GoodsRemoved);
        Assert.NotNull(Assert.Single(_scene.Ledger.State.Penalties).RevokedAt);
    }

    [Fact]
    public void A_withdrawal_one_second_after_the_appeal_decision_is_refused()
    {
        var complaint = _scene.Established(Monday);
        complaint.Appeal(_scene.Respondent.Id, "my own photo", _scene.Calendar, Monday + Duration.FromHours(2));
        var decisionAt = At.Beijing(2030, 3, 7, 12);

        var decision = complaint.DecideAppeal(_scene.Reviewer, false, "copied", _scene.Ledger, _scene.Calendar, decisionAt);
        var withdrawal = complaint.Withdraw(_scene.Owner.Id, null, _scene.Ledger, decisionAt + Duration.FromSeconds(1));

        Assert.True(decision.Succeeded);
        Assert.Equal(Refusal.AppealAlreadyDecided, withdrawal.Refusal);
        Assert.True(complaint.State.GoodsRemoved);
        Assert.Null(Assert.Single(_scene.Ledger.State.Penalties).RevokedAt);
    }

    [Fact]
    public void A_withdrawal_after_an_upheld_appeal_is_refused()
    {
        var complaint = _scene.Established(Monday);
        complaint.Appeal(_scene.Respondent.Id, "my own photo", _scene.Calendar, Monday + Duration.FromHours(2));
        complaint.DecideAppeal(_scene.Reviewer, true, "shot by respondent", _scene.Ledger, _scene.Calendar, Monday + Duration.FromDays(1));

        Assert.Equal(Refusal.AppealAlreadyDecided, complaint.Withdraw(_scene.Owner.Id, null, _scene.Ledger, Monday + Duration.FromDays(2)).Refusal);
    }

    [Fact]
    public void A_withdrawal_in_the_last_second_of_the_appeal_window_succeeds()
    {
        var complaint = _scene.Established(Monday);

        Assert.True(complaint.Withdraw(_scene.Owner.Id, null, _scene.Ledger, FirstWindowCloses - Duration.FromSeconds(1)).Succeeded);
    }

    [Fact]
    public void A_withdrawal_once_the_appeal_window_has_closed_is_refused_even_before_the_worker_closed_it()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(Refusal.AppealWindowClosed, complaint.Withdraw(_scene.Owner.Id, null, _scene.Ledger, FirstWindowCloses).Refusal);
        Assert.False(complaint.ToComplainantView(FirstWindowCloses).MayWithdraw);
    }

    [Fact]
    public void A_withdrawal_after_the_window_was_closed_by_the_worker_is_refused()
    {
        var complaint = _scene.Established(Monday);
        complaint.CloseAppealWindow(Actor.System("deadline-worker"), FirstWindowCloses);

        Assert.Equal(Refusal.AppealWindowClosed, complaint.Withdraw(_scene.Owner.Id, null, _scene.Ledger, FirstWindowCloses + Duration.FromMinutes(1)).Refusal);
    }

    [Fact]
    public void Withdrawing_twice_is_refused()
    {
        var complaint = _scene.Established(Monday);
        complaint.Withdraw(_scene.Owner.Id, null, _scene.Ledger, Monday + Duration.FromHours(1));

        Assert.Equal(Refusal.ComplaintWithdrawn, complaint.Withdraw(_scene.Owner.Id, null, _scene.Ledger, Monday + Duration.FromHours(2)).Refusal);
    }

    [Fact]
    public void A_change_dated_before_the_last_change_is_refused()
    {
        var complaint = _scene.Established(Monday);

        Assert.Equal(Refusal.StaleInstant, complaint.Withdraw(_scene.Owner.Id, null, _scene.Ledger, Monday - Duration.FromSeconds(1)).Refusal);
    }

    [Fact]
    public void Establishing_a_complaint_dated_before_the_respondents_last_penalty_change_is_refused()
    {
        var later = _scene.Established(Monday + Duration.FromHours(2));
        var earlier = _scene.File(Monday);

        var outcome = _scene.Establish(earlier, Monday + Duration.FromHours(1));

        Assert.Equal(Refusal.StaleInstant, outcome.Refusal);
        Assert.Equal(ComplaintStatus.AwaitingAcceptance, earlier.Status);
        Assert.Equal(later.State.Penalty, Assert.Single(_scene.Ledger.State.Penalties).Id);
    }

    [Fact]
    public void A_restored_complaint_continues_where_it_was()
    {
        var complaint = _scene.Established(Monday);

        var restored = Complaint.Restore(complaint.State);
        var outcome = restored.Appeal(_scene.Respondent.Id, "mine", _scene.Calendar, Monday + Duration.FromHours(1));

        Assert.True(outcome.Succeeded);
        Assert.DoesNotContain(restored.PendingAudit, e => e.Action != "appeal.filed");
    }
}
