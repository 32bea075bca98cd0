namespace Originality.Domain;

/// <summary>
/// An expected refusal of a state change: one value of a small closed set, each with a stable
/// kebab-case <see cref="Code"/> (used as the problem-details type by the server) and the
/// <see cref="RuleId"/> of RULES.md it enforces.
/// </summary>
/// <remarks>
/// Instances are singletons (private constructor), so reference equality is value equality.
/// Codes never change once shipped; add new values rather than renaming. Thread-safe (immutable).
/// </remarks>
public sealed class Refusal
{
    private Refusal(string code, string ruleId, string message)
    {
        Code = code;
        RuleId = ruleId;
        Message = message;
    }

    /// <summary>Stable kebab-case code, e.g. <c>appeal-window-closed</c>.</summary>
    public string Code { get; }

    /// <summary>The rule id of RULES.md the refusal enforces, e.g. <c>R-1</c>.</summary>
    public string RuleId { get; }

    /// <summary>A short English explanation for people.</summary>
    public string Message { get; }

    // F — filing
    /// <summary>F-1: the service is in trial and not open to this member or category.</summary>
    public static Refusal NotEligible { get; } = new("not-eligible", "F-1", "Original protection is not available to this member or category during the trial.");
    /// <summary>F-2: the member already has a folder of that name.</summary>
    public static Refusal FolderNameTaken { get; } = new("folder-name-taken", "F-2", "The member already has a folder with this name.");
    /// <summary>F-2: a folder name must be non-blank and at most 100 characters.</summary>
    public static Refusal InvalidFolderName { get; } = new("invalid-folder-name", "F-2", "A folder name must be non-blank and at most 100 characters.");
    /// <summary>F-2: pictures are filed only into the member's own folders.</summary>
    public static Refusal NotYourFolder { get; } = new("not-your-folder", "F-2", "Pictures can be filed only into one of the member's own folders.");
    /// <summary>F-6: the evidence (content hash, fingerprint) is malformed.</summary>
    public static Refusal InvalidEvidence { get; } = new("invalid-evidence", "F-6", "The filing evidence needs a SHA-256 (64 hex digits) and a hex fingerprint.");
    /// <summary>F-7: the service was ended for this member after a non-original filing.</summary>
    public static Refusal ServiceEnded { get; } = new("service-ended", "F-7", "The original protection service has been ended for this member.");
    /// <summary>F-7: the service was already ended for this member.</summary>
    public static Refusal ServiceAlreadyEnded { get; } = new("service-already-ended", "F-7", "The service has already been ended for this member.");
    /// <summary>F-7: the filing given as the non-original one is not this member's.</summary>
    public static Refusal FilingNotOfMember { get; } = new("filing-not-of-member", "F-7", "The filing does not belong to this member.");

    // A — authorization
    /// <summary>A-1/C-1: only the owner of a certified picture may authorize or complain with it.</summary>
    public static Refusal NotTheOwner { get; } = new("not-the-owner", "A-1", "Only the owner of the certified picture may do this.");
    /// <summary>A-1/C-1: the picture is not (or no longer) certified.</summary>
    public static Refusal PictureNotCertified { get; } = new("picture-not-certified", "A-1", "The picture is not certified (or its protection was cancelled).");
    /// <summary>A-1: no member has that nickname.</summary>
    public static Refusal UnknownNickname { get; } = new("unknown-nickname", "A-1", "No member has this nickname.");
    /// <summary>A-1: a member cannot authorize itself.</summary>
    public static Refusal CannotAuthorizeSelf { get; } = new("cannot-authorize-self", "A-1", "A member cannot authorize itself.");
    /// <summary>A-1: an authorization names at least one picture.</summary>
    public static Refusal NoPictureGiven { get; } = new("no-picture-given", "A-1", "At least one certified picture must be chosen.");
    /// <summary>A-4: only the granting owner may revoke.</summary>
    public static Refusal NotTheGrantor { get; } = new("not-the-grantor", "A-4", "Only the owner who granted the authorization may revoke it.");
    /// <summary>A-4: the authorization was already revoked.</summary>
    public static Refusal AuthorizationAlreadyRevoked { get; } = new("authorization-already-revoked", "A-4", "The authorization has already been revoked.");
    /// <summary>A-2: the respondent was authorized to use the picture in this category; the complaint cannot be established.</summary>
    public static Refusal RespondentAuthorized { get; } = new("respondent-authorized", "A-2", "The accused member is authorized to use the picture in this category; the complaint cannot be established.");

