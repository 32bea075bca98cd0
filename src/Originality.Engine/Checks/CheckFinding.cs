namespace Originality.Engine.Checks;

/// <summary>
/// One thing wrong with a recovery application's materials, told to the seller at once (V-5, V-6).
/// </summary>
/// <param name="Code">Stable kebab-case code, e.g. <c>contact-phone</c>; see <see cref="FindingCodes"/>.</param>
/// <param name="RuleId">The rule of RULES.md it enforces (<c>V-5</c> or <c>V-6</c>).</param>
/// <param name="Reason">A sentence for the seller saying what is wrong and what to do.</param>
/// <param name="Subject">Which material it is about (file name, SKU id, "reason"), or null.</param>
/// <param name="Evidence">What was found (the OCR text, the EXIF value), or null.</param>
public sealed record CheckFinding(string Code, string RuleId, string Reason, string? Subject = null, string? Evidence = null);

/// <summary>The stable codes of <see cref="CheckFinding"/>.</summary>
public static class FindingCodes
{
    /// <summary>Source file has no EXIF at all (screenshots have none).</summary>
    public const string SourceWithoutExif = "source-without-exif";
    /// <summary>Source file's EXIF lacks camera make/model or the time of shooting.</summary>
    public const string SourceExifIncomplete = "source-exif-incomplete";
    /// <summary>Source file's EXIF Software names a screenshot tool or an editor.</summary>
    public const string SourceEditedOrScreenshot = "source-edited-or-screenshot";
    /// <summary>Source file's EXIF time of shooting is after the claimed date.</summary>
    public const string SourceTakenAfterClaim = "source-taken-after-claim";
    /// <summary>Source file could not be read as a picture.</summary>
    public const string SourceUnreadable = "source-unreadable";
    /// <summary>Replacement is still (nearly) the penalized picture.</summary>
    public const string ReplacementTooSimilar = "replacement-too-similar";
    /// <summary>A phone number in a picture.</summary>
    public const string ContactPhone = "contact-phone";
    /// <summary>An e-mail address in a picture.</summary>
    public const string ContactEmail = "contact-email";
    /// <summary>A WeChat/QQ/WhatsApp/… id in a picture.</summary>
    public const string ContactMessenger = "contact-messenger";
    /// <summary>A web address in a picture.</summary>
    public const string ContactUrl = "contact-url";
    /// <summary>A watermark carrying another store's id.</summary>
    public const string WatermarkOtherStore = "watermark-other-store";
    /// <summary>A watermark without the store's id.</summary>
    public const string WatermarkWithoutStoreId = "watermark-without-store-id";
    /// <summary>An AI-generated picture without the "AI Generated" label.</summary>
    public const string AiLabelMissing = "ai-label-missing";
    /// <summary>An AI-generated picture without a commercial licence.</summary>
    public const string AiLicenceMissing = "ai-licence-missing";
    /// <summary>An SKU whose picture was not replaced.</summary>
    public const string SkuNotReplaced = "sku-not-replaced";
    /// <summary>An authorization for another category than the product's.</summary>
    public const string AuthorizationOtherCategory = "authorization-other-category";
    /// <summary>Stock pictures used without a stock licence.</summary>
    public const string StockWithoutLicence = "stock-without-licence";
    /// <summary>The reason is only boilerplate phrases.</summary>
    public const string ReasonBoilerplate = "reason-boilerplate";
}
