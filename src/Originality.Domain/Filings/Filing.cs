using NodaTime;
using Originality.Domain.Members;

namespace Originality.Domain.Filings;

/// <summary>The state of a filed picture.</summary>
public enum FilingStatus
{
    /// <summary>F-5: passed machine review; the picture is certified and protected.</summary>
    Certified = 1,
    /// <summary>F-5: matched an earlier picture of another member; not original, not certified.</summary>
    NotOriginal = 2,
    /// <summary>F-7: was certified, but all the member's protection was cancelled.</summary>
    ProtectionCancelled = 3,
}

/// <summary>The persisted state of a <see cref="Filing"/>.</summary>
/// <param name="Id">Filing id.</param>
/// <param name="Owner">The filing member.</param>
/// <param name="Folder">The member's folder it was filed into (F-2).</param>
/// <param name="Evidence">F-6 evidence.</param>
/// <param name="Status">Certified, not original, or protection cancelled.</param>
/// <param name="MatchedPrior">F-5: the earlier picture it matched when not original, else null.</param>
/// <param name="ProtectionCancelledAt">F-7: when protection was cancelled, else null.</param>
public sealed record FilingState(
    FilingId Id,
    MemberId Owner,
    FolderId Folder,
    FilingEvidence Evidence,
    FilingStatus Status,
    PriorPictureMatch? MatchedPrior = null,
    Instant? ProtectionCancelledAt = null);

/// <summary>
/// One picture filed for original protection, with its machine-review outcome (F-5) and evidence
/// (F-6). Created by <see cref="Submit"/>, loaded by <see cref="Restore"/>.
/// </summary>
public sealed class Filing : IAudited
{
    private readonly List<AuditEntry> _pending = [];

    private Filing(FilingState state) => State = state;

    /// <summary>The current state.</summary>
    public FilingState State { get; private set; }

    /// <summary>Filing id.</summary>
    public FilingId Id => State.Id;

    /// <summary>Owner.</summary>
    public MemberId Owner => State.Owner;

    /// <summary>Status.</summary>
    public FilingStatus Status => State.Status;

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> PendingAudit => _pending;

    /// <inheritdoc/>
    public void ClearPendingAudit() => _pending.Clear();

    /// <summary>
    /// Files a picture. Refused when the member may not use the service (F-1, F-7), the folder is not
    /// the member's (F-2) or the evidence is malformed (F-6). Otherwise the filing is recorded either
    /// as <see cref="FilingStatus.Certified"/> or, when the machine review found an earlier picture of
    /// another member, as <see cref="FilingStatus.NotOriginal"/> (F-5) — kept as a record of the attempt.
    /// </summary>
    public static Outcome<Filing> Submit(FilingId id, Member member, Folder folder, FilingEvidence evidence, MachineReview review, TrialEligibility eligibility)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(eligibility);
        var allowed = eligibility.Check(member);
        if (!allowed.Succeeded)
        {
            return new Outcome<Filing>(allowed.Refusal!);
        }
        if (folder.Owner != member.Id)
        {
            return new Outcome<Filing>(Refusal.NotYourFolder);
        }
        if (evidence.FiledBy != member.Id || !evidence.IsWellFormed)
        {
            return new Outcome<Filing>(Refusal.InvalidEvidence);
        }
        var prior = review.DisqualifyingMatch(member.Id, evidence.FiledAt);
        var status = prior is null ? FilingStatus.Certified : FilingStatus.NotOriginal;
        var filing = new Filing(new FilingState(id, member.Id, folder.Id, evidence, status, prior));
        filing._pending.Add(new AuditEntry(evidence.FiledAt, Actor.OfMember(member.Id), "filing", id.ToString(), "filing.filed", "F-6", Data: FormattableString.Invariant($"sha256={evidence.ContentSha256}")));
        filing._pending.Add(prior is null
            ? new AuditEntry(evidence.FiledAt, Actor.System("machine-review"), "filing", id.ToString(), "filing.certified", "F-5")
            : new AuditEntry(evidence.FiledAt, Actor.System("machine-review"), "filing", id.ToString(), "filing.not-original", "F-5",
                "Matches a picture filed or published earlier by another member.", FormattableString.Invariant($"source={prior.Source};ref={prior.Reference};distance={prior.Distance}")));
        return new Outcome<Filing>(filing);
    }

    /// <summary>Rebuilds a filing from stored state.</summary>
    public static Filing Restore(FilingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Filing(state);
    }

    /// <summary>
    /// True when the picture is certified and protected at <paramref name="at"/>: filed by then and
    /// its protection not cancelled by then (F-5, F-7).
    /// </summary>
    public bool IsProtectedAt(Instant at) =>
        State.Evidence.FiledAt <= at
        && State.Status != FilingStatus.NotOriginal
        && (State.ProtectionCancelledAt is not { } cancelled || at < cancelled);

    /// <summary>
    /// F-7: cancels this picture's protection because the member's service was ended. Idempotent:
    /// a picture never certified, or already cancelled, is left as it is.
    /// </summary>
    public Outcome CancelProtection(Actor by, string reason, Instant now)
    {
        if (State.Status != FilingStatus.Certified)
        {
            return Outcome.Done;
        }
        if (now < State.Evidence.FiledAt)
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        State = State with { Status = FilingStatus.ProtectionCancelled, ProtectionCancelledAt = now };
        _pending.Add(new AuditEntry(now, by, "filing", Id.ToString(), "filing.protection-cancelled", "F-7", reason));
        return Outcome.Done;
    }
}
