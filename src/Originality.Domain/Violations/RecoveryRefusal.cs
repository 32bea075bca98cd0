namespace Originality.Domain.Violations;

/// <summary>
/// An expected refusal of the picture-violation rules (V-2..V-10): a stable kebab-case
/// <see cref="Code"/> (the server's problem-details type), the <see cref="RuleId"/> it enforces and
/// a message a seller understands.
/// </summary>
/// <remarks>
/// Same shape and conventions as <see cref="Domain.Refusal"/> (singletons, codes never renamed);
/// a separate set because that type's constructor is private to its own file. Codes do not clash
/// with it. Thread-safe (immutable).
/// </remarks>
public sealed class RecoveryRefusal
{
    private RecoveryRefusal(string code, string ruleId, string message)
    {
        Code = code;
        RuleId = ruleId;
        Message = message;
    }

    /// <summary>Stable kebab-case code, e.g. <c>recovery-window-closed</c>.</summary>
    public string Code { get; }

    /// <summary>The rule id of RULES.md the refusal enforces, e.g. <c>V-2</c>.</summary>
    public string RuleId { get; }

    /// <summary>A short English explanation for the seller.</summary>
    public string Message { get; }

    /// <summary>V-2: the violation has no penalty in force (none, lifted or revoked).</summary>
    public static RecoveryRefusal NotPenalized { get; } = new(
        "violation-not-penalized", "V-2",
        "This violation has no penalty in force, so there is nothing to recover.");

    /// <summary>V-2: the 7-day window after the penalty took effect has closed.</summary>
    public static RecoveryRefusal WindowClosed { get; } = new(
        "recovery-window-closed", "V-2",
        "The recovery window has closed: it ends at 24:00 Beijing time on the 7th day after the day the penalty took effect.");

    /// <summary>V-2: filing before the penalty took effect.</summary>
    public static RecoveryRefusal WindowNotOpen { get; } = new(
        "recovery-window-not-open", "V-2",
        "The penalty has not taken effect yet; a recovery application can be filed once it has.");

    /// <summary>V-2: only the penalized member may apply.</summary>
    public static RecoveryRefusal NotTheMembersViolation { get; } = new(
        "not-the-members-violation", "V-2",
        "This violation was recorded against another member's product.");

    /// <summary>V-3: the product named is not the one the violation was recorded against.</summary>
    public static RecoveryRefusal WrongProduct { get; } = new(
        "violation-product-mismatch", "V-3",
        "This violation was not recorded against that product; apply for each product separately.");

    /// <summary>V-3: an application for this violation and product already exists.</summary>
    public static RecoveryRefusal AlreadyFiled { get; } = new(
        "recovery-already-filed", "V-3",
        "A recovery application for this violation and product has already been filed; only one is allowed.");

    /// <summary>V-3: the application for this violation and product was rejected; no second one.</summary>
    public static RecoveryRefusal RejectedBefore { get; } = new(
        "recovery-rejected-before", "V-3",
        "The recovery application for this violation and product was rejected; it cannot be filed again.");

    /// <summary>V-4: the compliance commitment letter is missing, unsigned or unsealed.</summary>
    public static RecoveryRefusal CommitmentLetterMissing { get; } = new(
        "commitment-letter-missing", "V-4",
        "Attach the compliance commitment letter on the platform template, signed by hand and sealed with the company seal.");

    /// <summary>V-4: no original source file was attached.</summary>
    public static RecoveryRefusal SourceFilesMissing { get; } = new(
        "source-files-missing", "V-4",
        "Attach the original source files of the pictures (JPG/PNG with complete EXIF).");

    /// <summary>V-4: no replacement picture was attached.</summary>
    public static RecoveryRefusal ReplacementsMissing { get; } = new(
        "replacements-missing", "V-4",
        "Attach the corrected replacement pictures for every SKU of the product.");

    /// <summary>V-8: the application is not waiting for this step (already decided, or not held).</summary>
    public static RecoveryRefusal NotAwaitingReview { get; } = new(
        "recovery-not-awaiting-review", "V-8",
        "This application is not waiting for review.");

    /// <summary>V-7: a decision on an application still held for risk control.</summary>
    public static RecoveryRefusal HeldForRiskControl { get; } = new(
        "recovery-held-for-risk-control", "V-7",
        "This application is held for risk control and must be released before it is decided.");

    /// <summary>V-10: a rejection without any reason for the seller.</summary>
    public static RecoveryRefusal RejectionNeedsReason { get; } = new(
        "rejection-needs-reason", "V-10",
        "A rejection must give the seller at least one reason.");

    /// <summary>A change dated before the last recorded change of the application.</summary>
    public static RecoveryRefusal StaleInstant { get; } = new(
        "recovery-stale-instant", "-",
        "The change is dated before the last recorded change.");

    /// <summary>Every refusal, in a stable order.</summary>
    public static IReadOnlyList<RecoveryRefusal> All { get; } =
    [
        NotPenalized, WindowClosed, WindowNotOpen, NotTheMembersViolation, WrongProduct, AlreadyFiled, RejectedBefore,
        CommitmentLetterMissing, SourceFilesMissing, ReplacementsMissing, NotAwaitingReview, HeldForRiskControl,
        RejectionNeedsReason, StaleInstant,
    ];

    /// <summary>Looks a refusal up by its code; null when unknown.</summary>
    public static RecoveryRefusal? FromCode(string code) =>
        All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override string ToString() => $"{Code} ({RuleId})";
}
