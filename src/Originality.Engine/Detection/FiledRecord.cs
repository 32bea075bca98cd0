using System.Buffers.Binary;
using Originality.Engine.Hashing;
using Originality.Engine.Pdq;

namespace Originality.Engine.Detection;

/// <summary>
/// What copy detection keeps of a filed picture: its whole-picture PDQ hash, its strongest
/// keypoints, and a small grey thumbnail for the dense check. Written once, read only when the
/// picture is a candidate for a suspect (so it lives outside the heap, in the
/// <see cref="VerificationStore"/>). Immutable.
/// </summary>
public sealed record FiledRecord(PdqHash Pdq, FeatureSet Features, GrayPlane Thumbnail)
{
    /// <summary>Format of <see cref="ToBytes"/>; a record of another format is computed again from the original.</summary>
    public const byte FormatVersion = 4;

    private const int HeaderBytes = 1 + 32 + 1 + 4;

    /// <summary>The record as bytes: version, PDQ hash and quality, thumbnail size and pixels, features.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderBytes + 4 + Thumbnail.Pixels.Length + Features.ByteCount];
        bytes[0] = FormatVersion;
        Pdq.Hash.WriteBigEndian(bytes.AsSpan(1));
        bytes[33] = (byte)Math.Clamp(Pdq.Quality, 0, 255);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(34), Thumbnail.Pixels.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(38), (ushort)Thumbnail.Width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(40), (ushort)Thumbnail.Height);
        Thumbnail.Pixels.CopyTo(bytes.AsSpan(42));
        Features.WriteTo(bytes.AsSpan(42 + Thumbnail.Pixels.Length));
        return bytes;
    }

    /// <summary>Reads <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">Not a record of this format (an older one, or damaged).</exception>
    public static FiledRecord FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes + 4 || bytes[0] != FormatVersion)
        {
            throw new FormatException($"Not a copy-detection record of format {FormatVersion}.");
        }
        var pdq = new PdqHash(Hash256.ReadBigEndian(bytes.Slice(1, 32)), bytes[33]);
        var thumbBytes = BinaryPrimitives.ReadInt32LittleEndian(bytes[34..]);
        int w = BinaryPrimitives.ReadUInt16LittleEndian(bytes[38..]);
        int h = BinaryPrimitives.ReadUInt16LittleEndian(bytes[40..]);
        if (w == 0 || h == 0 || thumbBytes != w * h || bytes.Length < 42 + thumbBytes)
        {
            throw new FormatException("The record's thumbnail is damaged.");
        }
        var thumbnail = new GrayPlane(w, h, bytes.Slice(42, thumbBytes).ToArray());
        var (features, _) = FeatureSet.ReadFrom(bytes[(42 + thumbBytes)..]);
        return new FiledRecord(pdq, features, thumbnail);
    }
}
