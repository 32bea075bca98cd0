using System.Buffers.Binary;
using System.IO.Hashing;
using Originality.Engine.Hashing;

namespace Originality.Engine.Indexing;

/// <summary>
/// The snapshot file: a fixed header, the live entries sorted by key, and a footer with an
/// XxHash64 of everything before it.
/// </summary>
/// <remarks>
/// Layout, all little-endian:
/// header (32 bytes) = magic "ORIGIDX1", version u32 (1), header size u32 (32), entry count i64,
/// entry size u32 (40), reserved u32 (0);
/// entries = count × (hash words W0..W3 as u64, key as i64), strictly ascending by key;
/// footer (16 bytes) = XxHash64 (seed 0) of header and entries as u64, magic "ORIGEND1".
/// Tables are not stored: rebuilding them on load is about as fast as reading them and keeps the
/// file independent of <see cref="HashIndexOptions"/>.
/// </remarks>
internal static class IndexSnapshotFile
{
    public const int Version = 1;
    private const int HeaderSize = 32;
    private const int EntrySize = 40;
    private const int FooterSize = 16;
    private const int EntriesPerChunk = 1 << 15;
    private static readonly byte[] HeaderMagic = "ORIGIDX1"u8.ToArray();
    private static readonly byte[] FooterMagic = "ORIGEND1"u8.ToArray();

