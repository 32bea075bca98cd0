using System.Buffers.Binary;
using System.Text;

namespace Originality.Evidence;

/// <summary>
/// The canonical binary encoding of a <see cref="FilingRecord"/>, version 1 (docs/evidence.md).
/// </summary>
/// <remarks>
/// Binary rather than JSON because a byte-exact JSON canonicalisation (number forms, escapes,
/// key order) is easy to get subtly wrong in another language; length-prefixed big-endian fields
/// leave exactly one way to write each record. Decoding is strict: any byte sequence that
/// <see cref="Encode"/> could not have produced is refused, so a record has one leaf hash.
/// </remarks>
internal static class FilingRecordEncoding
{
    public const byte Version = 1;

    /// <summary>UTF-8 without BOM that throws on lone surrogates and invalid bytes instead of replacing them.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(FilingRecord record)
    {
        var member = StrictUtf8.GetBytes(record.MemberId);
        var store = StrictUtf8.GetBytes(record.StoreId);
        var folder = StrictUtf8.GetBytes(record.Folder);
        var length = 1 + 8 + 8 + (2 + member.Length) + (2 + store.Length) + (2 + folder.Length)
            + FilingRecord.ContentHashLength + (2 + record.Fingerprint.Length);
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], record.Sequence);
        BinaryPrimitives.WriteInt64BigEndian(span[9..], record.FiledAtUnixMilliseconds);
        var at = 17;
        at = WriteField(span, at, member);
        at = WriteField(span, at, store);
        at = WriteField(span, at, folder);
        record.ContentSha256.CopyTo(span[at..]);
        at += FilingRecord.ContentHashLength;
        WriteField(span, at, record.Fingerprint);
        return bytes;
    }

    public static FilingRecord Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 17)
        {
            throw new EvidenceFormatException($"A filing record encoding has at least 17 bytes; this one has {bytes.Length}.");
        }
        if (bytes[0] != Version)
        {
            throw new EvidenceFormatException($"Unknown filing record encoding version {bytes[0]} (this software reads version {Version}).");
        }
        var sequence = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var filedAt = BinaryPrimitives.ReadInt64BigEndian(bytes[9..]);
        var at = 17;
        var member = ReadText(bytes, ref at, "memberId");
        var store = ReadText(bytes, ref at, "storeId");
        var folder = ReadText(bytes, ref at, "folder");
        if (bytes.Length - at < FilingRecord.ContentHashLength)
        {
            throw new EvidenceFormatException("The filing record encoding ends inside the content hash.");
        }
        var content = bytes.Slice(at, FilingRecord.ContentHashLength);
        at += FilingRecord.ContentHashLength;
        var fingerprint = ReadField(bytes, ref at, "fingerprint");
        if (at != bytes.Length)
        {
            throw new EvidenceFormatException($"The filing record encoding has {bytes.Length - at} bytes after its last field.");
        }
        try
        {
            return new FilingRecord(sequence, member, store, folder, content, fingerprint, filedAt);
        }
        catch (ArgumentException e)
        {
            throw new EvidenceFormatException($"The filing record encoding holds an invalid value: {e.Message}", e);
        }
    }

    private static int WriteField(Span<byte> span, int at, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], checked((ushort)value.Length));
        value.CopyTo(span[(at + 2)..]);
        return at + 2 + value.Length;
    }

    private static ReadOnlySpan<byte> ReadField(ReadOnlySpan<byte> bytes, ref int at, string name)
    {
        if (bytes.Length - at < 2)
        {
            throw new EvidenceFormatException($"The filing record encoding ends before the length of {name}.");
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);
        if (bytes.Length - at - 2 < length)
        {
            throw new EvidenceFormatException($"The filing record encoding ends inside {name}.");
        }
        var value = bytes.Slice(at + 2, length);
        at += 2 + length;
        return value;
    }

    private static string ReadText(ReadOnlySpan<byte> bytes, ref int at, string name)
    {
        var raw = ReadField(bytes, ref at, name);
        try
        {
            return StrictUtf8.GetString(raw);
        }
        catch (DecoderFallbackException e)
        {
            throw new EvidenceFormatException($"{name} is not valid UTF-8.", e);
        }
    }
}
