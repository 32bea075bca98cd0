using System.Security.Cryptography;
using System.Text;
using Originality.Storage.Originals;

namespace Originality.Storage.Tests;

public sealed class OriginalFileStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "originality-originals-tests", Guid.NewGuid().ToString("N"));
    private readonly OriginalFileStore _store;

    public OriginalFileStoreTests() => _store = new OriginalFileStore(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task An_original_round_trips_under_its_sha256_in_a_two_level_folder()
    {
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var stored = await _store.PutAsync(bytes);

        Assert.Equal(new OriginalRef(sha, bytes.Length), stored);
        Assert.Equal(Path.Combine(_root, sha[..2], sha[2..4], sha), _store.PathOf(sha));
        Assert.Equal(bytes, await _store.ReadAsync(sha));
        Assert.True(await _store.VerifyAsync(sha));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_store.PathOf(sha))!, "*.tmp"));
    }

    [Fact]
    public async Task A_corrupted_original_is_reported_and_never_served()
    {
        var bytes = Encoding.UTF8.GetBytes("the seller's original JPEG");
        var stored = await _store.PutAsync(bytes);
        var onDisk = await File.ReadAllBytesAsync(_store.PathOf(stored.Sha256));
        onDisk[3] ^= 0x01;
        await File.WriteAllBytesAsync(_store.PathOf(stored.Sha256), onDisk);

        var error = await Assert.ThrowsAsync<OriginalCorruptedException>(() => _store.ReadAsync(stored.Sha256));

        Assert.Equal(stored.Sha256, error.ExpectedSha256);
        Assert.NotEqual(stored.Sha256, error.ActualSha256);
        Assert.False(await _store.VerifyAsync(stored.Sha256));
    }

    [Fact]
    public async Task Putting_the_same_original_again_changes_nothing_and_repairs_a_damaged_copy()
    {
        var bytes = Encoding.UTF8.GetBytes("same bytes twice");
        var first = await _store.PutAsync(bytes);
        var writtenAt = File.GetLastWriteTimeUtc(_store.PathOf(first.Sha256));

        var second = await _store.PutAsync(new MemoryStream(bytes));
        var unchangedAt = File.GetLastWriteTimeUtc(_store.PathOf(first.Sha256));
        await File.WriteAllTextAsync(_store.PathOf(first.Sha256), "damaged");
        await _store.PutAsync(bytes);

        Assert.Equal(first, second);
        Assert.Equal(writtenAt, unchangedAt);
        Assert.Equal(bytes, await _store.ReadAsync(first.Sha256));
        Assert.Single(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Reading_an_unknown_or_malformed_hash_is_refused()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => _store.ReadAsync(new string('a', 64)));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadAsync("../../etc/passwd"));
        Assert.False(_store.Contains(new string('b', 64)));
    }
}
