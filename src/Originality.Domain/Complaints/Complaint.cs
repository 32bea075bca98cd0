using NodaTime;
using Originality.Domain.Authorizations;
using Originality.Domain.Filings;
using Originality.Domain.Members;
using Originality.Domain.Penalties;
using Originality.Domain.Time;

namespace Originality.Domain.Complaints;

/// <summary>The persisted state of a <see cref="Complaint"/>.</summary>
/// <param name="Id">Complaint id.</param>
/// <param name="Complainant">The owner who complained (never shown to the respondent, C-2).</param>
/// <param name="Respondent">The accused seller.</param>
/// <param name="Category">The category of the suspected listings (A-3 authorizations are checked in it).</param>
/// <param name="Pictures">The complainant's certified pictures (C-1).</param>
/// <param name="Listings">Links or ids of the suspected listings (C-1).</param>
/// <param name="Description">The complainant's text, or null.</param>
/// <param name="FiledAt">When filed.</param>
/// <param name="AcceptanceDueAt">C-3: 3 working days after filing.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="DecidedAt">When accepted (established) or rejected, or null.</param>
/// <param name="DecisionReason">The reviewer's reason for accepting or rejecting.</param>
/// <param name="Severity">Severity given when established.</param>
/// <param name="Penalty">The penalty in the respondent's ledger, once established.</param>
/// <param name="NoticeAt">R-1: when the infringement notice went out (= establishment).</param>
/// <param name="AppealWindowClosesAt">R-1/R-2: when the current appeal window closes, or null.</param>
/// <param name="Appeals">Appeal rounds, at most two.</param>
/// <param name="GoodsRemoved">C-4: true while the product is off the shelves.</param>
/// <param name="ClosedAt">When it reached a final status, or null.</param>
/// <param name="LastChangedAt">The instant of the last change (changes dated earlier are refused).</param>
public sealed record ComplaintState(
    ComplaintId Id,
    MemberId Complainant,
    MemberId Respondent,
    Category Category,
    IReadOnlyList<FilingId> Pictures,
    IReadOnlyList<ListingRef> Listings,
    string? Description,
    Instant FiledAt,
    Instant AcceptanceDueAt,
    ComplaintStatus Status,
    Instant? DecidedAt,
    string? DecisionReason,
    OffenceSeverity? Severity,
    PenaltyId? Penalty,
    Instant? NoticeAt,
    Instant? AppealWindowClosesAt,
    IReadOnlyList<AppealRecord> Appeals,
    bool GoodsRemoved,
    Instant? ClosedAt,
    Instant LastChangedAt);

/// <summary>
/// A stolen-picture complaint from filing to final decision: acceptance (C-3), establishment with
/// product removal and penalty (C-4), two appeal rounds (R-1..R-5) and withdrawal (C-6). Every state
/// change is a method that refuses illegal moves with a <see cref="Refusal"/> and records an audit entry.
/// </summary>
/// <remarks>
/// Windows are half-open: an action is in time strictly before the deadline instant (24:00 Beijing
/// time of the last working day), so 23:59:59 is in time and 24:00:00 is not. Not thread-safe; storage
/// serializes changes per complaint.
/// </remarks>
public sealed class Complaint : IAudited
{
    /// <summary>R-1/R-2: working days to appeal after the notice or the first appeal's rejection.</summary>
    public const int AppealWorkingDays = 3;

    /// <summary>C-3: working days for the platform to accept or reject.</summary>
    public const int AcceptanceWorkingDays = 3;

    /// <summary>R-4: the platform decides an appeal in 3–5 working days; the due date is the 5th.</summary>
    public const int AppealDecisionWorkingDays = 5;

    /// <summary>R-2: two chances.</summary>
    public const int MaxAppeals = 2;

    private readonly List<AuditEntry> _pending = [];

    private Complaint(ComplaintState state) => State = state;

    /// <summary>The current state.</summary>
    public ComplaintState State { get; private set; }

