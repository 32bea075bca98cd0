using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Originality.Domain;
using Originality.Engine.Detection;
using Originality.Engine.Hashing;

namespace Originality.Server.Application;

/// <summary>One picture as the replica's journal keeps it, with the feed positions it was written at.</summary>
public sealed record JournalEntry(
    long FilingPosition, long ListingPosition, IndexedSource Source, string Reference, MemberId Owner, Instant FirstSeenAt, Hash256 Hash, byte[]? Record);

/// <summary>
/// The index replica's local snapshot: an append-only file of every picture that joined this
/// process's index, with its detection record and the change-feed positions the replica had
/// applied when it was written. At start the replica reads it sequentially and then only the
/// database changes after its last positions, instead of every fingerprint row.
/// </summary>
/// <remarks>
/// <para>A cache, never the truth: every entry's positions are at most what had been applied, so
/// replaying the database from them finds anything the journal missed (pictures already known are
/// skipped by reference). Writes are not fsynced — a lost tail is read from the database again.
/// A torn or damaged tail (each entry carries a checksum) is cut off at open.</para>
/// <para>Format: <c>"ORIGIXJ1"</c>, then entries <c>length:u32 payload checksum:8</c> where the
/// checksum is the first 8 bytes of SHA-256(payload).</para>
/// <para>Not thread-safe: <see cref="PictureIndex"/> appends under its own lock.</para>
/// </remarks>
public sealed class IndexJournal : IDisposable
{
    private static ReadOnlySpan<byte> Magic => "ORIGIXJ1"u8;

    private const int ChecksumBytes = 8;
    private const int MaxEntryBytes = 1 << 24;

    private readonly FileStream _file;

    private IndexJournal(string path, FileStream file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    /// <summary>Bytes cut off the end at open (a torn or damaged tail).</summary>
    public long CutBytes { get; private set; }

    /// <summary>
    /// Opens (or creates) the journal and hands each entry to <paramref name="onEntry"/> as it is
    /// read (never all at once: a million detection records do not fit in memory together). A
    /// damaged tail is cut off, and so is everything from the first entry written at positions
    /// the database has not reached (it was restored to an earlier point of its history).
    /// </summary>
    public static IndexJournal Open(string path, long maxFilingPosition, long maxListingPosition, Action<JournalEntry> onEntry)
    {
        ArgumentNullException.ThrowIfNull(onEntry);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var journal = new IndexJournal(path, file);
        try
        {
            journal.ReadAll(e => e.FilingPosition <= maxFilingPosition && e.ListingPosition <= maxListingPosition, onEntry);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return journal;
    }

    /// <summary>Drops every entry (the database went back behind the journal, e.g. a restore).</summary>
    public void Clear()
    {
        _file.SetLength(0);
        _file.Write(Magic);
        _file.Flush();
    }

    public void Append(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var payload = Encode(entry);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)payload.Length);
        _file.Write(length);
        _file.Write(payload);
        _file.Write(SHA256.HashData(payload).AsSpan(0, ChecksumBytes));
        _file.Flush();
    }

    private void ReadAll(Func<JournalEntry, bool> accept, Action<JournalEntry> onEntry)
    {
        var magic = new byte[Magic.Length];
        if (_file.Length < Magic.Length || _file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length || !magic.AsSpan().SequenceEqual(Magic))
        {
            // Empty, cut short while being created, or not a journal: start afresh (it is only a cache).
            Clear();
            return;
        }
        var good = _file.Position;
        var header = new byte[4];
        while (true)
        {
            if (_file.ReadAtLeast(header, 4, throwOnEndOfStream: false) < 4)
            {
                break;
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length is 0 or > MaxEntryBytes || _file.Position + length + ChecksumBytes > _file.Length)
            {
                break;
            }
            var payload = new byte[length];
            _file.ReadExactly(payload);
            var checksum = new byte[ChecksumBytes];
            _file.ReadExactly(checksum);
            if (!SHA256.HashData(payload).AsSpan(0, ChecksumBytes).SequenceEqual(checksum) || Decode(payload) is not { } entry || !accept(entry))
            {
                break;
            }
            onEntry(entry);
            good = _file.Position;
        }
        CutBytes = _file.Length - good;
        if (CutBytes > 0)
        {
            _file.SetLength(good);
        }
        _file.Position = good;
    }

    private static byte[] Encode(JournalEntry e)
    {
        var reference = Encoding.UTF8.GetBytes(e.Reference);
        var hash = Encoding.ASCII.GetBytes(e.Hash.ToString());
        var record = e.Record ?? [];
        var bytes = new byte[8 + 8 + 1 + 2 + reference.Length + 16 + 8 + 1 + hash.Length + 4 + record.Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, e.FilingPosition);
        BinaryPrimitives.WriteInt64BigEndian(span[8..], e.ListingPosition);
        span[16] = (byte)e.Source;
        BinaryPrimitives.WriteUInt16BigEndian(span[17..], (ushort)reference.Length);
        var at = 19;
        reference.CopyTo(span[at..]);
        at += reference.Length;
        e.Owner.Value.TryWriteBytes(span[at..]);
        at += 16;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], e.FirstSeenAt.ToUnixTimeTicks());
        at += 8;
        span[at++] = (byte)hash.Length;
        hash.CopyTo(span[at..]);
        at += hash.Length;
        BinaryPrimitives.WriteInt32BigEndian(span[at..], record.Length);
        at += 4;
        record.CopyTo(span[at..]);
        return bytes;
    }

    private static JournalEntry? Decode(ReadOnlySpan<byte> span)
    {
        try
        {
            var filing = BinaryPrimitives.ReadInt64BigEndian(span);
            var listing = BinaryPrimitives.ReadInt64BigEndian(span[8..]);
            var source = (IndexedSource)span[16];
            var referenceLength = BinaryPrimitives.ReadUInt16BigEndian(span[17..]);
            var at = 19;
            var reference = Encoding.UTF8.GetString(span.Slice(at, referenceLength));
            at += referenceLength;
            var owner = new MemberId(new Guid(span.Slice(at, 16)));
            at += 16;
            var seen = Instant.FromUnixTimeTicks(BinaryPrimitives.ReadInt64BigEndian(span[at..]));
            at += 8;
            var hashLength = span[at++];
            if (!Hash256.TryParse(Encoding.ASCII.GetString(span.Slice(at, hashLength)), out var hash))
            {
                return null;
            }
            at += hashLength;
            var recordLength = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
            at += 4;
            if (at + recordLength != span.Length || !Enum.IsDefined(source))
            {
                return null;
            }
            return new JournalEntry(filing, listing, source, reference, owner, seen, hash, recordLength == 0 ? null : span.Slice(at, recordLength).ToArray());
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
