using NodaTime;

namespace Originality.Domain.Violations;

/// <summary>Where a recovery application stands (V-10 shows it to the member).</summary>
public enum RecoveryStatus
{
    /// <summary>Filed but held for risk control: too many applications from one IP address that Beijing day (V-7).</summary>
    HeldForRiskControl = 1,

    /// <summary>In the review queue (V-8).</summary>
    AwaitingReview = 2,

    /// <summary>Approved: the product is restored and the penalty revoked.</summary>
    Approved = 3,

    /// <summary>Rejected with reasons; it cannot be filed again (V-3).</summary>
    Rejected = 4,
}

/// <summary>One step in an application's history, shown in the member's records (V-10).</summary>
/// <param name="At">When it happened.</param>
/// <param name="Status">The status the application had after this step.</param>
/// <param name="Note">What the seller is told about this step.</param>
public sealed record ApplicationEvent(Instant At, RecoveryStatus Status, string Note);

/// <summary>What a seller submits to apply for recovery of one violation of one product.</summary>
/// <param name="ApplicationId">Id chosen by the host for the new application.</param>
/// <param name="MemberId">The applying member.</param>
/// <param name="ViolationId">The violation applied for.</param>
/// <param name="ProductId">The product applied for ([002]: several products are applied for one by one).</param>
/// <param name="IpAddress">The address the request came from, for risk control (V-7).</param>
/// <param name="Reason">The seller's reason text (read by the boilerplate check, V-6).</param>
/// <param name="Materials">The attached materials (V-4).</param>
/// <param name="MachineFindings">
/// What the engine's material checks (V-5, V-6) found on submission. The seller has already been
/// shown them; filing anyway is allowed, and they travel with the application for the reviewer.
/// </param>
public sealed record RecoveryRequest(
    RecoveryApplicationId ApplicationId, MemberId MemberId, ViolationId ViolationId, ProductId ProductId,
    string IpAddress, string Reason, RecoveryMaterials Materials, IReadOnlyList<MaterialFinding>? MachineFindings = null);

/// <summary>A machine-check finding kept with an application (the engine's <c>CheckFinding</c>, as data).</summary>
/// <param name="Code">Stable code, e.g. <c>contact-phone</c>.</param>
/// <param name="RuleId">The rule it enforces, <c>V-5</c> or <c>V-6</c>.</param>
/// <param name="Reason">What the seller was told.</param>
/// <param name="Subject">Which material (file, SKU, "reason"), or null.</param>
public sealed record MaterialFinding(string Code, string RuleId, string Reason, string? Subject = null);

/// <summary>The persisted state of a <see cref="RecoveryApplication"/>; storage saves and loads exactly this.</summary>
/// <param name="Request">What was submitted.</param>
/// <param name="FiledAt">When it was filed.</param>
/// <param name="Status">Current status.</param>
/// <param name="DecidedAt">When approved or rejected, or null.</param>
/// <param name="DecidedBy">The reviewer who decided, or null.</param>
/// <param name="RejectionReasons">Reasons of a rejection (empty otherwise).</param>
/// <param name="History">Every step, oldest first.</param>
public sealed record RecoveryApplicationState(
    RecoveryRequest Request,
    Instant FiledAt,
    RecoveryStatus Status,
    Instant? DecidedAt,
    Actor? DecidedBy,
    IReadOnlyList<string> RejectionReasons,
    IReadOnlyList<ApplicationEvent> History);

/// <summary>
/// A recovery application for one violation and one product (V-2..V-4, V-7, V-8, V-10). Created
/// only through <see cref="RecoveryFiling.File"/>; changes only through its methods, which refuse
/// illegal steps and append to <see cref="History"/> and to the audit.
/// </summary>
/// <remarks>Not thread-safe: load, change and save it in one unit of work.</remarks>
public sealed class RecoveryApplication : IAudited
{
    private readonly List<AuditEntry> _pending = [];

    private RecoveryApplication(RecoveryApplicationState state) => State = state;

    /// <summary>The current state.</summary>
    public RecoveryApplicationState State { get; private set; }

    /// <summary>The application id.</summary>
    public RecoveryApplicationId Id => State.Request.ApplicationId;

    /// <summary>The applying member.</summary>
    public MemberId MemberId => State.Request.MemberId;

    /// <summary>The violation applied for.</summary>
    public ViolationId ViolationId => State.Request.ViolationId;

    /// <summary>The product applied for.</summary>
    public ProductId ProductId => State.Request.ProductId;

    /// <summary>When it was filed.</summary>
    public Instant FiledAt => State.FiledAt;

