using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Originality.Domain.Filings;

/// <summary>
/// F-6: the evidence of a first filing — who filed what (content SHA-256 and perceptual fingerprint)
/// and when. Immutable. <see cref="CanonicalText"/> is the exact text the tamper-evident log
/// (Originality.Evidence) hashes and signs, so the record can later be proven unaltered and not
/// back-dated; the domain itself only guarantees the fields are well-formed.
/// </summary>
/// <param name="FiledBy">The member who filed.</param>
/// <param name="ContentSha256">SHA-256 of the original file's bytes, 64 lower-case hex digits.</param>
/// <param name="FingerprintHex">The engine's fingerprint of the picture, lower-case hex (non-empty, even length).</param>
/// <param name="FiledAt">When the platform received the file.</param>
/// <param name="FileName">The uploaded file name (for people; not part of identity).</param>
/// <param name="SizeBytes">Size of the original file in bytes.</param>
public sealed record FilingEvidence(MemberId FiledBy, string ContentSha256, string FingerprintHex, Instant FiledAt, string FileName, long SizeBytes)
{
    /// <summary>True when the hash and fingerprint are well-formed lower-case hex and the size positive.</summary>
    public bool IsWellFormed =>
        IsLowerHex(ContentSha256) && ContentSha256.Length == 64
        && IsLowerHex(FingerprintHex) && FingerprintHex.Length % 2 == 0
        && SizeBytes > 0;

    /// <summary>
    /// One line, fixed field order, invariant formatting:
    /// <c>filing-evidence/v1|member=…|sha256=…|fingerprint=…|filed-at=…(ISO, UTC)|size=…</c>.
    /// The file name is left out on purpose: renaming a file does not change the evidence.
    /// </summary>
    public string CanonicalText() =>
        string.Create(CultureInfo.InvariantCulture,
            $"filing-evidence/v1|member={FiledBy}|sha256={ContentSha256}|fingerprint={FingerprintHex}|filed-at={InstantPattern.ExtendedIso.Format(FiledAt)}|size={SizeBytes}");

    private static bool IsLowerHex(string? s) =>
        !string.IsNullOrEmpty(s) && s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
