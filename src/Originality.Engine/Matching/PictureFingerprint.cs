using System.Buffers.Binary;
using Originality.Engine.Hashing;
using Originality.Engine.Imaging;

namespace Originality.Engine.Matching;

/// <summary>
/// What copy detection keeps of a picture: PDQ hashes of several regions. <see cref="Stored"/> is
/// indexed when the picture is an original; <see cref="Probes"/> are looked up when it is a suspect.
/// </summary>
/// <remarks>
/// Stored hashes cover the frame and, when it has uniform borders, the content inside them: the
/// whole, a 7×7 grid of windows of 70% of the area (crops), four 80% strips (an overlay along one
/// side leaves the opposite strip clean), and the frame tilted by ±2.5° and ±5°. Probes are the
/// wholes, their centres at the inscribed scale of a 5° turn and the same four strips, each in all
/// eight rotations and mirrorings, so a rotated or mirrored copy meets the original's regions
/// upright. Block grids (3×3 PDQ hashes per frame) catch overlays inside the picture. Immutable and
/// thread-safe. Serialised by <see cref="ToBytes"/> (44 bytes per region hash, 305 per grid).
/// </remarks>
public sealed class PictureFingerprint
{
    private const byte FormatVersion = 2;
    private const int EntryBytes = 32 + 1 + 1 + 8 + 2;
    private const int GridBytes = 8 + 1 + (BlockGrid.Count * 33);

    /// <summary>Creates a fingerprint from its parts.</summary>
    public PictureFingerprint(
        int width,
        int height,
        IReadOnlyList<RegionHash> stored,
        IReadOnlyList<RegionHash> probes,
        IReadOnlyList<BlockGrid> storedGrids,
        IReadOnlyList<BlockGrid> probeGrids)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(storedGrids);
        ArgumentNullException.ThrowIfNull(probeGrids);
        Width = width;
        Height = height;
        Stored = stored;
        Probes = probes;
        StoredGrids = storedGrids;
        ProbeGrids = probeGrids;
    }

    /// <summary>
    /// Local features for the second-stage geometric check, or null. Not part of <see cref="ToBytes"/>:
    /// recompute them from the stored original (<see cref="LocalFeatures.Compute"/>) when verifying.
    /// </summary>
    public LocalFeatures? Features { get; init; }

    /// <summary>Width of the fingerprinted picture in pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the fingerprinted picture in pixels.</summary>
    public int Height { get; }

    /// <summary>Hashes put in the index when this picture is an original, all upright.</summary>
    public IReadOnlyList<RegionHash> Stored { get; }

    /// <summary>Hashes looked up when this picture is a suspect, in all eight dihedral variants.</summary>
    public IReadOnlyList<RegionHash> Probes { get; }

    /// <summary>Block grids of the upright frames, compared when this picture is an original.</summary>
    public IReadOnlyList<BlockGrid> StoredGrids { get; }

    /// <summary>Block grids of the frames in all eight dihedral variants, compared when this picture is a suspect.</summary>
    public IReadOnlyList<BlockGrid> ProbeGrids { get; }

    /// <summary>Serialises the fingerprint (little-endian, versioned).</summary>
    public byte[] ToBytes()
    {
        var gridsLength = 4 + ((StoredGrids.Count + ProbeGrids.Count) * GridBytes);
        var bytes = new byte[1 + 8 + 4 + ((Stored.Count + Probes.Count) * EntryBytes) + gridsLength];
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
        BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], (ushort)StoredGrids.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(offset + 2)..], (ushort)ProbeGrids.Count);
        offset += 4;
        foreach (var grid in StoredGrids.Concat(ProbeGrids))
        {
            WriteGrid(span.Slice(offset, GridBytes), grid);
            offset += GridBytes;
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
        var gridsAt = 13 + ((stored + probes) * EntryBytes);
        if (bytes.Length < gridsAt + 4)
        {
            throw new FormatException("A picture fingerprint's length does not match its counts.");
        }
        int storedGrids = BinaryPrimitives.ReadUInt16LittleEndian(bytes[gridsAt..]);
        int probeGrids = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(gridsAt + 2)..]);
        if (bytes.Length != gridsAt + 4 + ((storedGrids + probeGrids) * GridBytes))
        {
            throw new FormatException("A picture fingerprint's length does not match its counts.");
        }
        var entries = new RegionHash[stored + probes];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = Read(bytes.Slice(13 + (i * EntryBytes), EntryBytes));
        }
        var grids = new BlockGrid[storedGrids + probeGrids];
        for (var i = 0; i < grids.Length; i++)
        {
            grids[i] = ReadGrid(bytes.Slice(gridsAt + 4 + (i * GridBytes), GridBytes));
        }
        return new PictureFingerprint(width, height, entries[..stored], entries[stored..], grids[..storedGrids], grids[storedGrids..]);
    }

    private static void WriteGrid(Span<byte> span, BlockGrid grid)
    {
        WriteRect(span, grid.Frame);
        span[8] = (byte)grid.Variant;
        for (var i = 0; i < BlockGrid.Count; i++)
        {
            grid.Hashes[i].WriteBigEndian(span[(9 + (i * 33))..]);
            span[9 + (i * 33) + 32] = (byte)grid.Qualities[i];
        }
    }

    private static BlockGrid ReadGrid(ReadOnlySpan<byte> span)
    {
        var hashes = new Hash256[BlockGrid.Count];
        var qualities = new int[BlockGrid.Count];
        for (var i = 0; i < BlockGrid.Count; i++)
        {
            hashes[i] = Hash256.ReadBigEndian(span[(9 + (i * 33))..]);
            qualities[i] = span[9 + (i * 33) + 32];
        }
        return new BlockGrid(ReadRect(span), (DihedralVariant)span[8], hashes, qualities);
    }

    private static void WriteRect(Span<byte> span, RelativeRect rect)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, ToUnit(rect.X));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], ToUnit(rect.Y));
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], ToUnit(rect.Width));
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], ToUnit(rect.Height));
    }

    private static RelativeRect ReadRect(ReadOnlySpan<byte> span) =>
        new(
            FromUnit(BinaryPrimitives.ReadUInt16LittleEndian(span)),
            FromUnit(BinaryPrimitives.ReadUInt16LittleEndian(span[2..])),
            FromUnit(BinaryPrimitives.ReadUInt16LittleEndian(span[4..])),
            FromUnit(BinaryPrimitives.ReadUInt16LittleEndian(span[6..])));

    private static void Write(Span<byte> span, RegionHash entry)
    {
        entry.Hash.WriteBigEndian(span);
        span[32] = (byte)entry.Quality;
        span[33] = (byte)entry.Variant;
        WriteRect(span[34..], entry.Region);
        BinaryPrimitives.WriteInt16LittleEndian(span[42..], (short)Math.Round(entry.Tilt * 100));
    }

    private static RegionHash Read(ReadOnlySpan<byte> span) =>
        new(
            Hash256.ReadBigEndian(span),
            span[32],
            ReadRect(span[34..]),
            (DihedralVariant)span[33],
            BinaryPrimitives.ReadInt16LittleEndian(span[42..]) / 100f);

    private static ushort ToUnit(double v) => (ushort)Math.Round(Math.Clamp(v, 0, 1) * ushort.MaxValue);

    private static double FromUnit(ushort v) => (double)v / ushort.MaxValue;
}
