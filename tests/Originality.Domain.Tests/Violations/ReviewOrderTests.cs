using NodaTime;
using Originality.Domain.Time;
using Originality.Domain.Violations;

namespace Originality.Domain.Tests.Violations;

/// <summary>V-8: review order, strict categories, 90-day history and the high-risk mark; V-10 records.</summary>
public class ReviewOrderTests
{
    // Monday 2026-03-02 10:00 Beijing.
    private static readonly Instant Monday = ViolationBuilder.DefaultPenalizedAt;

    private static ReviewCandidate Candidate(Instant filedAt, StoreLevel level, string category = "toys")
    {
        var violation = new ViolationBuilder().Build();
        var application = Filing.FiledApplication(violation, filedAt);
        var history = ViolationHistory.Of([], filedAt, ViolationPolicy.Default);
        return new ReviewCandidate(application, level, Category.Of(category), history);
    }

    [Fact]
    public void Review_is_due_at_24_00_Beijing_of_the_seventh_working_day_after_filing()
    {
        var candidate = Candidate(Monday, StoreLevel.Lv3);

        var due = ReviewOrder.ReviewDueAt(candidate.Application, WorkingDayCalendar.WeekendsOnly, ViolationPolicy.Default);

        // Seven working days after Monday 2 March: Wednesday 11 March, 24:00 Beijing.
        Assert.Equal(Instant.FromUtc(2026, 3, 11, 16, 0), due);
    }

    [Fact]
    public void An_earlier_review_deadline_comes_first_whatever_the_store_level()
    {
        var lowLevelEarlier = Candidate(Monday, StoreLevel.Lv1);
        var highLevelLater = Candidate(Monday + Duration.FromDays(1), StoreLevel.Lv5);

        var queue = ReviewOrder.Order([highLevelLater, lowLevelEarlier], WorkingDayCalendar.WeekendsOnly, ViolationPolicy.Default);

        Assert.Same(lowLevelEarlier.Application, queue[0].Application);
    }

    [Fact]
    public void On_the_same_due_day_Lv4_and_above_come_before_Lv3_before_Lv1_and_Lv2()
    {
        var lv1 = Candidate(Monday, StoreLevel.Lv1);
        var lv2 = Candidate(Monday + Duration.FromMinutes(1), StoreLevel.Lv2);
        var lv3 = Candidate(Monday + Duration.FromMinutes(2), StoreLevel.Lv3);
        var lv4 = Candidate(Monday + Duration.FromMinutes(3), StoreLevel.Lv4);
        var lv5 = Candidate(Monday + Duration.FromMinutes(4), StoreLevel.Lv5);

        var queue = ReviewOrder.Order([lv1, lv2, lv3, lv4, lv5], WorkingDayCalendar.WeekendsOnly, ViolationPolicy.Default);

        Assert.Equal([StoreLevel.Lv4, StoreLevel.Lv5, StoreLevel.Lv3, StoreLevel.Lv1, StoreLevel.Lv2], queue.Select(e => e.StoreLevel));
        Assert.Equal([true, true, false, false, false], queue.Select(e => e.PriorityStore));
    }

    [Fact]
    public void High_theft_categories_are_marked_for_strict_review_and_come_first_within_a_level()
    {
        var toys = Candidate(Monday, StoreLevel.Lv3, "toys");
        var beauty = Candidate(Monday + Duration.FromMinutes(1), StoreLevel.Lv3, "Beauty");
        var apparel = Candidate(Monday + Duration.FromMinutes(2), StoreLevel.Lv3, "apparel");

        var queue = ReviewOrder.Order([toys, beauty, apparel], WorkingDayCalendar.WeekendsOnly, ViolationPolicy.Default);

        Assert.Equal(["beauty", "apparel", "toys"], queue.Select(e => e.Category.Code));
        Assert.Equal([true, true, false], queue.Select(e => e.StrictReview));
    }