    /// <summary>Complaint id.</summary>
    public ComplaintId Id => State.Id;

    /// <summary>Status.</summary>
    public ComplaintStatus Status => State.Status;

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> PendingAudit => _pending;

    /// <inheritdoc/>
    public void ClearPendingAudit() => _pending.Clear();

    /// <summary>True when the complaint can no longer change.</summary>
    public bool IsFinal => State.Status is ComplaintStatus.Rejected or ComplaintStatus.AppealUpheld or ComplaintStatus.PenaltyStands or ComplaintStatus.Withdrawn;

    /// <summary>Rebuilds a complaint from stored state.</summary>
    public static Complaint Restore(ComplaintState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Complaint(state);
    }

    /// <summary>
    /// C-1: the owner of certified pictures complains about listings of <paramref name="respondent"/>
    /// in <paramref name="category"/>. The platform must accept or reject within 3 working days (C-3).
    /// One complaint per listing and picture: refused (<c>complaint-already-open</c>) while an earlier
    /// complaint of the same complainant about any of the same listing-and-picture pairs has not ended,
    /// so a notice clicked twice never puts two identical cases in the reviewers' queue.
    /// </summary>
    /// <param name="earlier">The complainant's earlier complaints (all, or at least those not final); null when it has none.</param>
    public static Outcome<Complaint> File(
        ComplaintId id,
        Member complainant,
        MemberId respondent,
        Category category,
        IReadOnlyCollection<Filing> pictures,
        IReadOnlyCollection<ListingRef> listings,
        string? description,
        WorkingDayCalendar calendar,
        Instant now,
        IEnumerable<Complaint>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(complainant);
        ArgumentNullException.ThrowIfNull(pictures);
        ArgumentNullException.ThrowIfNull(listings);
        ArgumentNullException.ThrowIfNull(calendar);
        if (complainant.ServiceEnded)
        {
            return new Outcome<Complaint>(Refusal.ServiceEnded);
        }
        if (respondent == complainant.Id)
        {
            return new Outcome<Complaint>(Refusal.ComplaintAgainstSelf);
        }
        if (pictures.Count == 0)
        {
            return new Outcome<Complaint>(Refusal.NoPictureGiven);
        }
        foreach (var p in pictures)
        {
            if (p.Owner != complainant.Id)
            {
                return new Outcome<Complaint>(Refusal.NotTheOwner, p.Id.ToString());
            }
            if (!p.IsProtectedAt(now))
            {
                return new Outcome<Complaint>(Refusal.PictureNotCertified, p.Id.ToString());
            }
        }
        if (listings.Count == 0)
        {
            return new Outcome<Complaint>(Refusal.NoListingGiven);
        }
        foreach (var open in (earlier ?? []).Where(c => !c.IsFinal && c.State.Complainant == complainant.Id))
        {
            if (open.State.Pictures.Any(p => pictures.Any(q => q.Id == p)) && open.State.Listings.Any(listings.Contains))
            {
                return new Outcome<Complaint>(Refusal.ComplaintAlreadyOpen, open.Id.ToString());
            }
        }
        var due = calendar.AddWorkingDays(now, AcceptanceWorkingDays);
        var state = new ComplaintState(id, complainant.Id, respondent, category,
            [.. pictures.Select(p => p.Id).Distinct()], [.. listings.Distinct()], description,
            now, due, ComplaintStatus.AwaitingAcceptance, null, null, null, null, null, null, [], false, null, now);
        var complaint = new Complaint(state);
        complaint.Record(now, Actor.OfMember(complainant.Id), "complaint.filed", "C-1", description, FormattableString.Invariant($"acceptance-due={due}"));
        return new Outcome<Complaint>(complaint);
    }

    /// <summary>C-3: true when the platform has not decided by the acceptance deadline.</summary>
    public bool IsAcceptanceOverdueAt(Instant now) => State.Status == ComplaintStatus.AwaitingAcceptance && now >= State.AcceptanceDueAt;

