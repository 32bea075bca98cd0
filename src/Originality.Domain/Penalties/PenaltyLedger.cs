using System.Globalization;
using NodaTime;
using Originality.Domain.Time;

namespace Originality.Domain.Penalties;

/// <summary>How a penalty entered the ledger.</summary>
public enum PenaltyKind
{
    /// <summary>P-1/P-5: the seller's first established complaint; no points, a warning.</summary>
    FirstOffence = 1,
    /// <summary>P-1: established within the first-offence window; counts as the first (no points, no new sanction).</summary>
    CountedAsFirst = 2,
    /// <summary>P-2/P-5/P-6: a deduction of points.</summary>
    Deduction = 3,
    /// <summary>P-2: established on a day that already has a deduction; deducts nothing more.</summary>
    SameDayAsDeduction = 4,
}

/// <summary>
/// One established complaint's penalty. Penalties form groups: a group (keyed by its first member,
/// <paramref name="Group"/>) carries the points of its opener as long as at least one member is not
/// revoked, so "count as that one" (P-1) and "deduct once" (P-2) survive a partial revocation.
/// </summary>
/// <param name="Id">Penalty id.</param>
/// <param name="Complaint">The established complaint.</param>
/// <param name="EstablishedAt">When the complaint was established.</param>
/// <param name="Year">Beijing year of the group's opener: the year whose points it counts in (P-4).</param>
/// <param name="PolicyId">Policy it was decided under.</param>
/// <param name="PolicyVersion">Version of that policy.</param>
/// <param name="Severity">Severity given by the reviewer.</param>
/// <param name="Kind">How it entered the ledger.</param>
/// <param name="Points">Points carried (non-zero only for a group opener).</param>
/// <param name="Group">The opener of its group (itself for an opener).</param>
/// <param name="RevokedAt">P-7: when revoked, or null.</param>
/// <param name="RevokedReason">P-7: why (withdrawal, upheld appeal), or null.</param>
public sealed record PenaltyRecord(
    PenaltyId Id,
    ComplaintId Complaint,
    Instant EstablishedAt,
    int Year,
    string PolicyId,
    int PolicyVersion,
    OffenceSeverity Severity,
    PenaltyKind Kind,
    int Points,
    PenaltyId Group,
    Instant? RevokedAt = null,
    string? RevokedReason = null)
{
    /// <summary>True when established by <paramref name="at"/> and not revoked by then.</summary>
    public bool IsActiveAt(Instant at) => EstablishedAt <= at && (RevokedAt is not { } r || at < r);
}

/// <summary>A sanction with its start and end instants (P-3).</summary>
/// <param name="Id">Sanction id.</param>
/// <param name="Kind">Warning, publishing restriction, freeze or closure.</param>
/// <param name="StartsAt">When it starts (the establishment instant).</param>
/// <param name="EndsAt">When it ends; equal to <paramref name="StartsAt"/> for a warning; null for a closure.</param>
/// <param name="TriggeredBy">The penalty whose deduction triggered it.</param>
/// <param name="Year">The points year it belongs to.</param>
/// <param name="ThresholdPoints">The points threshold it was triggered by; null for warnings and direct closures (P-6).</param>
/// <param name="LiftedAt">P-7: when lifted early, or null.</param>
/// <param name="EndRecorded">True once the deadline worker recorded the end (<see cref="PenaltyLedger.RecordSanctionEnded"/>).</param>
public sealed record SanctionRecord(
    SanctionId Id,
    SanctionKind Kind,
    Instant StartsAt,
    Instant? EndsAt,
    PenaltyId TriggeredBy,
    int Year,
    int? ThresholdPoints,
    Instant? LiftedAt = null,
    bool EndRecorded = false)
{
    /// <summary>True when the sanction restricts the store at <paramref name="at"/> (warnings never do).</summary>
    public bool IsInEffectAt(Instant at) =>
        Kind != SanctionKind.Warning
        && StartsAt <= at
        && (EndsAt is not { } end || at < end)
        && (LiftedAt is not { } lifted || at < lifted);
}

