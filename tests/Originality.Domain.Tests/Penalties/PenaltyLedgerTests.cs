using NodaTime;
using Originality.Domain.Penalties;
using Originality.Domain.Tests.Builders;

namespace Originality.Domain.Tests.Penalties;

public sealed class PenaltyLedgerTests
{
    private static readonly Instant First = At.Beijing(2030, 3, 4, 10);
    private readonly PenaltyLedger _ledger = PenaltyLedger.Open(MemberId.New());
    private readonly Actor _reviewer = Actor.Reviewer("r");

    private PenaltyDecision Establish(Instant at, PenaltyPolicy? policy = null, OffenceSeverity severity = OffenceSeverity.Ordinary) =>
        _ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), policy ?? PenaltyPolicy.P003, severity, _reviewer, at);

    /// <summary>Records the first offence, then one deduction per day from <paramref name="from"/> until the points reach <paramref name="points"/>.</summary>
    private Instant DeductUntil(int points, Instant from)
    {
        if (_ledger.State.Penalties.Count == 0)
        {
            Establish(from - Duration.FromDays(30));
        }
        var at = from;
        while (_ledger.PointsAt(at) < points)
        {
            Establish(at);
            at += Duration.FromDays(1);
        }
        return at - Duration.FromDays(1);
    }

    // P-1
    [Fact]
    public void A_sellers_first_established_complaint_deducts_no_points_and_gives_a_warning()
    {
        var decision = Establish(First);

        Assert.Equal((PenaltyKind.FirstOffence, 0), (decision.Penalty.Kind, decision.Penalty.Points));
        Assert.Equal(SanctionKind.Warning, decision.Sanction!.Kind);
        Assert.Equal(0, _ledger.PointsAt(First));
        Assert.True(_ledger.MayPublishAt(First));
    }

    [Fact]
    public void A_complaint_established_4_days_23_hours_after_the_first_counts_as_the_first()
    {
        Establish(First);

        var decision = Establish(First + Duration.FromDays(4) + Duration.FromHours(23));

        Assert.Equal(PenaltyKind.CountedAsFirst, decision.Penalty.Kind);
        Assert.Null(decision.Sanction);
        Assert.Equal(0, _ledger.PointsAt(First + Duration.FromDays(5)));
    }

    [Fact]
    public void A_complaint_established_just_over_5_days_after_the_first_deducts_6_points()
    {
        Establish(First);

        var decision = Establish(First + Duration.FromDays(5) + Duration.FromSeconds(1));

        Assert.Equal((PenaltyKind.Deduction, 6), (decision.Penalty.Kind, decision.Penalty.Points));
        Assert.Equal(6, decision.PointsAfter);
    }

    // P-2
    [Fact]
    public void Two_complaints_established_on_the_same_day_deduct_once()
    {
        Establish(First);
        var day = At.Beijing(2030, 3, 20, 7); // 07:00 Beijing is still 19 March in UTC

        Establish(day);
        var second = Establish(At.Beijing(2030, 3, 20, 23, 30));

        Assert.Equal(PenaltyKind.SameDayAsDeduction, second.Penalty.Kind);
        Assert.Equal(0, second.Penalty.Points);
        Assert.Equal(6, _ledger.PointsAt(At.Beijing(2030, 3, 20, 23, 59)));
    }

    [Fact]
    public void A_complaint_established_the_next_Beijing_day_deducts_again()
    {
        Establish(First);
        Establish(At.Beijing(2030, 3, 20, 23, 30));

        var next = Establish(At.Beijing(2030, 3, 21, 0, 30));

        Assert.Equal(6, next.Penalty.Points);
        Assert.Equal(12, next.PointsAfter);
    }

    // P-3
    [Theory]
    [InlineData(6, SanctionKind.PublishingRestricted, 3)]
    [InlineData(12, SanctionKind.Frozen, 7)]
    [InlineData(24, SanctionKind.Frozen, 14)]
    public void Reaching_a_threshold_imposes_its_sanction_with_start_and_end(int points, SanctionKind kind, int days)
    {
        var at = DeductUntil(points, At.Beijing(2030, 4, 1, 10));

        var sanction = _ledger.State.Sanctions[^1];

        Assert.Equal(kind, sanction.Kind);
        Assert.Equal(at, sanction.StartsAt);
        Assert.Equal(at + Duration.FromDays(days), sanction.EndsAt);
        Assert.Equal(points, sanction.ThresholdPoints);
        Assert.False(_ledger.MayPublishAt(at + Duration.FromDays(days) - Duration.FromSeconds(1)));
        Assert.True(_ledger.MayPublishAt(at + Duration.FromDays(days)));
    }

    [Fact]
    public void Reaching_36_points_freezes_the_store_for_one_calendar_month()
    {
        var at = DeductUntil(36, At.Beijing(2030, 4, 1, 10)); // 6 deductions: 1..6 April

        var sanction = _ledger.State.Sanctions[^1];

        Assert.Equal(SanctionKind.Frozen, sanction.Kind);
        Assert.Equal(At.Beijing(2030, 4, 6, 10), at);
        Assert.Equal(At.Beijing(2030, 5, 6, 10), sanction.EndsAt);
    }

    [Fact]
    public void Reaching_48_points_closes_the_store_for_good()
    {
        var at = DeductUntil(48, At.Beijing(2030, 4, 1, 10));

        var sanction = _ledger.State.Sanctions[^1];

        Assert.Equal(SanctionKind.Closed, sanction.Kind);
        Assert.Null(sanction.EndsAt);
        Assert.True(_ledger.IsFrozenOrClosedAt(at + Duration.FromDays(3650)));
    }

    [Fact]
    public void A_deduction_that_stays_in_the_same_tier_gives_a_warning()
    {
        DeductUntil(12, At.Beijing(2030, 4, 1, 10));

        var decision = Establish(At.Beijing(2030, 4, 20, 10)); // 18 points

        Assert.Equal(SanctionKind.Warning, decision.Sanction!.Kind);
    }

    [Fact]
    public void Under_6_points_every_deduction_gives_a_warning()
    {
        Establish(First, PenaltyPolicy.P001);

        var two = Establish(First + Duration.FromDays(1), PenaltyPolicy.P001);
        var four = Establish(First + Duration.FromDays(2), PenaltyPolicy.P001);
        var six = Establish(First + Duration.FromDays(3), PenaltyPolicy.P001);

        Assert.Equal([SanctionKind.Warning, SanctionKind.Warning, SanctionKind.PublishingRestricted], new[] { two, four, six }.Select(d => d.Sanction!.Kind));
    }

    [Fact]
    public void A_freeze_end_is_a_durable_deadline_recorded_once_by_the_worker_and_not_before_it_ends()
    {
        var at = DeductUntil(12, At.Beijing(2030, 4, 1, 10));
        var freeze = _ledger.State.Sanctions[^1];
        var worker = Actor.System("deadline-worker");

        Assert.Contains(new LedgerDeadline(LedgerDeadlineKind.SanctionEnds, at + Duration.FromDays(7), Sanction: freeze.Id), _ledger.PendingDeadlines());
        Assert.Equal(Refusal.SanctionStillRunning, _ledger.RecordSanctionEnded(freeze.Id, worker, freeze.EndsAt!.Value - Duration.FromSeconds(1)).Refusal);
        Assert.True(_ledger.RecordSanctionEnded(freeze.Id, worker, freeze.EndsAt!.Value).Succeeded);
        Assert.Equal(Refusal.SanctionAlreadyEnded, _ledger.RecordSanctionEnded(freeze.Id, worker, freeze.EndsAt!.Value + Duration.FromSeconds(1)).Refusal);
        Assert.DoesNotContain(_ledger.PendingDeadlines(), d => d.Sanction == freeze.Id);
    }

    // P-4
    [Fact]
    public void The_year_end_reset_is_a_durable_deadline_until_recorded()
    {
        Establish(At.Beijing(2030, 11, 1, 10));

        Assert.Equal(new LedgerDeadline(LedgerDeadlineKind.YearEndReset, At.Beijing(2031, 1, 1), Year: 2030), Assert.Single(_ledger.PendingDeadlines()));
        _ledger.RecordYearEndReset(2030, Actor.System("deadline-worker"), At.Beijing(2031, 1, 1));
        Assert.Empty(_ledger.PendingDeadlines());
    }

    [Fact]
    public void Twelve_points_reached_on_31_December_are_cleared_at_midnight_Beijing_time()
    {
        Establish(At.Beijing(2030, 11, 1, 10));
        Establish(At.Beijing(2030, 12, 10, 10));

        var decision = Establish(At.Beijing(2030, 12, 31, 20));

        Assert.Equal(12, decision.PointsAfter);
        Assert.Equal(SanctionKind.Frozen, decision.Sanction!.Kind);
        Assert.Equal(12, _ledger.PointsAt(At.Beijing(2030, 12, 31, 23, 59, 59)));
        Assert.Equal(0, _ledger.PointsAt(At.Beijing(2031, 1, 1)));
        Assert.Equal(Instant.FromUtc(2030, 12, 31, 16, 0), At.Beijing(2031, 1, 1));
    }

    [Fact]
    public void The_reset_clears_points_but_a_freeze_started_in_December_runs_its_term()
    {
        Establish(At.Beijing(2030, 11, 1, 10));
        Establish(At.Beijing(2030, 12, 10, 10));
        Establish(At.Beijing(2030, 12, 31, 20));

        Assert.True(_ledger.IsFrozenOrClosedAt(At.Beijing(2031, 1, 2)));
        Assert.False(_ledger.IsFrozenOrClosedAt(At.Beijing(2031, 1, 7, 20)));
    }

    [Fact]
    public void The_first_deduction_of_a_new_year_counts_from_zero()
    {
        Establish(At.Beijing(2030, 11, 1, 10));
        Establish(At.Beijing(2030, 12, 10, 10));
        Establish(At.Beijing(2030, 12, 31, 20));

        var january = Establish(At.Beijing(2031, 1, 15, 10));

        Assert.Equal(6, january.PointsAfter);
        Assert.Equal(SanctionKind.PublishingRestricted, january.Sanction!.Kind);
    }

    [Fact]
    public void The_year_end_reset_is_recorded_once_and_not_before_the_year_has_ended()
    {
        Establish(At.Beijing(2030, 11, 1, 10));
        Establish(At.Beijing(2030, 12, 10, 10));
        var worker = Actor.System("deadline-worker");

        Assert.Equal(Refusal.YearNotEnded, _ledger.RecordYearEndReset(2030, worker, At.Beijing(2030, 12, 31, 23, 59, 59)).Refusal);
        Assert.True(_ledger.RecordYearEndReset(2030, worker, At.Beijing(2031, 1, 1)).Succeeded);
        Assert.Equal(Refusal.ResetAlreadyRecorded, _ledger.RecordYearEndReset(2030, worker, At.Beijing(2031, 1, 1, 0, 1)).Refusal);
        var entry = _ledger.PendingAudit.Single(e => e.Action == "points.reset");
        Assert.Equal(("P-4", "year=2030;points-cleared=6"), (entry.RuleId, entry.Data));
        Assert.Equal(At.Beijing(2031, 1, 1), PenaltyLedger.NextYearEndReset(At.Beijing(2030, 6, 1)));
    }

    // P-5
    [Fact]
    public void Under_P001_the_first_time_deducts_nothing_and_later_ones_two_points_without_a_five_day_window()
    {
        Establish(First, PenaltyPolicy.P001);

        var later = Establish(First + Duration.FromHours(1), PenaltyPolicy.P001);

        Assert.Equal(2, later.Penalty.Points);
        Assert.Equal("P-001", later.Penalty.PolicyId);
    }

    [Theory]
    [InlineData(OffenceSeverity.Serious, 6)]
    [InlineData(OffenceSeverity.VerySerious, 12)]
    public void Under_P001_serious_cases_deduct_6_or_12_points(OffenceSeverity severity, int points)
    {
        Establish(First, PenaltyPolicy.P001);

        Assert.Equal(points, Establish(First + Duration.FromDays(1), PenaltyPolicy.P001, severity).Penalty.Points);
    }

    [Fact]
    public void Under_P001_several_on_one_day_each_deduct()
    {
        Establish(First, PenaltyPolicy.P001);
        Establish(First + Duration.FromDays(1), PenaltyPolicy.P001);

        var same = Establish(First + Duration.FromDays(1) + Duration.FromHours(1), PenaltyPolicy.P001);

        Assert.Equal(4, same.PointsAfter);
    }

    // P-6
    [Fact]
    public void Under_P001_brand_theft_deducts_at_least_6_points_even_the_first_time()
    {
        var decision = Establish(First, PenaltyPolicy.P001, OffenceSeverity.BrandTheft);

        Assert.Equal((PenaltyKind.Deduction, 6), (decision.Penalty.Kind, decision.Penalty.Points));
    }

    [Fact]
    public void Under_P001_brand_theft_may_close_the_store_directly()
    {
        var decision = Establish(First, PenaltyPolicy.P001, OffenceSeverity.BrandTheftClosure);

        Assert.Equal(SanctionKind.Closed, decision.Sanction!.Kind);
        Assert.True(_ledger.IsFrozenOrClosedAt(First + Duration.FromDays(400)));
    }

    // P-7
    [Fact]
    public void Revoking_the_penalty_that_crossed_a_sanction_threshold_gives_back_its_points_and_lifts_the_sanction()
    {
        Establish(First);
        Establish(At.Beijing(2030, 3, 20, 10));
        var crossing = Establish(At.Beijing(2030, 3, 21, 10)); // 12 → frozen 7 days
        var revokedAt = At.Beijing(2030, 3, 23, 10);

        var outcome = _ledger.Revoke(crossing.Penalty.Id, _reviewer, "appeal upheld", revokedAt);

        Assert.True(outcome.Succeeded);
        Assert.Equal(6, _ledger.PointsAt(revokedAt));
        Assert.Equal(revokedAt, _ledger.State.Sanctions.Single(s => s.Id == crossing.Sanction!.Id).LiftedAt);
        Assert.False(_ledger.IsFrozenOrClosedAt(revokedAt));
        Assert.True(_ledger.IsFrozenOrClosedAt(revokedAt - Duration.FromSeconds(1)));
        Assert.Contains(_ledger.PendingAudit, e => e.Action == "sanction.lifted" && e.RuleId == "P-7");
    }

    [Fact]
    public void Revoking_an_earlier_penalty_keeps_a_sanction_that_still_applies()
    {
        Establish(First);
        Establish(At.Beijing(2030, 3, 20, 10));
        var crossing = Establish(At.Beijing(2030, 3, 21, 10)); // 12 → frozen
        Establish(At.Beijing(2030, 3, 22, 10)); // 18

        _ledger.Revoke(crossing.Penalty.Id, _reviewer, "withdrawn", At.Beijing(2030, 3, 23, 10));

        Assert.Equal(12, _ledger.PointsAt(At.Beijing(2030, 3, 23, 10)));
        Assert.Null(_ledger.State.Sanctions.Single(s => s.Id == crossing.Sanction!.Id).LiftedAt);
        Assert.True(_ledger.IsFrozenOrClosedAt(At.Beijing(2030, 3, 23, 10)));
    }

    [Fact]
    public void Revoking_one_of_two_same_day_complaints_keeps_the_single_deduction_and_revoking_both_gives_it_back()
    {
        Establish(First);
        var a = Establish(At.Beijing(2030, 3, 20, 9));
        var b = Establish(At.Beijing(2030, 3, 20, 15));

        _ledger.Revoke(a.Penalty.Id, _reviewer, "withdrawn", At.Beijing(2030, 3, 21));
        Assert.Equal(6, _ledger.PointsAt(At.Beijing(2030, 3, 21)));

        _ledger.Revoke(b.Penalty.Id, _reviewer, "withdrawn", At.Beijing(2030, 3, 22));
        Assert.Equal(0, _ledger.PointsAt(At.Beijing(2030, 3, 22)));
        Assert.NotNull(_ledger.State.Sanctions.Single(s => s.TriggeredBy == a.Penalty.Id).LiftedAt);
    }

    [Fact]
    public void Revoking_a_direct_closure_reopens_the_store()
    {
        var closure = Establish(First, PenaltyPolicy.P001, OffenceSeverity.BrandTheftClosure);

        _ledger.Revoke(closure.Penalty.Id, _reviewer, "appeal upheld", First + Duration.FromDays(3));

        Assert.False(_ledger.IsFrozenOrClosedAt(First + Duration.FromDays(3)));
    }

    [Fact]
    public void Revoking_history_does_not_change_what_the_ledger_said_before_the_revocation()
    {
        Establish(First);
        var six = Establish(At.Beijing(2030, 3, 20, 10));

        _ledger.Revoke(six.Penalty.Id, _reviewer, "withdrawn", At.Beijing(2030, 3, 25));

        Assert.Equal(6, _ledger.PointsAt(At.Beijing(2030, 3, 24)));
        Assert.Equal(0, _ledger.PointsAt(At.Beijing(2030, 3, 25)));
    }

    [Fact]
    public void Revoking_twice_or_an_unknown_penalty_is_refused()
    {
        var first = Establish(First);
        _ledger.Revoke(first.Penalty.Id, _reviewer, "withdrawn", First + Duration.FromDays(1));

        Assert.Equal(Refusal.PenaltyAlreadyRevoked, _ledger.Revoke(first.Penalty.Id, _reviewer, "again", First + Duration.FromDays(2)).Refusal);
        Assert.Equal(Refusal.PenaltyNotFound, _ledger.Revoke(PenaltyId.New(), _reviewer, "?", First + Duration.FromDays(2)).Refusal);
    }

    [Fact]
    public void A_revoked_first_offence_makes_the_next_complaint_the_first_again()
    {
        var first = Establish(First);
        _ledger.Revoke(first.Penalty.Id, _reviewer, "withdrawn", First + Duration.FromDays(1));

        var next = Establish(First + Duration.FromDays(20));

        Assert.Equal(PenaltyKind.FirstOffence, next.Penalty.Kind);
    }

    [Fact]
    public void Every_ledger_transition_is_recorded_with_its_rule()
    {
        Establish(First);
        var six = Establish(At.Beijing(2030, 3, 20, 10));
        Establish(At.Beijing(2030, 3, 20, 11));
        _ledger.Revoke(six.Penalty.Id, _reviewer, "appeal upheld", At.Beijing(2030, 3, 22));

        Assert.Equal(
            [("penalty.recorded", "P-1"), ("sanction.imposed", "P-3"), ("penalty.recorded", "P-2"), ("sanction.imposed", "P-3"), ("penalty.recorded", "P-2"), ("penalty.revoked", "P-7")],
            _ledger.PendingAudit.Select(e => (e.Action, e.RuleId)));
        Assert.Equal("appeal upheld", _ledger.PendingAudit[^1].Reason);
    }

    [Fact]
    public void A_restored_ledger_answers_the_same()
    {
        DeductUntil(12, At.Beijing(2030, 4, 1, 10));

        var restored = PenaltyLedger.Restore(_ledger.State);

        Assert.Equal(_ledger.PointsAt(At.Beijing(2030, 4, 5)), restored.PointsAt(At.Beijing(2030, 4, 5)));
        Assert.Equal(_ledger.SanctionsInEffectAt(At.Beijing(2030, 4, 3)), restored.SanctionsInEffectAt(At.Beijing(2030, 4, 3)));
    }
}
