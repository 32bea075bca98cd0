using NodaTime;

namespace Originality.Domain;

/// <summary>Who acts.</summary>
public enum ActorKind
{
    /// <summary>A seller account.</summary>
    Member = 1,
    /// <summary>Platform staff adjudicating complaints and appeals.</summary>
    Reviewer = 2,
    /// <summary>Staff configuring policies, calendars, trial eligibility.</summary>
    Operator = 3,
    /// <summary>Automatic processes: machine review, detection, deadlines.</summary>
    System = 4,
}

/// <summary>An actor: its kind and an id (member id, staff login, or a system process name).</summary>
public readonly record struct Actor(ActorKind Kind, string Id)
{
    /// <summary>The member as actor.</summary>
    public static Actor OfMember(MemberId member) => new(ActorKind.Member, member.ToString());

    /// <summary>A reviewer by staff id.</summary>
    public static Actor Reviewer(string staffId) => new(ActorKind.Reviewer, staffId);

    /// <summary>An operator by staff id.</summary>
    public static Actor Operator(string staffId) => new(ActorKind.Operator, staffId);

    /// <summary>An automatic process, e.g. <c>deadline-worker</c>.</summary>
    public static Actor System(string process) => new(ActorKind.System, process);

    /// <inheritdoc/>
    public override string ToString() => $"{Kind}:{Id}";
}

/// <summary>
/// One append-only audit record of a state transition: who did what to which thing, when and why,
/// under which rule. Aggregates collect them in <c>PendingAudit</c>; storage appends them in the same
/// transaction as the new state and then calls <c>ClearPendingAudit()</c>.
/// </summary>
/// <param name="At">When the change happened (the instant passed to the method).</param>
/// <param name="Actor">Who made it.</param>
/// <param name="SubjectType">Kind of thing changed: <c>member</c>, <c>folder</c>, <c>filing</c>, <c>authorization</c>, <c>complaint</c>, <c>penalty-ledger</c>.</param>
/// <param name="SubjectId">The id of the thing changed (Guid text).</param>
/// <param name="Action">Stable dotted action code, e.g. <c>complaint.established</c>.</param>
/// <param name="RuleId">The rule id that governs the change, e.g. <c>C-4</c>.</param>
/// <param name="Reason">Free text why (reviewer's reason, statement), or null.</param>
/// <param name="Data">Small machine-readable detail (e.g. <c>points=6;total=12</c>), or null.</param>
public sealed record AuditEntry(
    Instant At,
    Actor Actor,
    string SubjectType,
    string SubjectId,
    string Action,
    string RuleId,
    string? Reason = null,
    string? Data = null);

/// <summary>Something whose transitions produce audit entries not yet stored.</summary>
public interface IAudited
{
    /// <summary>Entries recorded since the last <see cref="ClearPendingAudit"/>, oldest first.</summary>
    IReadOnlyList<AuditEntry> PendingAudit { get; }

    /// <summary>Forget the pending entries once storage has appended them.</summary>
    void ClearPendingAudit();
}