/// <summary>The persisted state of a member's <see cref="PenaltyLedger"/>.</summary>
/// <param name="Member">The penalised member.</param>
/// <param name="Penalties">All penalties, oldest first.</param>
/// <param name="Sanctions">All sanctions, oldest first.</param>
/// <param name="ResetYears">P-4: years whose reset has been recorded.</param>
public sealed record PenaltyLedgerState(
    MemberId Member,
    IReadOnlyList<PenaltyRecord> Penalties,
    IReadOnlyList<SanctionRecord> Sanctions,
    IReadOnlyList<int> ResetYears);

/// <summary>What a ledger deadline is for.</summary>
public enum LedgerDeadlineKind
{
    /// <summary>P-3: a restriction or freeze ends; the worker calls <see cref="PenaltyLedger.RecordSanctionEnded"/>.</summary>
    SanctionEnds = 1,
    /// <summary>P-4: the year's points are cleared; the worker calls <see cref="PenaltyLedger.RecordYearEndReset"/>.</summary>
    YearEndReset = 2,
}

/// <summary>A durable deadline of a penalty ledger.</summary>
/// <param name="Kind">What is due.</param>
/// <param name="DueAt">When.</param>
/// <param name="Sanction">The sanction, for <see cref="LedgerDeadlineKind.SanctionEnds"/>.</param>
/// <param name="Year">The year, for <see cref="LedgerDeadlineKind.YearEndReset"/>.</param>
public sealed record LedgerDeadline(LedgerDeadlineKind Kind, Instant DueAt, SanctionId? Sanction = null, int? Year = null);

/// <summary>What establishing a complaint did to the ledger.</summary>
/// <param name="Penalty">The new penalty entry.</param>
/// <param name="Sanction">The sanction it triggered, or null when it counted with an earlier one.</param>
/// <param name="PointsAfter">Points of the current year afterwards.</param>
public sealed record PenaltyDecision(PenaltyRecord Penalty, SanctionRecord? Sanction, int PointsAfter);

/// <summary>
/// A member's penalty points and sanctions, all years (P-1..P-7). Points count per Beijing calendar
/// year and read as zero from the end of 31 December (P-4) without any write; the reset is also
/// recorded in the audit trail by <see cref="RecordYearEndReset"/>.
/// </summary>
/// <remarks>
/// Sanction rule (P-3), as implemented: a deduction that moves the year's points into a higher tier
/// than before triggers that tier's sanction; any other deduction (and a first offence) gives a
/// warning. Revoking (P-7) gives back the group's points when no member of its group remains and
/// lifts every sanction of that year whose threshold is now above the points, plus warnings and
/// direct closures triggered by the revoked group.
/// </remarks>
public sealed class PenaltyLedger : IAudited
{
    private readonly List<AuditEntry> _pending = [];

    private PenaltyLedger(PenaltyLedgerState state) => State = state;

    /// <summary>The current state.</summary>
    public PenaltyLedgerState State { get; private set; }

    /// <summary>The member.</summary>
    public MemberId Member => State.Member;

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> PendingAudit => _pending;

    /// <inheritdoc/>
    public void ClearPendingAudit() => _pending.Clear();

    /// <summary>An empty ledger for a member with no penalties yet.</summary>
    public static PenaltyLedger Open(MemberId member) => new(new PenaltyLedgerState(member, [], [], []));

    /// <summary>Rebuilds a ledger from stored state.</summary>
    public static PenaltyLedger Restore(PenaltyLedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new PenaltyLedger(state);
    }

    /// <summary>
    /// The instant of the latest change (establishment, revocation, lift), or null for an empty ledger.
    /// Changes dated earlier are refused, so what the ledger answered for a past instant never changes.
    /// </summary>
    public Instant? LastChangeAt =>
        State.Penalties.Select(p => p.RevokedAt ?? p.EstablishedAt)
            .Concat(State.Penalties.Select(p => p.EstablishedAt))
            .Concat(State.Sanctions.Where(s => s.LiftedAt is not null).Select(s => s.LiftedAt!.Value))
            .Select(i => (Instant?)i)
            .Max();

    /// <summary>True when a change dated <paramref name="now"/> would be before the latest change.</summary>
    public bool IsStale(Instant now) => LastChangeAt is { } last && now < last;