    // C — complaints
    /// <summary>C-1: a complaint names at least one suspected listing.</summary>
    public static Refusal NoListingGiven { get; } = new("no-listing-given", "C-1", "At least one suspected listing (link or id) must be given.");
    /// <summary>C-1: a member cannot complain against itself.</summary>
    public static Refusal ComplaintAgainstSelf { get; } = new("complaint-against-self", "C-1", "A member cannot complain against its own listings.");
    /// <summary>C-1: the complainant already has a complaint about the same listing and picture that has not ended.</summary>
    public static Refusal ComplaintAlreadyOpen { get; } = new("complaint-already-open", "C-1", "You already have a complaint about this listing and picture that has not ended; follow it up there.");
    /// <summary>C-3: the complaint is no longer awaiting acceptance.</summary>
    public static Refusal ComplaintNotAwaitingAcceptance { get; } = new("complaint-not-awaiting-acceptance", "C-3", "The complaint has already been accepted, rejected or withdrawn.");
    /// <summary>C-6: only the complainant may withdraw.</summary>
    public static Refusal NotTheComplainant { get; } = new("not-the-complainant", "C-6", "Only the complainant may do this.");
    /// <summary>C-6: the complaint was withdrawn.</summary>
    public static Refusal ComplaintWithdrawn { get; } = new("complaint-withdrawn", "C-6", "The complaint has been withdrawn.");
    /// <summary>C-6: the platform has decided an appeal; withdrawal is no longer possible.</summary>
    public static Refusal AppealAlreadyDecided { get; } = new("appeal-already-decided", "C-6", "The platform has decided an appeal; the complaint can no longer be withdrawn.");
    /// <summary>C-3/C-6: the complaint is already finally decided (rejected, or closed with the penalty standing, or upheld on appeal).</summary>
    public static Refusal ComplaintAlreadyDecided { get; } = new("complaint-already-decided", "C-6", "The complaint has already been finally decided.");

    // R — appeals
    /// <summary>R-1: only the accused seller may appeal.</summary>
    public static Refusal NotTheRespondent { get; } = new("not-the-respondent", "R-1", "Only the accused seller may appeal.");
    /// <summary>R-1: only an established complaint can be appealed.</summary>
    public static Refusal NotEstablished { get; } = new("not-established", "R-1", "Only an established complaint can be appealed.");
    /// <summary>R-1/R-2/R-3/C-6: the appeal window has closed.</summary>
    public static Refusal AppealWindowClosed { get; } = new("appeal-window-closed", "R-3", "The appeal window has closed; the penalty stands.");
    /// <summary>R-3: the appeal window is still open, so it cannot be closed yet.</summary>
    public static Refusal AppealWindowStillOpen { get; } = new("appeal-window-still-open", "R-3", "The appeal window is still open.");
    /// <summary>R-1: an appeal is already waiting for a decision.</summary>
    public static Refusal AppealAlreadyPending { get; } = new("appeal-already-pending", "R-1", "An appeal is already waiting for the platform's decision.");
    /// <summary>R-2: both appeal chances have been used.</summary>
    public static Refusal NoAppealRoundsLeft { get; } = new("no-appeal-rounds-left", "R-2", "Both appeal chances have been used.");
    /// <summary>R-4: there is no appeal waiting for a decision.</summary>
    public static Refusal NoAppealPending { get; } = new("no-appeal-pending", "R-4", "There is no appeal waiting for a decision.");

    // P — penalties
    /// <summary>P-7: the penalty is not in this ledger.</summary>
    public static Refusal PenaltyNotFound { get; } = new("penalty-not-found", "P-7", "The penalty is not in this member's ledger.");
    /// <summary>P-7: the penalty was already revoked.</summary>
    public static Refusal PenaltyAlreadyRevoked { get; } = new("penalty-already-revoked", "P-7", "The penalty has already been revoked.");
    /// <summary>P-3: the sanction has not reached its end yet.</summary>
    public static Refusal SanctionStillRunning { get; } = new("sanction-still-running", "P-3", "The sanction has not reached its end yet.");
    /// <summary>P-3/P-7: the sanction's end was already recorded, or it was lifted, or it has no end (warning, closure).</summary>
    public static Refusal SanctionAlreadyEnded { get; } = new("sanction-already-ended", "P-3", "The sanction has already ended, was lifted, or has no end.");
    /// <summary>P-4: the year has not ended yet in Beijing time.</summary>
    public static Refusal YearNotEnded { get; } = new("year-not-ended", "P-4", "The year has not ended yet (Beijing time).");
    /// <summary>P-4: the year-end reset was already recorded.</summary>
    public static Refusal ResetAlreadyRecorded { get; } = new("reset-already-recorded", "P-4", "The year-end reset has already been recorded.");
    /// <summary>P: a policy change may not take effect before the moment it is made (history is never rewritten).</summary>
    public static Refusal RetroactivePolicyChange { get; } = new("retroactive-policy-change", "P", "A policy change cannot take effect before it is made.");
    /// <summary>A change is dated before the last recorded change of the same thing (clocks or messages out of order).</summary>
    public static Refusal StaleInstant { get; } = new("stale-instant", "-", "The change is dated before the last recorded change.");


