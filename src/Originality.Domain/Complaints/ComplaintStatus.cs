using NodaTime;

namespace Originality.Domain.Complaints;

/// <summary>Where a complaint stands.</summary>
public enum ComplaintStatus
{
    /// <summary>C-3: filed, waiting for the platform to accept or reject it.</summary>
    AwaitingAcceptance = 1,
    /// <summary>C-3: rejected by the platform (final).</summary>
    Rejected = 2,
    /// <summary>C-4: established; product removed, penalty applied; the first appeal window is open .</summary>
    Established = 3,
    /// <summary>R-1/R-2: an appeal is waiting for the platform's decision .</summary>
    AppealPending = 4,
    /// <summary>R-2: the first appeal was not upheld; the second appeal window is open.</summary>
    AppealRejected = 5,
    /// <summary>R-5: an appeal was upheld; goods restored, penalty revoked (final).</summary>
    AppealUpheld = 6,
    /// <summary>R-3 / R-2: no appeal in time, or the second appeal was not upheld; the penalty stands (final).</summary>
    PenaltyStands = 7,
    /// <summary>C-6: withdrawn by the complainant; goods restored, penalty revoked (final).</summary>
    Withdrawn = 8,
}

/// <summary>Which kind of durable deadline a complaint is waiting on.</summary>
public enum ComplaintDeadlineKind
{
    /// <summary>C-3: the platform must accept or reject by then (reminder/escalation; nothing automatic).</summary>
    AcceptanceDue = 1,
    /// <summary>R-1/R-2/R-3: the appeal window closes; the worker calls <see cref="Complaint.CloseAppealWindow"/>.</summary>
    AppealWindowCloses = 2,
    /// <summary>R-4: the platform must decide the appeal by then (reminder/escalation; nothing automatic).</summary>
    AppealDecisionDue = 3,
}

/// <summary>A durable deadline of a complaint, for storage's deadline worker.</summary>
/// <param name="Kind">What is due.</param>
/// <param name="DueAt">The instant (24:00 Beijing time of a working day).</param>
/// <param name="RuleId">The rule that sets it.</param>
public sealed record ComplaintDeadline(ComplaintDeadlineKind Kind, Instant DueAt, string RuleId);

/// <summary>One appeal round .</summary>
/// <param name="Round">1 or 2.</param>
/// <param name="FiledAt">When the respondent appealed.</param>
/// <param name="Statement">The respondent's statement.</param>
/// <param name="DecisionDueAt">R-4: 5 working days after filing (the platform decides in 3–5).</param>
/// <param name="DecidedAt">When decided, or null.</param>
/// <param name="Upheld">True when upheld, false when not, null while pending.</param>
/// <param name="DecisionReason">The reviewer's reason, or null.</param>
public sealed record AppealRecord(
    int Round,
    Instant FiledAt,
    string Statement,
    Instant DecisionDueAt,
    Instant? DecidedAt = null,
    bool? Upheld = null,
    string? DecisionReason = null);

/// <summary>
/// C-5: what the complainant sees of its complaint: state and result. The respondent's appeal
/// statements are not shown.
/// </summary>
public sealed record ComplainantView(
    ComplaintId Id,
    ComplaintStatus Status,
    Category Category,
    IReadOnlyList<FilingId> Pictures,
    IReadOnlyList<ListingRef> Listings,
    Instant FiledAt,
    Instant AcceptanceDueAt,
    Instant? DecidedAt,
    string? DecisionReason,
    bool GoodsRemoved,
    int AppealsFiled,
    Instant? AppealWindowClosesAt,
    bool MayWithdraw);

/// <summary>
/// C-2: what the accused seller sees. Deliberately carries no complainant, no certified-picture ids
/// and no complaint description, so nothing in it identifies who complained.
/// </summary>
public sealed record RespondentView(
    ComplaintId Id,
    ComplaintStatus Status,
    Category Category,
    IReadOnlyList<ListingRef> Listings,
    Instant? NoticeAt,
    string? DecisionReason,
    bool GoodsRemoved,
    Instant? AppealWindowClosesAt,
    IReadOnlyList<AppealRecord> Appeals,
    bool MayAppeal);