    public static async Task SaveAsync(SnapshotView view, string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await WriteAsync(view, stream, cancellationToken).ConfigureAwait(false);
                // The rename must not become durable before the data it names.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static async Task WriteAsync(SnapshotView view, Stream stream, CancellationToken cancellationToken)
    {
        var checksum = new XxHash64();
        var header = new byte[HeaderSize];
        HeaderMagic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), view.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), EntrySize);
        checksum.Append(header);
        await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);

        var chunk = new byte[EntriesPerChunk * EntrySize];
        var cursors = new int[view.Sources.Count];
        long written = 0;
        while (true)
        {
            var filled = FillChunk(view, cursors, chunk);
            if (filled == 0)
            {
                break;
            }
            written += filled;
            var bytes = chunk.AsMemory(0, filled * EntrySize);
            checksum.Append(bytes.Span);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        if (written != view.Count)
        {
            throw new InvalidOperationException($"Index view held {written} live entries, expected {view.Count}.");
        }

        var footer = new byte[FooterSize];
        BinaryPrimitives.WriteUInt64LittleEndian(footer, checksum.GetCurrentHashAsUInt64());
        FooterMagic.CopyTo(footer, 8);
        await stream.WriteAsync(footer, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next live entries in key order (a k-way merge over the sorted sources).</summary>
    private static int FillChunk(SnapshotView view, int[] cursors, byte[] chunk)
    {
        var filled = 0;
        while (filled < EntriesPerChunk)
        {
            var best = -1;
            var bestKey = long.MaxValue;
            for (var s = 0; s < cursors.Length; s++)
            {
                var source = view.Sources[s];
                var tombstones = view.Tombstones[s];
                while (cursors[s] < source.Count && ((tombstones[cursors[s] >> 6] >> (cursors[s] & 63)) & 1) != 0)
                {
                    cursors[s]++;
                }
                if (cursors[s] < source.Count && (best < 0 || source.Keys[cursors[s]] < bestKey))
                {
                    best = s;
                    bestKey = source.Keys[cursors[s]];
                }
            }
            if (best < 0)
            {
                break;
            }
            var hash = view.Sources[best].Hashes[cursors[best]];
            var entry = chunk.AsSpan(filled * EntrySize, EntrySize);
            BinaryPrimitives.WriteUInt64LittleEndian(entry, hash.W0);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], hash.W1);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], hash.W2);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[24..], hash.W3);
            BinaryPrimitives.WriteInt64LittleEndian(entry[32..], bestKey);
            cursors[best]++;
            filled++;
        }
        return filled;
    }

    public static async Task<HashIndex> LoadAsync(string path, HashIndexOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, options, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<HashIndex> ReadAsync(Stream stream, HashIndexOptions? options, CancellationToken cancellationToken)
    {
        var checksum = new XxHash64();
        var header = new byte[HeaderSize];
        await ReadExactlyAsync(stream, header, "header", cancellationToken).ConfigureAwait(false);
        if (!header.AsSpan(0, 8).SequenceEqual(HeaderMagic))
        {
            throw new CorruptIndexSnapshotException("Not an index snapshot: the file does not start with ORIGIDX1.");
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        if (version != Version)
        {
            throw new CorruptIndexSnapshotException($"Index snapshot version {version} is not supported; this build reads version {Version}.");
        }
        var count = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16));
        if (BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12)) != HeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(24)) != EntrySize
            || count < 0 || count > Array.MaxLength)
        {
            throw new CorruptIndexSnapshotException("Index snapshot header is corrupt (sizes or entry count out of range).");
        }
        if (stream.CanSeek)
        {
            var expected = HeaderSize + (count * EntrySize) + FooterSize;
            var actual = stream.Length - stream.Position + HeaderSize;
            if (actual != expected)
            {
                throw new CorruptIndexSnapshotException(
                    $"Index snapshot is {(actual < expected ? "truncated" : "too long")}: {count} entries need {expected} bytes, found {actual}.");
            }
        }
        checksum.Append(header);

        // Without a length to check, don't trust the count for one big allocation.
        var capacity = stream.CanSeek ? (int)count : (int)Math.Min(count, 1 << 20);
        var hashes = new Hash256[capacity];
        var keys = new long[capacity];
        var chunk = new byte[EntriesPerChunk * EntrySize];
        var read = 0;
        while (read < count)
        {
            var entries = (int)Math.Min(EntriesPerChunk, count - read);
            var bytes = chunk.AsMemory(0, entries * EntrySize);
            await ReadExactlyAsync(stream, bytes, "entries", cancellationToken).ConfigureAwait(false);
            checksum.Append(bytes.Span);
            if (read + entries > hashes.Length)
            {
                var grown = (int)Math.Min(count, Math.Max(2L * hashes.Length, read + entries));
                Array.Resize(ref hashes, grown);
                Array.Resize(ref keys, grown);
            }
            for (var i = 0; i < entries; i++)
            {
                var entry = bytes.Span.Slice(i * EntrySize, EntrySize);
                var key = BinaryPrimitives.ReadInt64LittleEndian(entry[32..]);
                if (read > 0 && key <= keys[read - 1])
                {
                    throw new CorruptIndexSnapshotException($"Index snapshot is corrupt: keys out of order at entry {read}.");
                }
                hashes[read] = new Hash256(
                    BinaryPrimitives.ReadUInt64LittleEndian(entry),
                    BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]));
                keys[read] = key;
                read++;
            }
        }

        var footer = new byte[FooterSize];
        await ReadExactlyAsync(stream, footer, "footer", cancellationToken).ConfigureAwait(false);
        if (!footer.AsSpan(8).SequenceEqual(FooterMagic))
        {
            throw new CorruptIndexSnapshotException("Index snapshot footer is missing or corrupt.");
        }
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(footer);
        var computed = checksum.GetCurrentHashAsUInt64();
        if (stored != computed)
        {
            throw new CorruptIndexSnapshotException(
                $"Index snapshot checksum mismatch (stored {stored:x16}, computed {computed:x16}): the file is corrupt.");
        }
        if (!stream.CanSeek && await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new CorruptIndexSnapshotException("Index snapshot has trailing data after its footer.");
        }
        return HashIndex.FromSorted(hashes, keys, options);
    }

    private static async Task ReadExactlyAsync(Stream stream, Memory<byte> buffer, string part, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new CorruptIndexSnapshotException($"Index snapshot is truncated: the file ends inside its {part}.", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