    /// <summary>C-3: the platform rejects the complaint (final; nothing happens to the respondent).</summary>
    public Outcome Reject(Actor reviewer, string reason, Instant now)
    {
        var check = CheckAwaitingAcceptance(now);
        if (!check.Succeeded)
        {
            return check;
        }
        State = State with { Status = ComplaintStatus.Rejected, DecidedAt = now, DecisionReason = reason, ClosedAt = now, LastChangedAt = now };
        Record(now, reviewer, "complaint.rejected", "C-3", reason);
        return Outcome.Done;
    }

    /// <summary>
    /// C-3/C-4: the platform establishes the complaint: the product is taken off the shelves, the
    /// penalty is recorded in the respondent's <paramref name="respondentLedger"/> under
    /// <paramref name="policy"/> (the one in force on the respondent's marketplace now), the
    /// infringement notice goes out and the first appeal window opens. Refused when the
    /// respondent is authorized to use any chosen picture in the complaint's category now, and
    /// refused when a picture is no longer protected (F-7).
    /// </summary>
    /// <param name="reviewer">The reviewer.</param>
    /// <param name="reason">Why it is established.</param>
    /// <param name="severity">Severity (used by P-001).</param>
    /// <param name="pictures">The complaint's pictures, loaded (all of <see cref="ComplaintState.Pictures"/>).</param>
    /// <param name="authorizations">Authorizations granted for those pictures.</param>
    /// <param name="respondentLedger">The respondent's penalty ledger.</param>
    /// <param name="policy">The penalty policy in force.</param>
    /// <param name="calendar">Working-day calendar.</param>
    /// <param name="now">Now.</param>
    public Outcome Establish(
        Actor reviewer,
        string reason,
        OffenceSeverity severity,
        IReadOnlyCollection<Filing> pictures,
        IEnumerable<Authorization> authorizations,
        PenaltyLedger respondentLedger,
        PenaltyPolicy policy,
        WorkingDayCalendar calendar,
        Instant now)
    {
        ArgumentNullException.ThrowIfNull(pictures);
        ArgumentNullException.ThrowIfNull(authorizations);
        ArgumentNullException.ThrowIfNull(respondentLedger);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(calendar);
        if (respondentLedger.Member != State.Respondent)
        {
            throw new ArgumentException("The ledger must be the respondent's.", nameof(respondentLedger));
        }
        if (!State.Pictures.All(id => pictures.Any(p => p.Id == id)))
        {
            throw new ArgumentException("All the complaint's pictures must be passed.", nameof(pictures));
        }
        var check = CheckAwaitingAcceptance(now);
        if (!check.Succeeded)
        {
            return check;
        }
        if (respondentLedger.IsStale(now))
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        var auths = authorizations.ToList();
        foreach (var picture in pictures.Where(p => State.Pictures.Contains(p.Id)))
        {
            var verdict = PictureUse.Decide(State.Respondent, picture, State.Category, now, auths);
            if (verdict == UseVerdict.Authorized)
            {
                return Outcome.Refused(Refusal.RespondentAuthorized, picture.Id.ToString());
            }
            if (verdict == UseVerdict.NotProtected)
            {
                return Outcome.Refused(Refusal.PictureNotCertified, picture.Id.ToString());
            }
        }
        var decision = respondentLedger.RecordEstablished(PenaltyId.New(), Id, policy, severity, reviewer, now);
        var window = calendar.AddWorkingDays(now, AppealWorkingDays);
        State = State with
        {
            Status = ComplaintStatus.Established,
            DecidedAt = now,
            DecisionReason = reason,
            Severity = severity,
            Penalty = decision.Penalty.Id,
            NoticeAt = now,
            AppealWindowClosesAt = window,
            GoodsRemoved = true,
            LastChangedAt = now,
        };
        Record(now, reviewer, "complaint.established", "C-4", reason, FormattableString.Invariant($"penalty={decision.Penalty.Id};points={decision.Penalty.Points}"));
        Record(now, reviewer, "goods.removed", "C-4");
        Record(now, reviewer, "notice.sent", "R-1", null, FormattableString.Invariant($"appeal-window-closes={window}"));
        return Outcome.Done;
    }

