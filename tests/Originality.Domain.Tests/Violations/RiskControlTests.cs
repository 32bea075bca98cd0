using NodaTime;
using Originality.Domain.Violations;

namespace Originality.Domain.Tests.Violations;

/// <summary>V-7: more than the configured number of applications from one IP in a Beijing day are held.</summary>
public class RiskControlTests
{
    private static readonly ViolationPolicy ThreePerDay = ViolationPolicy.Default with { MaxApplicationsPerIpPerDay = 3 };
    private static readonly Instant Now = ViolationBuilder.DefaultPenalizedAt + Duration.FromDays(1);

    [Fact]
    public void The_Nth_application_from_one_IP_on_a_Beijing_day_goes_to_review()
    {
        var violation = new ViolationBuilder().Under(ThreePerDay).Build();

        var outcome = Filing.File(violation, Now, fromSameIp: 2, policy: ThreePerDay);

        var filed = Assert.IsType<FilingOutcome.Filed>(outcome);
        Assert.Equal(RecoveryStatus.AwaitingReview, filed.Application.Status);
    }

    [Fact]
    public void The_N_plus_first_application_from_one_IP_on_a_Beijing_day_is_held_with_a_message()
    {
        var violation = new ViolationBuilder().Under(ThreePerDay).Build();

        var outcome = Filing.File(violation, Now, fromSameIp: 3, policy: ThreePerDay);

        var held = Assert.IsType<FilingOutcome.Held>(outcome);
        Assert.Equal(RecoveryStatus.HeldForRiskControl, held.Application.Status);
        Assert.Contains("more than 3", held.Message, StringComparison.Ordinal);
        Assert.Contains("2026-03-03", held.Message, StringComparison.Ordinal);
        Assert.Equal(held.Message, held.Application.History.Single().Note);
    }

    [Fact]
    public void The_counting_day_runs_from_Beijing_midnight_to_Beijing_midnight()
    {
        // 2026-03-03 15:59:59 UTC is 23:59:59 Beijing on 3 March; one second later is 4 March.
        var lastSecond = Instant.FromUtc(2026, 3, 3, 15, 59, 59);

        var day = RecoveryFiling.RiskControlDay(lastSecond);
        var nextDay = RecoveryFiling.RiskControlDay(lastSecond + Duration.FromSeconds(1));

        Assert.Equal(Instant.FromUtc(2026, 3, 2, 16, 0), day.Start);
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 16, 0), day.End);
        Assert.Equal(day.End, nextDay.Start);
        Assert.True(day.Contains(lastSecond));
        Assert.False(day.Contains(lastSecond + Duration.FromSeconds(1)));
    }

    [Fact]
    public void On_the_next_Beijing_day_the_same_IP_is_counted_afresh_and_goes_to_review()
    {
        var violation = new ViolationBuilder().Under(ThreePerDay).Build();
        var nextBeijingDay = RecoveryFiling.RiskControlDay(Now).End;
        // Three earlier ones fell on the previous Beijing day, so none count on the new day.
        var earlierOnTheNewDay = 0;

        var outcome = Filing.File(violation, nextBeijingDay, fromSameIp: earlierOnTheNewDay, policy: ThreePerDay);

        Assert.IsType<FilingOutcome.Filed>(outcome);
    }

    [Fact]
    public void Counting_from_filed_applications_holds_the_N_plus_first_at_23_59_59_and_files_it_at_Beijing_midnight()
    {
        // Three applications from one IP at 23:00 Beijing on 3 March (15:00 UTC), each for its own violation.
        var at2300 = Instant.FromUtc(2026, 3, 3, 15, 0);
        var earlier = Enumerable.Range(0, 3)
            .Select(i => Filing.FiledApplication(new ViolationBuilder().Under(ThreePerDay).Build(), at2300 + Duration.FromMinutes(i)))
            .ToList();
        var lastSecondOfDay = Instant.FromUtc(2026, 3, 3, 15, 59, 59);
        var midnight = Instant.FromUtc(2026, 3, 3, 16, 0);
        var violation = new ViolationBuilder().Under(ThreePerDay).Build();
        var request = new RequestBuilder(violation).Build();

        var sameDay = RecoveryFiling.File(request, violation, [], RecoveryFiling.EarlierFromSameIp(earlier, request.IpAddress, lastSecondOfDay), ThreePerDay, lastSecondOfDay);
        var nextDay = RecoveryFiling.File(request, violation, [], RecoveryFiling.EarlierFromSameIp(earlier, request.IpAddress, midnight), ThreePerDay, midnight);
        var otherIp = RecoveryFiling.EarlierFromSameIp(earlier, "198.51.100.1", lastSecondOfDay);

        Assert.IsType<FilingOutcome.Held>(sameDay);
        Assert.IsType<FilingOutcome.Filed>(nextDay);
        Assert.Equal(0, otherIp);
    }

    [Fact]
    public void A_held_application_cannot_be_decided_until_released()
    {
        var violation = new ViolationBuilder().Under(ThreePerDay).Build();
        var held = Assert.IsType<FilingOutcome.Held>(Filing.File(violation, Now, fromSameIp: 3, policy: ThreePerDay)).Application;

        var approve = held.Approve(violation, Ids.Reviewer, Now + Duration.FromHours(1));
        var reject = held.Reject(["x"], Ids.Reviewer, Now + Duration.FromHours(1));

        Assert.Same(Refusal.RecoveryHeldForRiskControl, approve.Refusal);
        Assert.Same(Refusal.RecoveryHeldForRiskControl, reject.Refusal);
        Assert.True(violation.IsPenaltyInForceAt(Now + Duration.FromHours(1)));
    }

    [Fact]
    public void A_released_application_joins_the_review_and_can_be_approved()
    {
        var violation = new ViolationBuilder().Under(ThreePerDay).Build();
        var held = Assert.IsType<FilingOutcome.Held>(Filing.File(violation, Now, fromSameIp: 3, policy: ThreePerDay)).Application;

        var release = held.Release(Ids.Reviewer, Now + Duration.FromHours(1));
        var approve = held.Approve(violation, Ids.Reviewer, Now + Duration.FromHours(2));

        Assert.True(release.Succeeded);
        Assert.True(approve.Succeeded);
        Assert.Equal(RecoveryStatus.Approved, held.Status);
    }

    [Fact]
    public void Releasing_an_application_that_is_not_held_is_refused()
    {
        var violation = new ViolationBuilder().Build();
        var filed = Filing.FiledApplication(violation, Now);

        Assert.Same(Refusal.RecoveryNotAwaitingReview, filed.Release(Ids.Reviewer, Now + Duration.FromHours(1)).Refusal);
    }
}
