using Originality.Engine.Indexing;

namespace Originality.Engine.Tests.Indexing;

public sealed class HashIndexSnapshotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("originality-index-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IndexScenario SavedScenario() =>
        new IndexScenario(seed: 30).WithPdqLike(4000, seed: 31, bulk: true).WithUniform(900).RemoveRandom(300);

    private static async Task<byte[]> SnapshotBytes(HashIndex index)
    {
        using var stream = new MemoryStream();
        await index.SaveAsync(stream, CancellationToken.None);
        return stream.ToArray();
    }

    [Fact]
    public async Task A_saved_file_loads_back_to_the_same_entries_and_answers()
    {
        var scenario = SavedScenario();
        var path = Path.Combine(_folder, "index.bin");

        await scenario.Index.SaveAsync(path, CancellationToken.None);
        var loaded = await HashIndex.LoadAsync(path, IndexScenario.SmallOptions, CancellationToken.None);

        Assert.Equal(scenario.Expected.Count, loaded.Count);
        foreach (var (key, hash) in scenario.Expected)
        {
            Assert.True(loaded.TryGetHash(key, out var stored));
            Assert.Equal(hash, stored);
        }
        foreach (var query in scenario.Queries(20))
        {
            Assert.Equal(scenario.BruteForce(query, 31), IndexScenario.Found(loaded, query, 31));
        }
        Assert.Equal(["index.bin"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Saving_twice_gives_identical_bytes_and_overwrites_the_old_file()
    {
        var scenario = SavedScenario();
        var path = Path.Combine(_folder, "index.bin");
        await File.WriteAllTextAsync(path, "old", CancellationToken.None);

        await scenario.Index.SaveAsync(path, CancellationToken.None);
        scenario.Index.Compact();

        Assert.Equal(await File.ReadAllBytesAsync(path, CancellationToken.None), await SnapshotBytes(scenario.Index));
    }

    [Fact]
    public async Task An_empty_index_round_trips()
    {
        var bytes = await SnapshotBytes(new HashIndex());

        var loaded = await HashIndex.LoadAsync(new MemoryStream(bytes), cancellationToken: CancellationToken.None);

        Assert.Equal(0, loaded.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(32)]
    [InlineData(1000)]
    [InlineData(-1)]
    [InlineData(-16)]
    public async Task A_truncated_snapshot_is_refused(int keep)
    {
        var bytes = await SnapshotBytes(SavedScenario().Index);
        var truncated = bytes[..(keep >= 0 ? keep : bytes.Length + keep)];

        var seekable = await Assert.ThrowsAsync<CorruptIndexSnapshotException>(
            () => HashIndex.LoadAsync(new MemoryStream(truncated), cancellationToken: CancellationToken.None));
        var streamed = await Assert.ThrowsAsync<CorruptIndexSnapshotException>(
            () => HashIndex.LoadAsync(new ForwardOnlyStream(truncated), cancellationToken: CancellationToken.None));

        Assert.Contains("truncated", seekable.Message + streamed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(40)]
    [InlineData(5000)]
    [InlineData(-20)]
    [InlineData(-3)]
    public async Task A_snapshot_with_any_flipped_byte_is_refused(int offset)
    {
        var bytes = await SnapshotBytes(SavedScenario().Index);
        bytes[offset >= 0 ? offset : bytes.Length + offset] ^= 0x10;

        await Assert.ThrowsAsync<CorruptIndexSnapshotException>(
            () => HashIndex.LoadAsync(new MemoryStream(bytes), cancellationToken: CancellationToken.None));
        await Assert.ThrowsAsync<CorruptIndexSnapshotException>(
            () => HashIndex.LoadAsync(new ForwardOnlyStream(bytes), cancellationToken: CancellationToken.None));
    }

    [Fact]
    public async Task Trailing_bytes_after_the_footer_are_refused()
    {
        var bytes = await SnapshotBytes(SavedScenario().Index);

        await Assert.ThrowsAsync<CorruptIndexSnapshotException>(
            () => HashIndex.LoadAsync(new ForwardOnlyStream([.. bytes, 0]), cancellationToken: CancellationToken.None));
    }

    [Fact]
    public async Task A_file_of_another_kind_is_refused()
    {
        var path = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(path, new string('x', 200), CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<CorruptIndexSnapshotException>(
            () => HashIndex.LoadAsync(path, cancellationToken: CancellationToken.None));

        Assert.Contains("ORIGIDX1", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>A stream without length or seeking, like a network or pipe source.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
