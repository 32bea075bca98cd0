using System.Globalization;
using Originality.Domain.Violations;
using Originality.Server.Pages;

namespace Originality.Server.Violations;

/// <summary>A picture violation's words in the reader's language, shared by the seller's and the reviewers' pages.</summary>
public static class ViolationWords
{
    /// <summary>A violation type in the reader's words.</summary>
    public static string TypeText(Texts t, PictureViolationType type) => type switch
    {
        PictureViolationType.StolenPicture => t["violation.stolenPicture"],
        PictureViolationType.UnauthorizedBrandLogo => t["violation.unauthorizedBrandLogo"],
        PictureViolationType.NonPlatformWatermark => t["violation.nonPlatformWatermark"],
        PictureViolationType.ContactDetailsShown => t["violation.contactDetailsInPicture"],
        PictureViolationType.SensitiveContent => t["violation.sensitiveContent"],
        _ => t["violation.aiPictureWithoutLabel"],
    };

    /// <summary>A violation's state in the reader's words, with its badge colour.</summary>
    public static (string Text, string Kind) State(Texts t, ViolationState state) => state switch
    {
        ViolationState.Penalized => (t["violation.penalized"], "bad"),
        ViolationState.LiftedAutomatically => (t["violation.liftedAutomatically"], "ok"),
        ViolationState.Revoked => (t["violation.revokedProductRestored"], "ok"),
        _ => (t["violation.notInForceYet"], "warn"),
    };

    /// <summary>A recovery application's status in the reader's words, with its badge colour.</summary>
    public static (string Text, string Kind) Status(Texts t, RecoveryStatus status) => status switch
    {
        RecoveryStatus.HeldForRiskControl => (t["violation.heldForRiskControl"], "warn"),
        RecoveryStatus.AwaitingReview => (t["violation.awaitingReview"], "warn"),
        RecoveryStatus.Approved => (t["violation.approved"], "ok"),
        _ => (t["violation.rejected"], "bad"),
    };

    /// <summary>
    /// A machine check's finding in the reader's words; English readers also get the checker's own
    /// sentence, which is English only.
    /// </summary>
    public static string FindingText(Texts t, string code, string reason)
    {
        ArgumentNullException.ThrowIfNull(t);
        var title = t.Find("finding." + code);
        if (title is null)
        {
            return reason;
        }
        return t.IsChinese ? title : $"{title}: {reason}";
    }

    /// <summary>What a penalty took: the product off the shelves, search demotion, points.</summary>
    public static string PenaltyText(Texts t, ViolationPenalty p)
    {
        var parts = new List<string>();
        if (p.ProductRemoved)
        {
            parts.Add(t["violation.removed"]);
        }
        if (p.SearchDemoted)
        {
            parts.Add(t["violation.searchDemotion"]);
        }
        parts.Add(string.Format(CultureInfo.InvariantCulture, t["violation.0Points"], p.Points));
        return string.Join(", ", parts);
    }
}
