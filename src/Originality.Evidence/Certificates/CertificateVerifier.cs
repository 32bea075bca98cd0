using System.Security.Cryptography;

namespace Originality.Evidence;

/// <summary>
/// Verifies a filing certificate offline, with nothing but the certificate, the operator's public
/// key and optionally the picture: the steps of docs/evidence.md, "Verifying a certificate".
/// </summary>
public static class CertificateVerifier
{
    public const string FormatCheck = "certificate format";
    public const string RecordCheck = "record matches its canonical encoding";
    public const string LeafCheck = "leaf hash";
    public const string InclusionCheck = "inclusion proof reaches the signed root";
    public const string KeyCheck = "signing key";
    public const string SignatureCheck = "tree head signature";
    public const string PictureCheck = "picture";

    /// <summary>Runs every check on <paramref name="certificateJson"/> except the picture (reported as skipped).</summary>
    public static VerificationReport Verify(string certificateJson, EvidencePublicKey publicKey) =>
        VerifyCore(certificateJson, publicKey, pictureSha256: null);

    /// <summary>Runs every check, comparing the filed content hash with <paramref name="pictureSha256"/>, the SHA-256 of the picture file.</summary>
    public static VerificationReport Verify(string certificateJson, EvidencePublicKey publicKey, ReadOnlySpan<byte> pictureSha256) =>
        VerifyCore(certificateJson, publicKey, pictureSha256.ToArray());

    /// <summary>Runs every check, hashing the picture read from <paramref name="picture"/>.</summary>
    public static async Task<VerificationReport> VerifyAsync(string certificateJson, EvidencePublicKey publicKey, Stream? picture, CancellationToken cancellationToken)
    {
        if (picture is null)
        {
            return Verify(certificateJson, publicKey);
        }
        var sha = await SHA256.HashDataAsync(picture, cancellationToken).ConfigureAwait(false);
        return Verify(certificateJson, publicKey, sha);
    }

    private static VerificationReport VerifyCore(string certificateJson, EvidencePublicKey publicKey, byte[]? pictureSha256)
    {
        ArgumentNullException.ThrowIfNull(certificateJson);
        ArgumentNullException.ThrowIfNull(publicKey);
        var checks = new List<VerificationCheck>();
        CertificateDocument document;
        try
        {
            document = EvidenceJson.ParseCertificate(certificateJson);
        }
        catch (UnsupportedVersionException e)
        {
            checks.Add(VerificationCheck.Fail(FormatCheck, $"unknown version: {e.Message}"));
            return new VerificationReport(checks);
        }
        catch (EvidenceFormatException e)
        {
            checks.Add(VerificationCheck.Fail(FormatCheck, $"not a valid certificate: {e.Message}"));
            return new VerificationReport(checks);
        }
        checks.Add(VerificationCheck.Pass(FormatCheck, $"version {FilingCertificate.CurrentVersion}, filing #{document.RecordFields.Sequence}, leaf {document.LeafIndex} of {document.TreeHead.Size}"));

        checks.Add(CheckRecord(document));
        var leafHash = MerkleHash.Leaf(document.Canonical);
        checks.Add(leafHash.AsSpan().SequenceEqual(document.LeafHash)
            ? VerificationCheck.Pass(LeafCheck, $"SHA-256(0x00 || record) = {Hex.Encode(leafHash)}")
            : VerificationCheck.Fail(LeafCheck, $"the certificate states leaf hash {Hex.Encode(document.LeafHash)} but the record hashes to {Hex.Encode(leafHash)}"));
        checks.Add(CheckInclusion(document, leafHash));
        checks.Add(CheckKey(document.TreeHead, publicKey));
        checks.Add(CheckSignature(document.TreeHead, publicKey));
        checks.Add(pictureSha256 is null
            ? VerificationCheck.Skip(PictureCheck, "no picture given; only the record was verified")
            : CheckPicture(document.RecordFields, pictureSha256));
        return new VerificationReport(checks);
    }

