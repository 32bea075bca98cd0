using System.Text;
using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Engine.Pdq;
using Originality.Evidence;

namespace Originality.Fuzz;

/// <summary>
/// What the fuzzer feeds: each target takes any bytes and must either succeed or refuse them the
/// documented way. Any other exception is a crash for afl++ (and a regression test to write).
/// </summary>
public static class FuzzTargets
{
    /// <summary>The example key of docs/evidence.md, which the certificate seed verifies with.</summary>
    private const string ExamplePublicKey = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpin5Huu5AUQRqMrhHrEyDu41ra3d
        0tXpdURp39+FwPxeZ+DgLN++mhnj33Br5ofGLn+3+NMDW4kmGJi3UTzMwA==
        -----END PUBLIC KEY-----
        """;

    private static readonly Lazy<EvidencePublicKey> Key = new(() => EvidencePublicKey.FromPem(ExamplePublicKey));

    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["intake"] = Intake,
        ["certificate"] = Certificate,
        ["proof"] = Proof,
        ["record"] = Record,
    };

    /// <summary>The upload path: header checks, decode with EXIF, PDQ, and the copy detector's analysis of an accepted picture.</summary>
    public static void Intake(byte[] bytes)
    {
        try
        {
            ImageDecoder.Inspect(bytes);
            var fingerprint = PdqFingerprinter.Fingerprint(bytes);
            // Listing pictures have no minimum size, so every decoded picture, 1×1 included, is fingerprinted.
            Originality.Engine.Detection.PictureAnalysis.Of(fingerprint.Decoded.Image);
        }
        catch (ImageRejectedException e) when (!string.IsNullOrEmpty(e.Code))
        {
        }
    }

    /// <summary>A certificate as <c>originality verify</c> reads it: the verifier reports, it never throws.</summary>
    public static void Certificate(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        CertificateVerifier.Verify(text, Key.Value);
        try
        {
            FilingCertificate.FromJson(text);
        }
        catch (EvidenceFormatException)
        {
        }
    }

    /// <summary>Old head, new head and consistency proof, separated by NUL bytes, as <c>verify-consistency</c> reads them.</summary>
    public static void Proof(byte[] bytes)
    {
        var parts = Encoding.UTF8.GetString(bytes).Split('\0');
        if (parts.Length < 3)
        {
            return;
        }
        ConsistencyVerifier.Verify(parts[0], parts[1], parts[2], Key.Value);
        try
        {
            SignedTreeHead.FromJson(parts[0]);
        }
        catch (EvidenceFormatException)
        {
        }
        try
        {
            ConsistencyProofDocument.FromJson(parts[2]);
        }
        catch (EvidenceFormatException)
        {
        }
    }

    /// <summary>A log leaf: the canonical record decoder refuses anything but exactly one encoding.</summary>
    public static void Record(byte[] bytes)
    {
        try
        {
            var record = FilingRecord.FromCanonicalBytes(bytes);
            if (!record.ToCanonicalBytes().AsSpan().SequenceEqual(bytes))
            {
                throw new InvalidOperationException("A decoded record does not encode back to the same bytes.");
            }
        }
        catch (EvidenceFormatException)
        {
        }
    }
}