    /// <summary>
    /// the accused seller appeals: within 3 working days of the notice (first round) or of the
    /// first appeal's rejection (second round). The platform decides within 5 working days.
    /// </summary>
    public Outcome Appeal(MemberId by, string statement, WorkingDayCalendar calendar, Instant now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (by != State.Respondent)
        {
            return Outcome.Refused(Refusal.NotTheRespondent);
        }
        if (now < State.LastChangedAt)
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        switch (State.Status)
        {
            case ComplaintStatus.AwaitingAcceptance or ComplaintStatus.Rejected:
                return Outcome.Refused(Refusal.NotEstablished);
            case ComplaintStatus.Withdrawn:
                return Outcome.Refused(Refusal.ComplaintWithdrawn);
            case ComplaintStatus.AppealPending:
                return Outcome.Refused(Refusal.AppealAlreadyPending);
            case ComplaintStatus.AppealUpheld:
                return Outcome.Refused(Refusal.ComplaintAlreadyDecided);
            case ComplaintStatus.PenaltyStands:
                return Outcome.Refused(State.Appeals.Count >= MaxAppeals ? Refusal.NoAppealRoundsLeft : Refusal.AppealWindowClosed);
        }
        if (State.Appeals.Count >= MaxAppeals)
        {
            return Outcome.Refused(Refusal.NoAppealRoundsLeft);
        }
        if (now >= State.AppealWindowClosesAt)
        {
            return Outcome.Refused(Refusal.AppealWindowClosed);
        }
        var round = State.Appeals.Count + 1;
        var due = calendar.AddWorkingDays(now, AppealDecisionWorkingDays);
        State = State with
        {
            Status = ComplaintStatus.AppealPending,
            Appeals = [.. State.Appeals, new AppealRecord(round, now, statement, due)],
            AppealWindowClosesAt = null,
            LastChangedAt = now,
        };
        Record(now, Actor.OfMember(by), "appeal.filed", round == 1 ? "R-1" : "R-2", statement, FormattableString.Invariant($"round={round};decision-due={due}"));
        return Outcome.Done;
    }

    /// <summary>
    /// the platform decides the pending appeal. Upheld: goods restored and penalty revoked
    /// in <paramref name="respondentLedger"/> (P-7), final. Not upheld in round 1: the second appeal
    /// window opens for 3 working days. Not upheld in round 2: the penalty stands, final.
    /// </summary>
    public Outcome DecideAppeal(Actor reviewer, bool upheld, string reason, PenaltyLedger respondentLedger, WorkingDayCalendar calendar, Instant now)
    {
        ArgumentNullException.ThrowIfNull(respondentLedger);
        ArgumentNullException.ThrowIfNull(calendar);
        if (State.Status == ComplaintStatus.Withdrawn)
        {
            return Outcome.Refused(Refusal.ComplaintWithdrawn);
        }
        if (State.Status != ComplaintStatus.AppealPending)
        {
            return Outcome.Refused(Refusal.NoAppealPending);
        }
        if (now < State.LastChangedAt)
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        if (upheld && respondentLedger.IsStale(now))
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        var current = State.Appeals[^1];
        var decided = current with { DecidedAt = now, Upheld = upheld, DecisionReason = reason };
        var appeals = State.Appeals.Take(State.Appeals.Count - 1).Append(decided).ToArray();
        if (upheld)
        {
            RevokePenalty(respondentLedger, reviewer, "appeal upheld", now);
            State = State with { Status = ComplaintStatus.AppealUpheld, Appeals = appeals, GoodsRemoved = false, ClosedAt = now, LastChangedAt = now };
            Record(now, reviewer, "appeal.upheld", "R-5", reason, FormattableString.Invariant($"round={current.Round}"));
            Record(now, reviewer, "goods.restored", "R-5");
            return Outcome.Done;
        }
        if (current.Round < MaxAppeals)
        {
            var window = calendar.AddWorkingDays(now, AppealWorkingDays);
            State = State with { Status = ComplaintStatus.AppealRejected, Appeals = appeals, AppealWindowClosesAt = window, LastChangedAt = now };
            Record(now, reviewer, "appeal.rejected", "R-2", reason, FormattableString.Invariant($"round={current.Round};second-window-closes={window}"));
            return Outcome.Done;
        }
        State = State with { Status = ComplaintStatus.PenaltyStands, Appeals = appeals, ClosedAt = now, LastChangedAt = now };
        Record(now, reviewer, "appeal.rejected", "R-2", reason, FormattableString.Invariant($"round={current.Round};final"));
        return Outcome.Done;
    }