    /// <summary>P-4: points of the Beijing year that contains <paramref name="at"/>, as of <paramref name="at"/>.</summary>
    public int PointsAt(Instant at) => PointsOfYear(BeijingTime.YearOf(at), at);

    /// <summary>Points counted in <paramref name="year"/> as of <paramref name="asOf"/>.</summary>
    public int PointsOfYear(int year, Instant asOf) =>
        State.Penalties
            .Where(p => p.Id == p.Group && p.Year == year && GroupIsActiveAt(p.Group, asOf))
            .Sum(p => p.Points);

    /// <summary>Sanctions restricting the store at <paramref name="at"/>.</summary>
    public IReadOnlyList<SanctionRecord> SanctionsInEffectAt(Instant at) => [.. State.Sanctions.Where(s => s.IsInEffectAt(at))];

    /// <summary>True when the member may publish new products at <paramref name="at"/> (no restriction, freeze or closure).</summary>
    public bool MayPublishAt(Instant at) => SanctionsInEffectAt(at).Count == 0;

    /// <summary>True when the store is frozen or closed at <paramref name="at"/>.</summary>
    public bool IsFrozenOrClosedAt(Instant at) => SanctionsInEffectAt(at).Any(s => s.Kind is SanctionKind.Frozen or SanctionKind.Closed);

    /// <summary>P-4: the next year-end reset instant after <paramref name="now"/> (a durable deadline).</summary>
    public static Instant NextYearEndReset(Instant now) => BeijingTime.EndOfYear(BeijingTime.YearOf(now));

    /// <summary>
    /// The ledger's pending durable deadlines: the end of every running restriction or freeze whose
    /// end is not yet recorded, and the year-end reset of every year with points whose reset is not
    /// yet recorded. Earliest first.
    /// </summary>
    public IReadOnlyList<LedgerDeadline> PendingDeadlines()
    {
        var ends = State.Sanctions
            .Where(s => s.Kind is SanctionKind.PublishingRestricted or SanctionKind.Frozen && s.EndsAt is not null && s.LiftedAt is null && !s.EndRecorded)
            .Select(s => new LedgerDeadline(LedgerDeadlineKind.SanctionEnds, s.EndsAt!.Value, Sanction: s.Id));
        var resets = State.Penalties.Select(p => p.Year).Distinct()
            .Where(y => !State.ResetYears.Contains(y))
            .Select(y => new LedgerDeadline(LedgerDeadlineKind.YearEndReset, BeijingTime.EndOfYear(y), Year: y));
        return [.. ends.Concat(resets).OrderBy(d => d.DueAt)];
    }

    /// <summary>
    /// P-3: records (once) that a restriction or freeze has run its term. The sanction already stops
    /// applying at its end instant; this writes the audit entry. Refused before the end
    /// (<c>sanction-still-running</c>) and when already recorded or lifted (<c>sanction-already-ended</c>).
    /// </summary>
    public Outcome RecordSanctionEnded(SanctionId id, Actor by, Instant now)
    {
        var sanction = State.Sanctions.FirstOrDefault(s => s.Id == id)
            ?? throw new ArgumentException($"Sanction {id} is not in this ledger.", nameof(id));
        if (sanction.EndRecorded || sanction.LiftedAt is not null || sanction.EndsAt is null)
        {
            return Outcome.Refused(Refusal.SanctionAlreadyEnded);
        }
        if (now < sanction.EndsAt)
        {
            return Outcome.Refused(Refusal.SanctionStillRunning);
        }
        var ended = sanction with { EndRecorded = true };
        State = State with { Sanctions = [.. State.Sanctions.Select(s => s.Id == id ? ended : s)] };
        _pending.Add(new AuditEntry(sanction.EndsAt.Value, by, "penalty-ledger", Member.ToString(), "sanction.ended", "P-3",
            Data: Invariant($"sanction={id};kind={sanction.Kind}")));
        return Outcome.Done;
    }