    /// <summary>Current status.</summary>
    public RecoveryStatus Status => State.Status;

    /// <summary>Every step so far, oldest first (V-10).</summary>
    public IReadOnlyList<ApplicationEvent> History => State.History;

    /// <summary>True once approved or rejected.</summary>
    public bool IsDecided => Status is RecoveryStatus.Approved or RecoveryStatus.Rejected;

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> PendingAudit => _pending;

    /// <inheritdoc/>
    public void ClearPendingAudit() => _pending.Clear();

    /// <summary>Rebuilds a stored application exactly as it was saved (no audit entry).</summary>
    public static RecoveryApplication Restore(RecoveryApplicationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new RecoveryApplication(state);
    }

    internal static RecoveryApplication Create(RecoveryRequest request, Instant filedAt, string? heldMessage)
    {
        var held = heldMessage is not null;
        var status = held ? RecoveryStatus.HeldForRiskControl : RecoveryStatus.AwaitingReview;
        var note = heldMessage ?? "Filed; waiting for review.";
        var application = new RecoveryApplication(new RecoveryApplicationState(
            request, filedAt, status, null, null, [], [new ApplicationEvent(filedAt, status, note)]));
        application.Audit(filedAt, Actor.OfMember(request.MemberId), held ? "recovery.held" : "recovery.filed", held ? "V-7" : "V-2",
            data: $"violation={request.ViolationId};product={request.ProductId};ip={request.IpAddress}");
        return application;
    }

    /// <summary>A reviewer releases an application held for risk control into the review queue (V-7).</summary>
    public Outcome Release(Actor reviewer, Instant now)
    {
        if (Status != RecoveryStatus.HeldForRiskControl)
        {
            return Outcome.Refused(Refusal.RecoveryNotAwaitingReview);
        }
        if (now < LastChangeAt)
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        Move(now, RecoveryStatus.AwaitingReview, "Released after the risk-control check; waiting for review.");
        Audit(now, reviewer, "recovery.released", "V-7");
        return Outcome.Done;
    }

    /// <summary>
    /// Approves the application: the penalty of <paramref name="violation"/> is revoked and the
    /// product restored (V-8).
    /// </summary>
    public Outcome Approve(PictureViolation violation, Actor reviewer, Instant now)
    {
        ArgumentNullException.ThrowIfNull(violation);
        if (violation.Id != ViolationId || violation.ProductId != ProductId)
        {
            throw new ArgumentException($"Application {Id} is for violation {ViolationId}, not {violation.Id}.", nameof(violation));
        }
        if (ReviewRefusal(now) is { } refusal)
        {
            return Outcome.Refused(refusal);
        }
        violation.Revoke(Id, reviewer, now);
        State = State with { DecidedAt = now, DecidedBy = reviewer };
        Move(now, RecoveryStatus.Approved, "Approved: the product is restored and the penalty revoked.");
        Audit(now, reviewer, "recovery.approved", "V-8");
        return Outcome.Done;
    }

    /// <summary>Rejects the application with reasons the seller will read (V-10); it cannot be filed again (V-3).</summary>
    public Outcome Reject(IEnumerable<string> reasons, Actor reviewer, Instant now)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        var given = reasons.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToList();
        if (given.Count == 0)
        {
            return Outcome.Refused(Refusal.RejectionNeedsReason);
        }
        if (ReviewRefusal(now) is { } refusal)
        {
            return Outcome.Refused(refusal);
        }
        State = State with { DecidedAt = now, DecidedBy = reviewer, RejectionReasons = given };
        Move(now, RecoveryStatus.Rejected, "Rejected: " + string.Join("; ", given));
        Audit(now, reviewer, "recovery.rejected", "V-3", string.Join("; ", given));
        return Outcome.Done;
    }

    private Instant LastChangeAt => State.History[^1].At;

    private Refusal? ReviewRefusal(Instant now) => Status switch
    {
        RecoveryStatus.HeldForRiskControl => Refusal.RecoveryHeldForRiskControl,
        RecoveryStatus.AwaitingReview when now < LastChangeAt => Refusal.StaleInstant,
        RecoveryStatus.AwaitingReview => null,
        _ => Refusal.RecoveryNotAwaitingReview,
    };

    private void Move(Instant at, RecoveryStatus status, string note) =>
        State = State with { Status = status, History = [.. State.History, new ApplicationEvent(at, status, note)] };

    private void Audit(Instant at, Actor actor, string action, string ruleId, string? reason = null, string? data = null) =>
        _pending.Add(new AuditEntry(at, actor, "recovery-application", Id.ToString(), action, ruleId, reason, data));
}
