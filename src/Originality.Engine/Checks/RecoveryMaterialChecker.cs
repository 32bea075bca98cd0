namespace Originality.Engine.Checks;

/// <summary>An uploaded original source file with the claim it supports.</summary>
/// <param name="FileName">The file's name.</param>
/// <param name="Content">The encoded file.</param>
/// <param name="ClaimedExistingBy">When the seller says the picture already existed; null for no date claim.</param>
public sealed record SourceFileInput(string FileName, ReadOnlyMemory<byte> Content, DateTimeOffset? ClaimedExistingBy);

/// <summary>An uploaded replacement picture.</summary>
/// <param name="SkuId">The SKU it replaces the picture of.</param>
/// <param name="FileName">The file's name.</param>
/// <param name="Content">The encoded picture.</param>
/// <param name="AiGenerated">Declared AI-generated.</param>
public sealed record ReplacementInput(string SkuId, string FileName, ReadOnlyMemory<byte> Content, bool AiGenerated);

/// <summary>Everything the machine checks of a recovery application look at (V-4..V-6).</summary>
/// <param name="OwnStoreId">The applying store's id (<c>AE-</c> + 7 digits).</param>
/// <param name="ProductCategory">The product's category.</param>
/// <param name="ProductSkus">Every SKU of the product.</param>
/// <param name="Reason">The seller's reason text.</param>
/// <param name="SourceFiles">The original source files.</param>
/// <param name="Authorizations">The proofs of authorization and licences.</param>
/// <param name="Replacements">The replacement pictures.</param>
/// <param name="PenalizedPicture">The penalized picture, to compare replacements with; null to skip.</param>
/// <param name="UsesStockPictures">The seller declares stock pictures are used.</param>
public sealed record MaterialCheckInput(
    string OwnStoreId,
    string ProductCategory,
    IReadOnlyList<string> ProductSkus,
    string Reason,
    IReadOnlyList<SourceFileInput> SourceFiles,
    IReadOnlyList<AuthorizationDocument> Authorizations,
    IReadOnlyList<ReplacementInput> Replacements,
    ReadOnlyMemory<byte>? PenalizedPicture = null,
    bool UsesStockPictures = false);

/// <summary>Settings of <see cref="RecoveryMaterialChecker"/>.</summary>
public sealed record MaterialCheckOptions
{
    /// <summary>The defaults.</summary>
    public static MaterialCheckOptions Default { get; } = new();

    /// <summary>
    /// Similarity from which a replacement counts as the penalized picture again. The server's
    /// similarity maps the copy detector's verdict onto this scale: a verified copy scores at least
    /// this, anything else below it.
    /// </summary>
    public double TooSimilarFrom { get; init; } = 0.6875;
}

/// <summary>
/// Runs every machine check of a recovery application on submission so the seller hears at once
/// what is wrong (V-5, V-6). IO (OCR) happens through the <see cref="ITextReader"/> given.
/// </summary>
/// <remarks>Thread-safe when the reader and similarity are. Replacement pictures are read one at a time: OCR is CPU-bound.</remarks>
public sealed class RecoveryMaterialChecker(ITextReader reader, PictureSimilarity? similarity, MaterialCheckOptions options)
{
    /// <summary>A checker with default options.</summary>
    public RecoveryMaterialChecker(ITextReader reader, PictureSimilarity? similarity = null)
        : this(reader, similarity, MaterialCheckOptions.Default)
    {
    }

    /// <summary>All findings, in the order: source files, replacements, SKUs, authorizations, licences, reason.</summary>
    public async Task<IReadOnlyList<CheckFinding>> CheckAsync(MaterialCheckInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var findings = new List<CheckFinding>();
        foreach (var source in input.SourceFiles)
        {
            findings.AddRange(SourceFileCheck.Check(source.FileName, source.Content, source.ClaimedExistingBy));
        }
        foreach (var replacement in input.Replacements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (similarity is not null && input.PenalizedPicture is { } penalized
                && MaterialChecks.TooSimilar(replacement.FileName, similarity(penalized, replacement.Content), options.TooSimilarFrom) is { } tooSimilar)
            {
                findings.Add(tooSimilar);
            }
            var text = await reader.ReadAsync(replacement.Content, cancellationToken).ConfigureAwait(false);
            findings.AddRange(PictureTextCheck.Check(text, new PictureTextRules(replacement.FileName, input.OwnStoreId, replacement.AiGenerated)));
        }
        findings.AddRange(MaterialChecks.MissingSkus(input.ProductSkus, input.Replacements.Select(r => r.SkuId)));
        findings.AddRange(MaterialChecks.AuthorizationsForOtherCategories(input.ProductCategory, input.Authorizations));
        findings.AddRange(MaterialChecks.MissingLicences(input.Replacements.Any(r => r.AiGenerated), input.UsesStockPictures, input.Authorizations));
        findings.AddRange(ReasonTextCheck.Check(input.Reason));
        return findings;
    }
}
