namespace Originality.Domain.Violations;

/// <summary>A stored uploaded file: the key under which the server kept it, its name and content hash.</summary>
/// <param name="StorageKey">Where the host stored the bytes (opaque to the domain).</param>
/// <param name="FileName">The file name the seller uploaded.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content, so the record shows what was reviewed.</param>
public sealed record MaterialFile(string StorageKey, string FileName, string Sha256);

/// <summary>The compliance commitment letter on the platform template (V-4, [002] 《图片合规承诺书》).</summary>
/// <param name="File">The scanned letter.</param>
/// <param name="SignedByHand">The seller declares it is signed by hand.</param>
/// <param name="Sealed">The seller declares it carries the company seal.</param>
public sealed record CommitmentLetter(MaterialFile File, bool SignedByHand, bool Sealed)
{
    /// <summary>True when the letter is both signed and sealed, as the template requires.</summary>
    public bool IsComplete => SignedByHand && Sealed;
}

/// <summary>What an authorization covers (V-4: models, scenes, third-party pictures; V-5: stock pictures, AI licences).</summary>
public enum AuthorizationKind
{
    /// <summary>Portrait rights of a model (肖像权).</summary>
    Model = 1,

    /// <summary>A scene or location.</summary>
    Scene = 2,

    /// <summary>Copyright of a third-party picture.</summary>
    ThirdPartyPicture = 3,

    /// <summary>A licence for stock pictures.</summary>
    StockLicence = 4,

    /// <summary>A commercial licence for AI-generated pictures.</summary>
    AiCommercialLicence = 5,
}

/// <summary>A proof of authorization: what it covers and for which category (A-3: it does not carry over).</summary>
public sealed record AuthorizationProof(AuthorizationKind Kind, Category Category, MaterialFile File);

/// <summary>The corrected picture for one SKU (V-4: every SKU is replaced).</summary>
/// <param name="SkuId">The SKU it replaces the picture of.</param>
/// <param name="Picture">The new picture.</param>
/// <param name="AiGenerated">The seller declares the picture is AI-generated (then it must be labelled, V-5).</param>
public sealed record ReplacementPicture(string SkuId, MaterialFile Picture, bool AiGenerated);

/// <summary>Everything a recovery application carries (V-4).</summary>
public sealed record RecoveryMaterials(
    CommitmentLetter? CommitmentLetter,
    IReadOnlyList<MaterialFile> SourceFiles,
    IReadOnlyList<AuthorizationProof> Authorizations,
    IReadOnlyList<ReplacementPicture> Replacements)
{
    /// <summary>The first missing item V-4 requires before an application is filed at all, or null.</summary>
    /// <remarks>
    /// Only presence is checked here; whether the files are any good (EXIF, text in the
    /// pictures, SKUs covered, categories) is the engine's material checks (V-5, V-6), which
    /// report findings instead of refusing.
    /// </remarks>
    public Refusal? MissingItem()
    {
        if (CommitmentLetter is not { IsComplete: true })
        {
            return Refusal.CommitmentLetterMissing;
        }
        if (SourceFiles is null || SourceFiles.Count == 0)
        {
            return Refusal.SourceFilesMissing;
        }
        if (Replacements is null || Replacements.Count == 0)
        {
            return Refusal.ReplacementsMissing;
        }
        return null;
    }
}
