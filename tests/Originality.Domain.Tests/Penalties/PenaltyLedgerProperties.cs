using FsCheck.Xunit;
using NodaTime;
using Originality.Domain.Penalties;
using Originality.Domain.Tests.Builders;
using Originality.Domain.Time;

namespace Originality.Domain.Tests.Penalties;

/// <summary>Invariants of the ledger over arbitrary sequences of establishments and revocations.</summary>
public sealed class PenaltyLedgerProperties
{
    private static readonly Instant Start = At.Beijing(2030, 1, 1, 9);
    private static readonly Actor Reviewer = Actor.Reviewer("r");

    private static (PenaltyLedger Ledger, Instant Last) Build(byte[] hourSteps, bool p001)
    {
        var ledger = PenaltyLedger.Open(MemberId.New());
        var at = Start;
        foreach (var step in hourSteps)
        {
            at += Duration.FromHours(step % 72);
            ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), p001 ? PenaltyPolicy.P001 : PenaltyPolicy.P003, OffenceSeverity.Ordinary, Reviewer, at);
        }
        return (ledger, at);
    }

    [Property(MaxTest = 200)]
    public bool Revoking_every_penalty_gives_back_every_point_and_lifts_every_sanction(byte[] hourSteps, bool p001)
    {
        var (ledger, last) = Build(hourSteps, p001);
        var revokeAt = last + Duration.FromHours(1);

        foreach (var p in ledger.State.Penalties)
        {
            ledger.Revoke(p.Id, Reviewer, "withdrawn", revokeAt);
        }

        return ledger.PointsAt(revokeAt) == 0 && ledger.SanctionsInEffectAt(revokeAt).Count == 0;
    }

    [Property(MaxTest = 200)]
    public bool Under_P003_the_points_are_6_per_deducting_Beijing_day_and_never_more(byte[] hourSteps)
    {
        var (ledger, last) = Build(hourSteps, p001: false);

        var deductionDays = ledger.State.Penalties
            .Where(p => p.Kind == PenaltyKind.Deduction && p.Year == BeijingTime.YearOf(last))
            .Select(p => BeijingTime.DateOf(p.EstablishedAt))
            .ToList();

        return ledger.PointsAt(last) == 6 * deductionDays.Count
            && deductionDays.Distinct().Count() == deductionDays.Count;
    }

    [Property(MaxTest = 200)]
    public bool Revoking_a_penalty_never_changes_the_points_before_the_revocation(byte[] hourSteps, byte pick)
    {
        var (ledger, last) = Build(hourSteps, p001: false);
        if (ledger.State.Penalties.Count == 0)
        {
            return true;
        }
        var probes = Enumerable.Range(0, 20).Select(i => Start + Duration.FromHours(i * 37)).Where(t => t <= last).ToList();
        var before = probes.Select(ledger.PointsAt).ToList();

        ledger.Revoke(ledger.State.Penalties[pick % ledger.State.Penalties.Count].Id, Reviewer, "withdrawn", last + Duration.FromMinutes(1));

        return probes.Select(ledger.PointsAt).SequenceEqual(before);
    }
}