    [Fact]
    public void Held_and_decided_applications_are_not_in_the_queue()
    {
        var violation = new ViolationBuilder().Build();
        var held = Assert.IsType<FilingOutcome.Held>(Filing.File(violation, Monday, fromSameIp: 100)).Application;
        var decided = Candidate(Monday, StoreLevel.Lv3);
        decided.Application.Reject(["No."], Ids.Reviewer, Monday + Duration.FromHours(1));
        var history = ViolationHistory.Of([], Monday, ViolationPolicy.Default);

        var queue = ReviewOrder.Order(
            [new ReviewCandidate(held, StoreLevel.Lv5, Category.Of("toys"), history), decided],
            WorkingDayCalendar.WeekendsOnly, ViolationPolicy.Default);

        Assert.Empty(queue);
    }

    [Fact]
    public void Four_violations_of_one_type_in_90_days_mark_the_store_high_risk()
    {
        var now = Monday + Duration.FromDays(100);
        var violations = Enumerable.Range(1, 4)
            .Select(i => new ViolationBuilder().OfType(PictureViolationType.StolenPicture).PenalizedAt(now - Duration.FromDays(20 * i)).Build())
            .ToList();

        var history = ViolationHistory.Of(violations, now, ViolationPolicy.Default);

        Assert.True(history.IsHighRisk);
        Assert.Equal([PictureViolationType.StolenPicture], history.HighRiskTypes);
        Assert.Equal(4, history.CountByType[PictureViolationType.StolenPicture]);
    }

    [Fact]
    public void Three_violations_of_one_type_or_four_spread_over_types_are_not_high_risk()
    {
        var now = Monday + Duration.FromDays(100);
        var three = Enumerable.Range(1, 3)
            .Select(i => new ViolationBuilder().OfType(PictureViolationType.StolenPicture).PenalizedAt(now - Duration.FromDays(i)).Build());
        var other = new ViolationBuilder().OfType(PictureViolationType.ContactDetailsShown).PenalizedAt(now - Duration.FromDays(1)).Build();

        var history = ViolationHistory.Of([.. three, other], now, ViolationPolicy.Default);

        Assert.False(history.IsHighRisk);
        Assert.Equal(4, history.Violations.Count);
    }

    [Fact]
    public void A_violation_older_than_90_days_or_revoked_does_not_count()
    {
        var now = Monday + Duration.FromDays(200);
        var recent = Enumerable.Range(1, 3)
            .Select(i => new ViolationBuilder().OfType(PictureViolationType.StolenPicture).PenalizedAt(now - Duration.FromDays(i)).Build())
            .ToList();
        var old = new ViolationBuilder().OfType(PictureViolationType.StolenPicture).PenalizedAt(now - Duration.FromDays(90)).Build();
        var revokedSource = new ViolationBuilder().OfType(PictureViolationType.StolenPicture).PenalizedAt(now - Duration.FromDays(5)).Build();
        var application = Filing.FiledApplication(revokedSource, revokedSource.PenalizedAt + Duration.FromHours(1));
        application.Approve(revokedSource, Ids.Reviewer, revokedSource.PenalizedAt + Duration.FromHours(2));

        var history = ViolationHistory.Of([.. recent, old, revokedSource], now, ViolationPolicy.Default);

        Assert.False(history.IsHighRisk);
        Assert.Equal(3, history.CountByType[PictureViolationType.StolenPicture]);
    }

    [Fact]
    public void A_member_sees_only_their_own_application_records_newest_first_with_progress_and_reasons()
    {
        var mine1 = Filing.FiledApplication(new ViolationBuilder().Build(), Monday);
        var mine2 = Filing.FiledApplication(new ViolationBuilder().Build(), Monday + Duration.FromHours(1));
        mine1.Reject(["The WeChat id is still on the picture."], Ids.Reviewer, Monday + Duration.FromDays(3));
        var theirs = Filing.FiledApplication(new ViolationBuilder().Of(Ids.OtherSeller).Build(), Monday + Duration.FromHours(2));

        var records = ApplicationRecords.For(Ids.Seller, [mine1, theirs, mine2]);

        Assert.Equal([mine2.Id, mine1.Id], records.Select(r => r.ApplicationId));
        Assert.Equal(RecoveryStatus.Rejected, records[1].Status);
        Assert.Equal(["The WeChat id is still on the picture."], records[1].RejectionReasons);
        Assert.Equal([RecoveryStatus.AwaitingReview, RecoveryStatus.Rejected], records[1].Progress.Select(p => p.Status));
    }
}
