using System.Security.Cryptography;

namespace Originality.Evidence;

/// <summary>
/// The operator's ECDSA P-256 private key that signs tree heads, loaded from a PKCS#8 PEM
/// (<c>-----BEGIN PRIVATE KEY-----</c>) or generated with <see cref="Generate"/>.
/// </summary>
/// <remarks>
/// ECDSA P-256 with SHA-256 and IEEE P1363 signatures (r || s, 32 bytes each) because .NET's own
/// cryptography has it on every platform (Ed25519 is not in the .NET 10 base library).
/// Signing is thread safe.
/// </remarks>
public sealed class EvidenceSigningKey : IDisposable
{
    private readonly ECDsa _key;

    private EvidenceSigningKey(ECDsa key)
    {
        _key = key;
        PublicKey = EvidencePublicKey.FromPublicParameters(key.ExportParameters(includePrivateParameters: false));
    }

    public EvidencePublicKey PublicKey { get; }

    public string KeyId => PublicKey.KeyId;

    /// <summary>A fresh random P-256 key.</summary>
    public static EvidenceSigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a P-256 private key from PEM text (PKCS#8, or SEC1 "EC PRIVATE KEY").</summary>
    public static EvidenceSigningKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            EcdsaP256.RequireP256(key);
            // Fails for a public-only PEM, which cannot sign.
            key.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or EvidenceFormatException)
        {
            key.Dispose();
            throw new EvidenceFormatException($"Not a PEM P-256 private key: {e.Message}", e);
        }
        return new EvidenceSigningKey(key);
    }

    /// <summary>Loads the private key from a PEM file.</summary>
    public static async Task<EvidenceSigningKey> FromPemFileAsync(string path, CancellationToken cancellationToken)
    {
        var pem = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return FromPem(pem);
    }

    /// <summary>PKCS#8 PEM of the private key; keep it secret.</summary>
    public string ToPkcs8Pem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>SPKI PEM of the public key.</summary>
    public string ToPublicKeyPem() => PublicKey.ToPem();

    /// <summary>ECDSA P-256 / SHA-256 signature of <paramref name="data"/> in IEEE P1363 form (64 bytes).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose()
    {
        _key.Dispose();
        PublicKey.Dispose();
    }
}

internal static class EcdsaP256
{
    public const int SignatureLength = 64;

    private const string P256Oid = "1.2.840.10045.3.1.7";

    public static void RequireP256(ECDsa key)
    {
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        if (!string.Equals(curve.Oid?.Value, P256Oid, StringComparison.Ordinal)
            && !string.Equals(curve.Oid?.FriendlyName, "nistP256", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(curve.Oid?.FriendlyName, "ECDSA_P256", StringComparison.OrdinalIgnoreCase))
        {
            throw new EvidenceFormatException($"The key is not on curve P-256 (it is {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "an explicit curve"}).");
        }
    }
}