    /// <summary>
    /// with no appeal in time the appeal entrance closes and the penalty stands. Called by the
    /// deadline worker at or after <see cref="ComplaintState.AppealWindowClosesAt"/>; refused earlier
    /// (<c>appeal-window-still-open</c>) and once closed, so a repeated call changes nothing.
    /// </summary>
    public Outcome CloseAppealWindow(Actor by, Instant now)
    {
        if (State.Status is not (ComplaintStatus.Established or ComplaintStatus.AppealRejected))
        {
            return Outcome.Refused(State.Status == ComplaintStatus.AppealPending ? Refusal.AppealAlreadyPending : Refusal.ComplaintAlreadyDecided);
        }
        if (now < State.AppealWindowClosesAt)
        {
            return Outcome.Refused(Refusal.AppealWindowStillOpen);
        }
        State = State with { Status = ComplaintStatus.PenaltyStands, ClosedAt = State.AppealWindowClosesAt, LastChangedAt = now };
        Record(now, by, "appeal-window.closed", "R-3", null, FormattableString.Invariant($"closed-at={State.AppealWindowClosesAt}"));
        return Outcome.Done;
    }

    /// <summary>
    /// C-6: the complainant withdraws: possible before acceptance, and after establishment until the
    /// platform has decided an appeal or the appeal window has closed. Withdrawing an established
    /// complaint restores the goods and revokes the penalty (P-7). After any appeal decision, refused.
    /// </summary>
    public Outcome Withdraw(MemberId by, string? reason, PenaltyLedger respondentLedger, Instant now)
    {
        ArgumentNullException.ThrowIfNull(respondentLedger);
        if (by != State.Complainant)
        {
            return Outcome.Refused(Refusal.NotTheComplainant);
        }
        if (now < State.LastChangedAt)
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        var refusal = WithdrawalRefusal(now);
        if (refusal is not null)
        {
            return Outcome.Refused(refusal);
        }
        var hadPenalty = State.Penalty is not null;
        if (hadPenalty && respondentLedger.IsStale(now))
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        if (hadPenalty)
        {
            RevokePenalty(respondentLedger, Actor.OfMember(by), "complaint withdrawn", now);
        }
        var wasRemoved = State.GoodsRemoved;
        State = State with { Status = ComplaintStatus.Withdrawn, GoodsRemoved = false, AppealWindowClosesAt = null, ClosedAt = now, LastChangedAt = now };
        Record(now, Actor.OfMember(by), "complaint.withdrawn", "C-6", reason);
        if (wasRemoved)
        {
            Record(now, Actor.OfMember(by), "goods.restored", "C-6");
        }
        return Outcome.Done;
    }

