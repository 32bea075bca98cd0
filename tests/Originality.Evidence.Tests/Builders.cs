using System.Security.Cryptography;
using System.Text;
using Originality.Evidence;

namespace Originality.Evidence.Tests;

/// <summary>Test data for filings: sensible defaults, change what the test is about.</summary>
internal sealed class FilingRecordBuilder
{
    private long _sequence = 1;
    private string _member = "member-1001";
    private string _store = "AE-1234567";
    private string _folder = "主图";
    private byte[] _content = SHA256.HashData("picture bytes"u8);
    private readonly byte[] _fingerprint = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private DateTimeOffset _filedAt = new(2026, 1, 31, 16, 30, 0, 123, TimeSpan.Zero);

    public FilingRecordBuilder WithSequence(long sequence) { _sequence = sequence; return this; }
    public FilingRecordBuilder WithMember(string member) { _member = member; return this; }
    public FilingRecordBuilder WithStore(string store) { _store = store; return this; }
    public FilingRecordBuilder WithFolder(string folder) { _folder = folder; return this; }
    public FilingRecordBuilder WithContent(byte[] content) { _content = SHA256.HashData(content); return this; }
    public FilingRecordBuilder WithFiledAt(DateTimeOffset at) { _filedAt = at; return this; }

    public FilingRecord Build() => new(_sequence, _member, _store, _folder, _content, _fingerprint, _filedAt);

    /// <summary>Filing number <paramref name="n"/> of a series: distinct content and time.</summary>
    public static FilingRecord Numbered(long n, string salt = "") => new FilingRecordBuilder()
        .WithSequence(n)
        .WithContent(Encoding.UTF8.GetBytes($"picture {n}{salt}"))
        .WithFiledAt(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(n))
        .Build();
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>A fresh directory under the temp folder, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("evidence-tests-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>The RFC 9162 definitions written as plainly as possible, over a list of leaf inputs, to check the real tree against.</summary>
internal static class ReferenceMerkle
{
    public static byte[] Mth(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 0) return SHA256.HashData(Array.Empty<byte>());
        if (leaves.Count == 1) return SHA256.HashData([0x00, .. leaves[0]]);
        var k = LargestPowerOfTwoBelow(leaves.Count);
        return SHA256.HashData([0x01, .. Mth(leaves.Take(k).ToList()), .. Mth(leaves.Skip(k).ToList())]);
    }

    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count <= 1) return [];
        var k = LargestPowerOfTwoBelow(leaves.Count);
        var left = leaves.Take(k).ToList();
        var right = leaves.Skip(k).ToList();
        return m < k ? [.. Path(m, left), Mth(right)] : [.. Path(m - k, right), Mth(left)];
    }

    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> leaves) => SubProof(m, leaves, true);

    private static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> leaves, bool b)
    {
        if (m == leaves.Count) return b ? [] : [Mth(leaves)];
        var k = LargestPowerOfTwoBelow(leaves.Count);
        var left = leaves.Take(k).ToList();
        var right = leaves.Skip(k).ToList();
        return m <= k ? [.. SubProof(m, left, b), Mth(right)] : [.. SubProof(m - k, right, false), Mth(left)];
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k * 2 < n) k *= 2;
        return k;
    }
}