    /// <summary>
    /// C-4: records the penalty for a complaint established at <paramref name="now"/> under
    /// <paramref name="policy"/> (P-1, P-2, P-5, P-6) and the sanction it triggers (P-3).
    /// Called by <see cref="Complaints.Complaint.Establish"/>; not refusable.
    /// </summary>
    public PenaltyDecision RecordEstablished(PenaltyId id, ComplaintId complaint, PenaltyPolicy policy, OffenceSeverity severity, Actor reviewer, Instant now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (State.Penalties.Any(p => p.Id == id || p.Complaint == complaint))
        {
            throw new InvalidOperationException($"Complaint {complaint} already has a penalty in this ledger.");
        }
        if (IsStale(now))
        {
            throw new InvalidOperationException($"A penalty dated {now} is earlier than the ledger's last change; check IsStale first.");
        }
        var year = BeijingTime.YearOf(now);
        var before = PointsAt(now);
        var brand = policy.IsBrandTheft(severity);
        var activeOpeners = State.Penalties.Where(p => p.Id == p.Group && GroupIsActiveAt(p.Group, now)).ToList();

        PenaltyKind kind;
        PenaltyId group = id;
        var points = 0;
        var firstGroup = activeOpeners.FirstOrDefault(p => p.Kind == PenaltyKind.FirstOffence);
        var sameDay = activeOpeners.FirstOrDefault(p => p.Kind == PenaltyKind.Deduction && BeijingTime.DateOf(p.EstablishedAt) == BeijingTime.DateOf(now));
        if (!brand && activeOpeners.Count == 0)
        {
            kind = PenaltyKind.FirstOffence;
        }
        else if (!brand && firstGroup is not null && policy.FirstOffenceWindow is { } window && now <= firstGroup.EstablishedAt + window)
        {
            kind = PenaltyKind.CountedAsFirst;
            group = firstGroup.Id;
            year = firstGroup.Year;
        }
        else if (policy.SameDayDeductsOnce && sameDay is not null)
        {
            kind = PenaltyKind.SameDayAsDeduction;
            group = sameDay.Id;
            year = sameDay.Year;
        }
        else
        {
            kind = PenaltyKind.Deduction;
            points = policy.PointsFor(severity);
        }

        var penalty = new PenaltyRecord(id, complaint, now, year, policy.Id, policy.Version, severity, kind, points, group);
        var after = before + points;
        SanctionRecord? sanction = null;
        if (policy.ClosesDirectly(severity))
        {
            sanction = new SanctionRecord(SanctionId.New(), SanctionKind.Closed, now, null, id, year, null);
        }
        else if (kind is PenaltyKind.FirstOffence)
        {
            sanction = new SanctionRecord(SanctionId.New(), SanctionKind.Warning, now, now, id, year, null);
        }
        else if (kind is PenaltyKind.Deduction)
        {
            var reached = policy.TierFor(after);
            var was = policy.TierFor(before);
            sanction = reached.MinPoints > was.MinPoints && reached.Kind != SanctionKind.Warning
                ? new SanctionRecord(SanctionId.New(), reached.Kind, now, reached.Kind == SanctionKind.Closed ? null : reached.Duration is { } d ? BeijingTime.Plus(now, d) : now, id, year, reached.MinPoints)
                : new SanctionRecord(SanctionId.New(), SanctionKind.Warning, now, now, id, year, null);
        }

        State = State with
        {
            Penalties = [.. State.Penalties, penalty],
            Sanctions = sanction is null ? State.Sanctions : [.. State.Sanctions, sanction],
        };
        var rule = kind switch
        {
            PenaltyKind.FirstOffence or PenaltyKind.CountedAsFirst => policy.FirstOffenceWindow is null ? "P-5" : "P-1",
            PenaltyKind.SameDayAsDeduction => "P-2",
            _ => brand ? "P-6" : policy.FirstOffenceWindow is null ? "P-5" : "P-2",
        };
        _pending.Add(new AuditEntry(now, reviewer, "penalty-ledger", Member.ToString(), "penalty.recorded", rule,
            Data: Invariant($"penalty={id};complaint={complaint};policy={policy.Id}/v{policy.Version};kind={kind};points={points};total={after}")));
        if (sanction is not null)
        {
            _pending.Add(new AuditEntry(now, reviewer, "penalty-ledger", Member.ToString(), "sanction.imposed", sanction.Kind == SanctionKind.Closed && sanction.ThresholdPoints is null ? "P-6" : "P-3",
                Data: Invariant($"sanction={sanction.Id};kind={sanction.Kind};ends={(object?)sanction.EndsAt ?? "never"}")));
        }
        return new PenaltyDecision(penalty, sanction, after);
    }

