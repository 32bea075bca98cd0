using System.Buffers.Binary;
using Originality.Engine.Hashing;
using Originality.Engine.Imaging;

namespace Originality.Engine.Matching;

/// <summary>
/// What copy detection keeps of a picture: PDQ hashes of several regions. <see cref="Stored"/> is
/// indexed when the picture is an original; <see cref="Probes"/> are looked up when it is a suspect.
/// </summary>
/// <remarks>
/// Stored hashes cover the content (borders trimmed), overlapping windows of 70% of its area (crops)
/// and four 80% strips (an overlay along one side leaves the opposite strip clean). Probes are the
/// content, the untrimmed frame and the same four strips, each in all eight rotations and mirrorings,
/// so a rotated or mirrored copy meets the original's regions upright. Immutable and thread-safe.
/// Serialised by <see cref="ToBytes"/> (about 50 bytes per hash) for storage.
/// </remarks>
public sealed class PictureFingerprint
{
    private const byte FormatVersion = 2;
    private const int EntryBytes = 32 + 1 + 1 + 8 + 2;

    /// <summary>Creates a fingerprint from its parts.</summary>
    public PictureFingerprint(int width, int height, IReadOnlyList<RegionHash> stored, IReadOnlyList<RegionHash> probes)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(probes);
        Width = width;
        Height = height;
        Stored = stored;
        Probes = probes;
    }

    /// <summary>Width of the fingerprinted picture in pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the fingerprinted picture in pixels.</summary>
    public int Height { get; }

    /// <summary>Hashes put in the index when this picture is an original, all upright.</summary>
    public IReadOnlyList<RegionHash> Stored { get; }

    /// <summary>Hashes looked up when this picture is a suspect, in all eight dihedral variants.</summary>
    public IReadOnlyList<RegionHash> Probes { get; }

    /// <summary>Serialises the fingerprint (little-endian, versioned).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[1 + 8 + 4 + ((Stored.Count + Probes.Count) * EntryBytes)];
        var span = bytes.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], Width);
        BinaryPrimitives.WriteInt32LittleEndian(span[5..], Height);
        BinaryPrimitives.WriteUInt16LittleEndian(span[9..], (ushort)Stored.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(span[11..], (ushort)Probes.Count);
        var offset = 13;
        foreach (var entry in Stored.Concat(Probes))
        {
            Write(span.Slice(offset, EntryBytes), entry);
            offset += EntryBytes;
        }
        return bytes;
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote.</summary>
    /// <exception cref="FormatException">The bytes are not a fingerprint of this format.</exception>
    public static PictureFingerprint FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 13 || bytes[0] != FormatVersion)
        {
            throw new FormatException("Not a picture fingerprint of format version 2.");
        }
        var width = BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]);
        var height = BinaryPrimitives.ReadInt32LittleEndian(bytes[5..]);
        int stored = BinaryPrimitives.ReadUInt16LittleEndian(bytes[9..]);
        int probes = BinaryPrimitives.ReadUInt16LittleEndian(bytes[11..]);
        if (bytes.Length != 13 + ((stored + probes) * EntryBytes))
        {
            throw new FormatException("A picture fingerprint's length does not match its counts.");
        }
        var entries = new RegionHash[stored + probes];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = Read(bytes.Slice(13 + (i * EntryBytes), EntryBytes));
        }
        return new PictureFingerprint(width, height, entries[..stored], entries[stored..]);
    }

    private static void Write(Span<byte> span, RegionHash entry)
    {
        entry.Hash.WriteBigEndian(span);
        span[32] = (byte)entry.Quality;
        span[33] = (byte)entry.Variant;
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], ToUnit(entry.Region.X));
        BinaryPrimitives.WriteUInt16LittleEndian(span[36..], ToUnit(entry.Region.Y));
        BinaryPrimitives.WriteUInt16LittleEndian(span[38..], ToUnit(entry.Region.Width));
        BinaryPrimitives.WriteUInt16LittleEndian(span[40..], ToUnit(entry.Region.Height));
        BinaryPrimitives.WriteInt16LittleEndian(span[42..], (short)Math.Round(entry.Tilt * 100));
    }

    private static RegionHash Read(ReadOnlySpan<byte> span) =>
        new(
            Hash256.ReadBigEndian(span),
            span[32],
            new RelativeRect(
                FromUnit(BinaryPrimitives.ReadUInt16LittleEndian(span[34..])),
                FromUnit(BinaryPrimitives.ReadUInt16LittleEndian(span[36..])),
                FromUnit(BinaryPrimitives.ReadUInt16LittleEndian(span[38..])),
                FromUnit(BinaryPrimitives.ReadUInt16LittleEndian(span[40..]))),
            (DihedralVariant)span[33],
            BinaryPrimitives.ReadInt16LittleEndian(span[42..]) / 100f);

    private static ushort ToUnit(double v) => (ushort)Math.Round(Math.Clamp(v, 0, 1) * ushort.MaxValue);

    private static double FromUnit(ushort v) => (double)v / ushort.MaxValue;
}
