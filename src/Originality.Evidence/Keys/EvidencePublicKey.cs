using System.Security.Cryptography;

namespace Originality.Evidence;

/// <summary>
/// The public half of the operator's ECDSA P-256 tree-head key: what a verifier needs, loaded
/// from an SPKI PEM (<c>-----BEGIN PUBLIC KEY-----</c>).
/// </summary>
/// <remarks>The key id is the lower-case hex SHA-256 of the DER SubjectPublicKeyInfo.</remarks>
public sealed class EvidencePublicKey : IDisposable
{
    private readonly ECDsa _key;

    private EvidencePublicKey(ECDsa key)
    {
        _key = key;
        SubjectPublicKeyInfo = key.ExportSubjectPublicKeyInfo();
        KeyId = Hex.Encode(SHA256.HashData(SubjectPublicKeyInfo.Span));
    }

    /// <summary>Lower-case hex SHA-256 of the DER SubjectPublicKeyInfo.</summary>
    public string KeyId { get; }

    /// <summary>The DER SubjectPublicKeyInfo bytes.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    /// <summary>The key as an SPKI PEM, e.g. to publish from the API.</summary>
    public string ToPem() => PemEncoding.WriteString("PUBLIC KEY", SubjectPublicKeyInfo.Span);

    /// <summary>Loads a P-256 public key from PEM text; throws <see cref="EvidenceFormatException"/> for anything else.</summary>
    public static EvidencePublicKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new EvidenceFormatException($"Not a PEM public key: {e.Message}", e);
        }
        EcdsaP256.RequireP256(key);
        // A private PEM would load too; keep only the public half so nothing can sign with it.
        var publicOnly = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        key.Dispose();
        return new EvidencePublicKey(publicOnly);
    }

    internal static EvidencePublicKey FromPublicParameters(ECParameters parameters) => new(ECDsa.Create(parameters));

    /// <summary>True when <paramref name="signature"/> (IEEE P1363, 64 bytes) signs <paramref name="data"/> with SHA-256.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == EcdsaP256.SignatureLength
        && _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
