namespace Originality.Engine.Checks;

/// <summary>
/// Compares the penalized picture with its replacement; 1 is the same picture, 0 unrelated. The
/// engine's copy matcher (<c>Originality.Engine.Matching</c>) is meant to be plugged in here.
/// </summary>
public delegate double PictureSimilarity(ReadOnlyMemory<byte> penalized, ReadOnlyMemory<byte> replacement);

/// <summary>A proof of authorization as the checks see it.</summary>
/// <param name="FileName">The document's file name.</param>
/// <param name="Kind">What it covers: <c>model</c>, <c>scene</c>, <c>third-party</c>, <c>stock</c>, <c>ai-commercial</c>.</param>
/// <param name="Category">The category it was granted for.</param>
public sealed record AuthorizationDocument(string FileName, string Kind, string Category)
{
    /// <summary>Kind of a stock-picture licence.</summary>
    public const string StockKind = "stock";

    /// <summary>Kind of a commercial licence for AI-generated pictures.</summary>
    public const string AiCommercialKind = "ai-commercial";

    /// <summary>True for stock and AI licences, which cover pictures rather than a category's use of a model or scene.</summary>
    public bool IsLicence =>
        string.Equals(Kind, StockKind, StringComparison.OrdinalIgnoreCase) || string.Equals(Kind, AiCommercialKind, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The V-5 checks that need no picture: every SKU replaced, authorizations for the product's
/// category, licences for stock and AI pictures, and the replacement's distance from the penalized picture.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class MaterialChecks
{
    /// <summary>
    /// One finding per SKU of the product without a replacement picture ([002]: "仅改主图但未更新SKU
    /// 详情页图,仍视为整改不彻底"). SKU ids compare ordinally, trimmed.
    /// </summary>
    public static IReadOnlyList<CheckFinding> MissingSkus(IEnumerable<string> productSkus, IEnumerable<string> replacedSkus)
    {
        ArgumentNullException.ThrowIfNull(productSkus);
        ArgumentNullException.ThrowIfNull(replacedSkus);
        var replaced = replacedSkus.Select(s => s.Trim()).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. productSkus.Select(s => s.Trim()).Distinct(StringComparer.Ordinal).Where(s => !replaced.Contains(s)).Select(s =>
                new CheckFinding(FindingCodes.SkuNotReplaced, "V-5",
                    $"SKU \"{s}\" has no replacement picture. Replace the pictures of every SKU, not only the main picture.",
                    s)),
        ];
    }

    /// <summary>
    /// One finding per authorization granted for another category than the product's (A-3; [002]:
    /// "勿跨类目复用授权"). Categories compare case-insensitively, trimmed.
    /// </summary>
    public static IReadOnlyList<CheckFinding> AuthorizationsForOtherCategories(string productCategory, IEnumerable<AuthorizationDocument> authorizations)
    {
        ArgumentNullException.ThrowIfNull(productCategory);
        ArgumentNullException.ThrowIfNull(authorizations);
        return
        [
            .. authorizations.Where(a => !a.IsLicence && !string.Equals(a.Category.Trim(), productCategory.Trim(), StringComparison.OrdinalIgnoreCase)).Select(a =>
                new CheckFinding(FindingCodes.AuthorizationOtherCategory, "V-5",
                    $"The authorization \"{a.FileName}\" was granted for the category \"{a.Category}\", not for this product's category \"{productCategory}\". An authorization does not carry over to another category; get one for \"{productCategory}\".",
                    a.FileName, a.Category)),
        ];
    }

    /// <summary>Licence findings: AI-generated pictures need a commercial licence, stock pictures a stock licence (V-5).</summary>
    public static IReadOnlyList<CheckFinding> MissingLicences(bool anyAiGenerated, bool usesStockPictures, IEnumerable<AuthorizationDocument> authorizations)
    {
        ArgumentNullException.ThrowIfNull(authorizations);
        var kinds = authorizations.Select(a => a.Kind).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var findings = new List<CheckFinding>();
        if (anyAiGenerated && !kinds.Contains(AuthorizationDocument.AiCommercialKind))
        {
            findings.Add(new CheckFinding(FindingCodes.AiLicenceMissing, "V-5",
                "AI-generated pictures need the commercial licence of the tool that made them (e.g. Midjourney, DALL·E). Attach it."));
        }
        if (usesStockPictures && !kinds.Contains(AuthorizationDocument.StockKind))
        {
            findings.Add(new CheckFinding(FindingCodes.StockWithoutLicence, "V-5",
                "Stock pictures are used without a stock licence. Attach the licence for them."));
        }
        return findings;
    }

    /// <summary>
    /// A finding when the replacement is still at least <paramref name="threshold"/> similar to
    /// the penalized picture ([002]: "替换图仍含违规元素").
    /// </summary>
    public static CheckFinding? TooSimilar(string subject, double similarity, double threshold)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (double.IsNaN(similarity) || similarity < threshold)
        {
            return null;
        }
        var percent = Math.Round(similarity * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new CheckFinding(FindingCodes.ReplacementTooSimilar, "V-5",
            $"The replacement \"{subject}\" is still nearly the same picture as the penalized one ({percent}% alike). Upload a new picture that does not reuse the penalized one.",
            subject, percent + "%");
    }
}
