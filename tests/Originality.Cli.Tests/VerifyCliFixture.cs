using System.Security.Cryptography;
using System.Text;
using Originality.Evidence;

namespace Originality.Cli.Tests;

/// <summary>
/// A small signed log in a temp folder, as the server would keep it, with the files a person
/// verifying would have: certificates, the public key, pictures, heads and proofs.
/// </summary>
internal sealed class VerifyCliFixture : IAsyncDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private VerifyCliFixture(string directory, EvidenceSigningKey key, FilingLog log)
    {
        Directory = directory;
        Key = key;
        Log = log;
    }

    public string Directory { get; }

    public EvidenceSigningKey Key { get; }

    public FilingLog Log { get; }

    public string PublicKeyPath => PathOf("public-key.pem");

    public string PathOf(string name) => Path.Combine(Directory, name);

    public static async Task<VerifyCliFixture> CreateAsync(int filings = 9)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("verify-cli-").FullName;
        var key = EvidenceSigningKey.Generate();
        var log = await FilingLog.OpenAsync(Path.Combine(directory, "filings.log"), None);
        var fixture = new VerifyCliFixture(directory, key, log);
        for (var i = 1; i <= filings; i++)
        {
            await File.WriteAllBytesAsync(fixture.PathOf($"picture-{i}.jpg"), Picture(i));
            await log.AppendAsync(Filing(i), None);
        }
        await File.WriteAllTextAsync(fixture.PublicKeyPath, key.ToPublicKeyPem());
        return fixture;
    }

    public static byte[] Picture(int n) => Encoding.UTF8.GetBytes($"not really a JPEG, picture {n}");

    public static FilingRecord Filing(int n, string member = "member-1001") => new(
        n, member, "AE-7654321", "主图", SHA256.HashData(Picture(n)), new byte[32], new DateTimeOffset(2026, 2, 1, 8, 0, n, TimeSpan.Zero));

    public SignedTreeHead SignHead(long? size = null, EvidenceSigningKey? key = null)
    {
        var treeSize = size ?? Log.Count;
        return SignedTreeHead.Sign(new TreeHead(treeSize, Log.RootHash(treeSize), 1_780_000_000_000 + treeSize), key ?? Key);
    }

    /// <summary>Writes the certificate of filing <paramref name="leafIndex"/> under a head of the current log; returns its path.</summary>
    public async Task<string> WriteCertificateAsync(long leafIndex, string name = "certificate.json")
    {
        var certificate = await Log.CreateCertificateAsync(leafIndex, SignHead(), None);
        await File.WriteAllTextAsync(PathOf(name), certificate.ToJson());
        return PathOf(name);
    }

    public async Task<string> WriteAsync(string name, string text)
    {
        await File.WriteAllTextAsync(PathOf(name), text);
        return PathOf(name);
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        Key.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
