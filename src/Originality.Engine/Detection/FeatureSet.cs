using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Originality.Engine.Detection;

/// <summary>
/// Oriented binary keypoints of one picture (ORB: 256-bit descriptors), with positions in the
/// picture's working frame (<see cref="FrameWidth"/> × <see cref="FrameHeight"/> pixels) and
/// orientations in 1/256 of a turn. Strongest first. Immutable once built.
/// </summary>
public sealed class FeatureSet
{
    /// <summary>Bytes of one descriptor.</summary>
    public const int DescriptorBytes = 32;

    private const int DescriptorWords = DescriptorBytes / sizeof(ulong);

    private readonly float[] _x;
    private readonly float[] _y;
    private readonly byte[] _orientations;
    private readonly ulong[] _descriptors;

    /// <summary>
    /// Creates a set from its parts: <paramref name="orientations"/> holds each keypoint's
    /// orientation in 1/256 of a turn, <paramref name="descriptors"/> <see cref="DescriptorBytes"/> per keypoint.
    /// </summary>
    public FeatureSet(int frameWidth, int frameHeight, float[] x, float[] y, byte[] orientations, byte[] descriptors)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(orientations);
        ArgumentNullException.ThrowIfNull(descriptors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameHeight);
        if (x.Length != y.Length || orientations.Length != x.Length || descriptors.Length != x.Length * DescriptorBytes)
        {
            throw new ArgumentException("Positions, orientations and descriptors must describe the same keypoints.", nameof(descriptors));
        }
        FrameWidth = frameWidth;
        FrameHeight = frameHeight;
        _x = x;
        _y = y;
        _orientations = orientations;
        _descriptors = MemoryMarshal.Cast<byte, ulong>(descriptors).ToArray();
    }

    /// <summary>An orientation in degrees (ORB's angle, 0–360) as 1/256 of a turn.</summary>
    public static byte Orientation(float degrees) => (byte)((int)MathF.Round(degrees * 256f / 360f) & 0xFF);

    // The descriptors' nearest first-level cells under one vocabulary, computed on first use:
    // a suspect is paired with many candidates, and each pairing reads them.
    private CellCache? _cells;

    private sealed record CellCache(VisualVocabulary Vocabulary, int Probes, int[] Cells);

    /// <summary>The <paramref name="probes"/> nearest first-level cells of each descriptor (see <see cref="VisualVocabulary.FirstCells"/>), computed once.</summary>
    public int[] FirstCells(VisualVocabulary vocabulary, int probes)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var cached = Volatile.Read(ref _cells);
        if (cached is not null && ReferenceEquals(cached.Vocabulary, vocabulary) && cached.Probes == probes)
        {
            return cached.Cells;
        }
        var cells = vocabulary.FirstCells(this, probes);
        Volatile.Write(ref _cells, new CellCache(vocabulary, probes, cells));
        return cells;
    }

    /// <summary>Width of the frame the positions are in.</summary>
    public int FrameWidth { get; }

    /// <summary>Height of the frame the positions are in.</summary>
    public int FrameHeight { get; }

    /// <summary>Number of keypoints.</summary>
    public int Count => _x.Length;

    /// <summary>Horizontal positions, in frame pixels.</summary>
    public ReadOnlySpan<float> X => _x;

    /// <summary>Vertical positions, in frame pixels.</summary>
    public ReadOnlySpan<float> Y => _y;

    /// <summary>Orientations, in 1/256 of a turn.</summary>
    public ReadOnlySpan<byte> Orientations => _orientations;

    /// <summary>Every descriptor, four 64-bit words each, in keypoint order.</summary>
    public ReadOnlySpan<ulong> Descriptors => _descriptors;

    /// <summary>The descriptor of keypoint <paramref name="index"/> as four 64-bit words.</summary>
    public ReadOnlySpan<ulong> Descriptor(int index) => _descriptors.AsSpan(index * DescriptorWords, DescriptorWords);

    /// <summary>The first <paramref name="count"/> keypoints (the strongest).</summary>
    public FeatureSet Take(int count)
    {
        if (count >= Count)
        {
            return this;
        }
        return new FeatureSet(FrameWidth, FrameHeight, _x[..count], _y[..count], _orientations[..count],
            MemoryMarshal.AsBytes(_descriptors.AsSpan(0, count * DescriptorWords)).ToArray());
    }

    /// <summary>Serialised size in bytes.</summary>
    public int ByteCount => 8 + (Count * (5 + DescriptorBytes));

    /// <summary>Writes the set: frame size, count, per keypoint x and y in 1/16 px, then the orientations, then the descriptors.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)FrameWidth);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)FrameHeight);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], Count);
        var offset = 8;
        for (var i = 0; i < Count; i++, offset += 4)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], ToFixed(_x[i]));
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(offset + 2)..], ToFixed(_y[i]));
        }
        _orientations.CopyTo(destination[offset..]);
        offset += Count;
        MemoryMarshal.AsBytes(_descriptors.AsSpan()).CopyTo(destination[offset..]);
    }

    /// <summary>Reads a set written by <see cref="WriteTo"/>; returns it and the bytes it took.</summary>
    /// <exception cref="FormatException">The bytes are not a feature set.</exception>
    public static (FeatureSet Set, int Length) ReadFrom(ReadOnlySpan<byte> source)
    {
        if (source.Length < 8)
        {
            throw new FormatException("Feature set truncated.");
        }
        int width = BinaryPrimitives.ReadUInt16LittleEndian(source);
        int height = BinaryPrimitives.ReadUInt16LittleEndian(source[2..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(source[4..]);
        if (width == 0 || height == 0 || count < 0 || count > 100_000 || source.Length < 8 + ((long)count * (5 + DescriptorBytes)))
        {
            throw new FormatException("Feature set header is invalid or the set is truncated.");
        }
        var x = new float[count];
        var y = new float[count];
        var offset = 8;
        for (var i = 0; i < count; i++, offset += 4)
        {
            x[i] = BinaryPrimitives.ReadUInt16LittleEndian(source[offset..]) / 16f;
            y[i] = BinaryPrimitives.ReadUInt16LittleEndian(source[(offset + 2)..]) / 16f;
        }
        var orientations = source.Slice(offset, count).ToArray();
        offset += count;
        var descriptors = source.Slice(offset, count * DescriptorBytes).ToArray();
        return (new FeatureSet(width, height, x, y, orientations, descriptors), offset + descriptors.Length);
    }

    // 1/16 px is far below the fitting tolerance; frames are at most 4095 px.
    private static ushort ToFixed(float value) => (ushort)Math.Clamp((int)MathF.Round(value * 16), 0, ushort.MaxValue);
}