    internal static VerificationCheck CheckKey(SignedTreeHead head, EvidencePublicKey publicKey) =>
        string.Equals(head.KeyId, publicKey.KeyId, StringComparison.Ordinal)
            ? VerificationCheck.Pass(KeyCheck, $"signed with key {head.KeyId}, the public key given")
            : VerificationCheck.Fail(KeyCheck, $"wrong key: the tree head names key {head.KeyId} but the public key given is {publicKey.KeyId}");

    internal static VerificationCheck CheckSignature(SignedTreeHead head, EvidencePublicKey publicKey, string name = SignatureCheck) =>
        head.VerifySignature(publicKey)
            ? VerificationCheck.Pass(name, $"ECDSA P-256 signature over size {head.Size}, root {head.Head.RootHashHex}, time {EvidenceJson.FormatInstant(head.Head.TimestampUnixMilliseconds)} is valid")
            : VerificationCheck.Fail(name, "bad signature: the tree head (size, root hash, timestamp) was not signed by this key, or was altered after signing");

    private static VerificationCheck CheckRecord(CertificateDocument document)
    {
        FilingRecord decoded;
        try
        {
            decoded = FilingRecord.FromCanonicalBytes(document.Canonical);
        }
        catch (EvidenceFormatException e)
        {
            return VerificationCheck.Fail(RecordCheck, $"record/leaf mismatch: the canonical encoding is invalid: {e.Message}");
        }
        var fields = document.RecordFields;
        var differing = new List<string>();
        if (decoded.Sequence != fields.Sequence) differing.Add("sequence");
        if (!string.Equals(decoded.MemberId, fields.MemberId, StringComparison.Ordinal)) differing.Add("memberId");
        if (!string.Equals(decoded.StoreId, fields.StoreId, StringComparison.Ordinal)) differing.Add("storeId");
        if (!string.Equals(decoded.Folder, fields.Folder, StringComparison.Ordinal)) differing.Add("folder");
        if (!decoded.ContentSha256.SequenceEqual(fields.ContentSha256)) differing.Add("contentSha256");
        if (!decoded.Fingerprint.SequenceEqual(fields.Fingerprint)) differing.Add("fingerprint");
        if (decoded.FiledAtUnixMilliseconds != fields.FiledAtUnixMilliseconds) differing.Add("filedAt");
        return differing.Count == 0
            ? VerificationCheck.Pass(RecordCheck, $"{decoded}")
            : VerificationCheck.Fail(RecordCheck, $"record/leaf mismatch: {string.Join(", ", differing)} shown in the certificate differ from the logged (canonical) record");
    }

    private static VerificationCheck CheckInclusion(CertificateDocument document, byte[] leafHash)
    {
        if (document.LeafIndex >= document.TreeHead.Size)
        {
            return VerificationCheck.Fail(InclusionCheck, $"leaf index {document.LeafIndex} lies outside the signed tree of {document.TreeHead.Size} leaves");
        }
        return MerkleProof.VerifyInclusion(document.LeafIndex, document.TreeHead.Size, leafHash, document.InclusionProof, document.TreeHead.Head.RootHash)
            ? VerificationCheck.Pass(InclusionCheck, $"{document.InclusionProof.Count} hashes lead from leaf {document.LeafIndex} to root {document.TreeHead.Head.RootHashHex} of the tree of {document.TreeHead.Size} leaves")
            : VerificationCheck.Fail(InclusionCheck, $"the proof does not reach the root: leaf {document.LeafIndex} with these {document.InclusionProof.Count} hashes does not give root {document.TreeHead.Head.RootHashHex}");
    }

    private static VerificationCheck CheckPicture(FilingRecord record, ReadOnlySpan<byte> pictureSha256) =>
        pictureSha256.SequenceEqual(record.ContentSha256)
            ? VerificationCheck.Pass(PictureCheck, $"the picture's SHA-256 {Hex.Encode(pictureSha256)} is the filed content hash")
            : VerificationCheck.Fail(PictureCheck, $"picture hash differs: the file hashes to {Hex.Encode(pictureSha256)} but the filing recorded {record.ContentSha256Hex}; this is not the filed picture (byte for byte)");
}