    /// <summary>
    /// P-7: revokes a penalty (withdrawn complaint C-6, upheld appeal R-5). Gives back its group's
    /// points when no other member of the group remains and lifts the sanctions that no longer apply.
    /// </summary>
    public Outcome Revoke(PenaltyId id, Actor by, string reason, Instant now)
    {
        var penalty = State.Penalties.FirstOrDefault(p => p.Id == id);
        if (penalty is null)
        {
            return Outcome.Refused(Refusal.PenaltyNotFound);
        }
        if (penalty.RevokedAt is not null)
        {
            return Outcome.Refused(Refusal.PenaltyAlreadyRevoked);
        }
        if (IsStale(now))
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        var pointsBefore = PointsOfYear(penalty.Year, now);
        var revoked = penalty with { RevokedAt = now, RevokedReason = reason };
        State = State with { Penalties = [.. State.Penalties.Select(p => p.Id == id ? revoked : p)] };
        var groupEmptied = !GroupIsActiveAt(penalty.Group, now);
        var pointsAfter = PointsOfYear(penalty.Year, now);
        _pending.Add(new AuditEntry(now, by, "penalty-ledger", Member.ToString(), "penalty.revoked", "P-7", reason,
            Invariant($"penalty={id};points-returned={pointsBefore - pointsAfter};total={pointsAfter}")));
        if (!groupEmptied)
        {
            return Outcome.Done;
        }
        var groupIds = State.Penalties.Where(p => p.Group == penalty.Group).Select(p => p.Id).ToHashSet();
        var lifted = new List<SanctionRecord>();
        var sanctions = State.Sanctions.Select(s =>
        {
            if (s.LiftedAt is not null || s.Year != penalty.Year)
            {
                return s;
            }
            var stillRunning = s.EndsAt is not { } end || now < end;
            var noLongerEarned = s.ThresholdPoints is { } threshold && threshold > pointsAfter && stillRunning;
            var triggeredByRevoked = s.ThresholdPoints is null && groupIds.Contains(s.TriggeredBy) && (s.Kind == SanctionKind.Warning || stillRunning);
            if (!noLongerEarned && !triggeredByRevoked)
            {
                return s;
            }
            var l = s with { LiftedAt = now };
            lifted.Add(l);
            return l;
        }).ToList();
        State = State with { Sanctions = sanctions };
        foreach (var s in lifted)
        {
            _pending.Add(new AuditEntry(now, by, "penalty-ledger", Member.ToString(), "sanction.lifted", "P-7", reason, Invariant($"sanction={s.Id};kind={s.Kind}")));
        }
        return Outcome.Done;
    }

    /// <summary>
    /// P-4: records that the points of <paramref name="year"/> were cleared at the end of 31 December
    /// Beijing time. Points already read as zero from that instant; this writes the audit entry once.
    /// </summary>
    public Outcome RecordYearEndReset(int year, Actor by, Instant now)
    {
        var resetAt = BeijingTime.EndOfYear(year);
        if (now < resetAt)
        {
            return Outcome.Refused(Refusal.YearNotEnded);
        }
        if (State.ResetYears.Contains(year))
        {
            return Outcome.Refused(Refusal.ResetAlreadyRecorded);
        }
        var cleared = PointsOfYear(year, resetAt);
        State = State with { ResetYears = [.. State.ResetYears, year] };
        _pending.Add(new AuditEntry(resetAt, by, "penalty-ledger", Member.ToString(), "points.reset", "P-4",
            Data: Invariant($"year={year};points-cleared={cleared}")));
        return Outcome.Done;
    }

    private bool GroupIsActiveAt(PenaltyId group, Instant at) =>
        State.Penalties.Any(p => p.Group == group && p.IsActiveAt(at));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