    // V — picture violations and recovery applications
    /// <summary>V-2: the violation has no penalty in force (none, lifted or revoked).</summary>
    public static Refusal ViolationNotPenalized { get; } = new("violation-not-penalized", "V-2", "This violation has no penalty in force, so there is nothing to recover.");
    /// <summary>V-2: the 7-day window after the penalty took effect has closed.</summary>
    public static Refusal RecoveryWindowClosed { get; } = new("recovery-window-closed", "V-2", "The recovery window has closed: it ends at 24:00 Beijing time on the 7th day after the day the penalty took effect.");
    /// <summary>V-2: filing before the penalty took effect.</summary>
    public static Refusal RecoveryWindowNotOpen { get; } = new("recovery-window-not-open", "V-2", "The penalty has not taken effect yet; a recovery application can be filed once it has.");
    /// <summary>V-2: only the penalized member may apply.</summary>
    public static Refusal NotTheMembersViolation { get; } = new("not-the-members-violation", "V-2", "This violation was recorded against another member's product.");
    /// <summary>V-3: the product named is not the one the violation was recorded against.</summary>
    public static Refusal ViolationProductMismatch { get; } = new("violation-product-mismatch", "V-3", "This violation was not recorded against that product; apply for each product separately.");
    /// <summary>V-3: an application for this violation and product already exists.</summary>
    public static Refusal RecoveryAlreadyFiled { get; } = new("recovery-already-filed", "V-3", "A recovery application for this violation and product has already been filed; only one is allowed.");
    /// <summary>V-3: the application for this violation and product was rejected; no second one.</summary>
    public static Refusal RecoveryRejectedBefore { get; } = new("recovery-rejected-before", "V-3", "The recovery application for this violation and product was rejected; it cannot be filed again.");
    /// <summary>V-4: the compliance commitment letter is missing, unsigned or unsealed.</summary>
    public static Refusal CommitmentLetterMissing { get; } = new("commitment-letter-missing", "V-4", "Attach the compliance commitment letter on the platform template, signed by hand and sealed with the company seal.");
    /// <summary>V-4: no original source file was attached.</summary>
    public static Refusal SourceFilesMissing { get; } = new("source-files-missing", "V-4", "Attach the original source files of the pictures (JPG/PNG with complete EXIF).");
    /// <summary>V-4: no replacement picture was attached.</summary>
    public static Refusal ReplacementsMissing { get; } = new("replacements-missing", "V-4", "Attach the corrected replacement pictures for every SKU of the product.");
    /// <summary>V-8: the application is not waiting for this step (already decided, or not held).</summary>
    public static Refusal RecoveryNotAwaitingReview { get; } = new("recovery-not-awaiting-review", "V-8", "This application is not waiting for review.");
    /// <summary>V-7: a decision on an application still held for risk control.</summary>
    public static Refusal RecoveryHeldForRiskControl { get; } = new("recovery-held-for-risk-control", "V-7", "This application is held for risk control and must be released before it is decided.");
    /// <summary>V-10: a rejection without any reason for the seller.</summary>
    public static Refusal RejectionNeedsReason { get; } = new("rejection-needs-reason", "V-10", "A rejection must give the seller at least one reason.");

    /// <summary>Every refusal, in a stable order.</summary>
    public static IReadOnlyList<Refusal> All { get; } =
    [
        NotEligible, FolderNameTaken, InvalidFolderName, NotYourFolder, InvalidEvidence, ServiceEnded, ServiceAlreadyEnded, FilingNotOfMember,
        NotTheOwner, PictureNotCertified, UnknownNickname, CannotAuthorizeSelf, NoPictureGiven, NotTheGrantor, AuthorizationAlreadyRevoked, RespondentAuthorized,
        NoListingGiven, ComplaintAgainstSelf, ComplaintAlreadyOpen, ComplaintNotAwaitingAcceptance, NotTheComplainant, ComplaintWithdrawn, AppealAlreadyDecided, ComplaintAlreadyDecided,
        NotTheRespondent, NotEstablished, AppealWindowClosed, AppealWindowStillOpen, AppealAlreadyPending, NoAppealRoundsLeft, NoAppealPending,
        PenaltyNotFound, PenaltyAlreadyRevoked, SanctionStillRunning, SanctionAlreadyEnded, YearNotEnded, ResetAlreadyRecorded, RetroactivePolicyChange, StaleInstant,
        ViolationNotPenalized, RecoveryWindowClosed, RecoveryWindowNotOpen, NotTheMembersViolation, ViolationProductMismatch, RecoveryAlreadyFiled, RecoveryRejectedBefore, CommitmentLetterMissing, SourceFilesMissing, ReplacementsMissing, RecoveryNotAwaitingReview, RecoveryHeldForRiskControl, RejectionNeedsReason,
    ];

    /// <summary>Looks a refusal up by its code; null when unknown.</summary>
    public static Refusal? FromCode(string code) =>
        All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override string ToString() => $"{Code} ({RuleId})";
}
