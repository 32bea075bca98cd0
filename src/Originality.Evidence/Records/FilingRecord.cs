using System.Globalization;

namespace Originality.Evidence;

/// <summary>
/// One filing as the evidence log holds it: who (member, store) filed what (content hash,
/// fingerprint) into which folder, when, under which sequence number.
/// </summary>
/// <remarks>
/// The filing instant is kept in whole milliseconds since the Unix epoch because that is what the
/// canonical encoding carries; a <see cref="DateTimeOffset"/> with finer ticks is truncated
/// (towards the past) on construction, so building the record twice from the same stored filing
/// always gives the same leaf. Immutable; equality compares every field by value.
/// </remarks>
public sealed class FilingRecord : IEquatable<FilingRecord>
{
    /// <summary>Length of <see cref="ContentSha256"/>.</summary>
    public const int ContentHashLength = 32;

    private readonly byte[] _contentSha256;
    private readonly byte[] _fingerprint;

    public FilingRecord(
        long sequence,
        string memberId,
        string storeId,
        string folder,
        ReadOnlySpan<byte> contentSha256,
        ReadOnlySpan<byte> fingerprint,
        DateTimeOffset filedAt)
        : this(sequence, memberId, storeId, folder, contentSha256, fingerprint, FloorToUnixMilliseconds(filedAt))
    {
    }

    public FilingRecord(
        long sequence,
        string memberId,
        string storeId,
        string folder,
        ReadOnlySpan<byte> contentSha256,
        ReadOnlySpan<byte> fingerprint,
        long filedAtUnixMilliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        RequireText(memberId, nameof(memberId));
        RequireText(storeId, nameof(storeId));
        RequireText(folder, nameof(folder));
        if (contentSha256.Length != ContentHashLength)
        {
            throw new ArgumentException($"A content SHA-256 has {ContentHashLength} bytes, not {contentSha256.Length}.", nameof(contentSha256));
        }
        if (fingerprint.IsEmpty || fingerprint.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A fingerprint has 1 to 65535 bytes.", nameof(fingerprint));
        }
        if (filedAtUnixMilliseconds < MinUnixMilliseconds || filedAtUnixMilliseconds > MaxUnixMilliseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(filedAtUnixMilliseconds), "The filing instant must lie in years 0001-9999.");
        }
        Sequence = sequence;
        MemberId = memberId;
        StoreId = storeId;
        Folder = folder;
        _contentSha256 = contentSha256.ToArray();
        _fingerprint = fingerprint.ToArray();
        FiledAtUnixMilliseconds = filedAtUnixMilliseconds;
    }

    /// <summary>The filing's sequence number, strictly increasing along the log.</summary>
    public long Sequence { get; }

    public string MemberId { get; }

    /// <summary>The store id, e.g. <c>AE-1234567</c>; the log does not judge its form.</summary>
    public string StoreId { get; }

    public string Folder { get; }

    /// <summary>SHA-256 of the original picture file's bytes.</summary>
    public ReadOnlySpan<byte> ContentSha256 => _contentSha256;

    /// <summary>The perceptual fingerprint (PDQ: 32 bytes) as raw bytes.</summary>
    public ReadOnlySpan<byte> Fingerprint => _fingerprint;

    public long FiledAtUnixMilliseconds { get; }

    public DateTimeOffset FiledAt => DateTimeOffset.FromUnixTimeMilliseconds(FiledAtUnixMilliseconds);

    public string ContentSha256Hex => Hex.Encode(_contentSha256);

    public string FingerprintHex => Hex.Encode(_fingerprint);

    /// <summary>The canonical encoding (docs/evidence.md, "Filing record encoding"); the Merkle leaf.</summary>
    public byte[] ToCanonicalBytes() => FilingRecordEncoding.Encode(this);

    /// <summary>Parses a canonical encoding; throws <see cref="EvidenceFormatException"/> on anything else.</summary>
    public static FilingRecord FromCanonicalBytes(ReadOnlySpan<byte> encoded) => FilingRecordEncoding.Decode(encoded);

    /// <summary>RFC 9162 leaf hash of the canonical encoding.</summary>
    public byte[] LeafHash() => MerkleHash.Leaf(ToCanonicalBytes());

    public bool Equals(FilingRecord? other) =>
        other is not null
        && Sequence == other.Sequence
        && FiledAtUnixMilliseconds == other.FiledAtUnixMilliseconds
        && string.Equals(MemberId, other.MemberId, StringComparison.Ordinal)
        && string.Equals(StoreId, other.StoreId, StringComparison.Ordinal)
        && string.Equals(Folder, other.Folder, StringComparison.Ordinal)
        && ContentSha256.SequenceEqual(other.ContentSha256)
        && Fingerprint.SequenceEqual(other.Fingerprint);

    public override bool Equals(object? obj) => Equals(obj as FilingRecord);

    public override int GetHashCode() => HashCode.Combine(Sequence, FiledAtUnixMilliseconds, MemberId, BitConverter.ToInt32(_contentSha256));

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"filing #{Sequence} by {MemberId} ({StoreId}) in '{Folder}' at {FiledAt:yyyy-MM-ddTHH:mm:ss.fffZ}, sha256 {ContentSha256Hex}");

    internal static readonly long MinUnixMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    internal static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private static long FloorToUnixMilliseconds(DateTimeOffset instant)
    {
        // ToUnixTimeMilliseconds truncates towards zero; before 1970 that would round up.
        var (quotient, remainder) = Math.DivRem(instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.TicksPerMillisecond);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    private static void RequireText(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (FilingRecordEncoding.StrictUtf8.GetByteCount(value) > ushort.MaxValue)
        {
            throw new ArgumentException("A text field encodes to at most 65535 UTF-8 bytes.", name);
        }
    }
}