    /// <summary>The deadline the complaint waits on now, or null when final.</summary>
    public ComplaintDeadline? NextDeadline => State.Status switch
    {
        ComplaintStatus.AwaitingAcceptance => new(ComplaintDeadlineKind.AcceptanceDue, State.AcceptanceDueAt, "C-3"),
        ComplaintStatus.Established => new(ComplaintDeadlineKind.AppealWindowCloses, State.AppealWindowClosesAt!.Value, "R-1"),
        ComplaintStatus.AppealRejected => new(ComplaintDeadlineKind.AppealWindowCloses, State.AppealWindowClosesAt!.Value, "R-2"),
        ComplaintStatus.AppealPending => new(ComplaintDeadlineKind.AppealDecisionDue, State.Appeals[^1].DecisionDueAt, "R-4"),
        _ => null,
    };

    /// <summary>C-5: the complainant's view of state and result at <paramref name="now"/>.</summary>
    public ComplainantView ToComplainantView(Instant now) => new(
        State.Id, State.Status, State.Category, State.Pictures, State.Listings, State.FiledAt, State.AcceptanceDueAt,
        State.DecidedAt, State.DecisionReason, State.GoodsRemoved, State.Appeals.Count, State.AppealWindowClosesAt,
        WithdrawalRefusal(now) is null);

    /// <summary>C-2: the accused seller's view, without anything that identifies the complainant.</summary>
    public RespondentView ToRespondentView(Instant now) => new(
        State.Id, State.Status, State.Category, State.Listings, State.NoticeAt,
        State.Status == ComplaintStatus.AwaitingAcceptance ? null : State.DecisionReason,
        State.GoodsRemoved, State.AppealWindowClosesAt, State.Appeals,
        State.Status is ComplaintStatus.Established or ComplaintStatus.AppealRejected && now < State.AppealWindowClosesAt && State.Appeals.Count < MaxAppeals);

    private Refusal? WithdrawalRefusal(Instant now) => State.Status switch
    {
        ComplaintStatus.AwaitingAcceptance or ComplaintStatus.AppealPending => null,
        ComplaintStatus.Established => now < State.AppealWindowClosesAt ? null : Refusal.AppealWindowClosed,
        ComplaintStatus.AppealRejected or ComplaintStatus.AppealUpheld => Refusal.AppealAlreadyDecided,
        ComplaintStatus.PenaltyStands => State.Appeals.Any(a => a.DecidedAt is not null) ? Refusal.AppealAlreadyDecided : Refusal.AppealWindowClosed,
        ComplaintStatus.Withdrawn => Refusal.ComplaintWithdrawn,
        _ => Refusal.ComplaintAlreadyDecided,
    };

    private Outcome CheckAwaitingAcceptance(Instant now)
    {
        if (State.Status == ComplaintStatus.Withdrawn)
        {
            return Outcome.Refused(Refusal.ComplaintWithdrawn);
        }
        if (State.Status != ComplaintStatus.AwaitingAcceptance)
        {
            return Outcome.Refused(Refusal.ComplaintNotAwaitingAcceptance);
        }
        return now < State.LastChangedAt ? Outcome.Refused(Refusal.StaleInstant) : Outcome.Done;
    }

    private void RevokePenalty(PenaltyLedger ledger, Actor by, string why, Instant now)
    {
        if (State.Penalty is not { } penalty)
        {
            return;
        }
        if (ledger.Member != State.Respondent)
        {
            throw new ArgumentException("The ledger must be the respondent's.", nameof(ledger));
        }
        var revoked = ledger.Revoke(penalty, by, why, now);
        if (!revoked.Succeeded && revoked.Refusal != Refusal.PenaltyAlreadyRevoked)
        {
            throw new InvalidOperationException($"Penalty {penalty} of complaint {Id} could not be revoked: {revoked.Refusal}.");
        }
    }

    private void Record(Instant at, Actor actor, string action, string rule, string? reason = null, string? data = null) =>
        _pending.Add(new AuditEntry(at, actor, "complaint", Id.ToString(), action, rule, reason, data));
}
