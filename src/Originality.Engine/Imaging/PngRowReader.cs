using System.Buffers.Binary;
using System.IO.Compression;

namespace Originality.Engine.Imaging;

/// <summary>
/// Reads a non-interlaced PNG one row at a time as 8-bit RGB, holding only the current and the
/// previous raw row: the memory of a decode is two rows whatever the picture's height.
/// </summary>
/// <remarks>
/// Skia's PNG codec only decodes into a full-size buffer (it has no scanline decoder for PNG), so a
/// 10000×10000 picture cost 400 MB before a pixel could be averaged away. This reader gives what
/// that decode gave for the product's purposes — no colour management, the alpha channel dropped,
/// 16-bit samples cut to their high byte, low bit depths scaled to 0..255 — for every colour type
/// and depth PNG allows. The chunk structure and CRCs are checked before (<see cref="ImageHeader.WalkPngChunks"/>).
/// </remarks>
internal sealed class PngRowReader : IDisposable
{
    private readonly ZLibStream _inflate;
    private readonly int _width;
    private readonly int _colorType;
    private readonly int _bitDepth;
    private readonly int _filterStride;
    private readonly byte[] _palette;
    private byte[] _current;
    private byte[] _previous;

    private PngRowReader(byte[] file, PngChunks chunks, int width, int colorType, int bitDepth)
    {
        _width = width;
        _colorType = colorType;
        _bitDepth = bitDepth;
        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        var bitsPerPixel = channels * bitDepth;
        _filterStride = Math.Max(1, bitsPerPixel / 8);
        var rowBytes = (int)(((long)width * bitsPerPixel + 7) / 8);
        _current = new byte[rowBytes];
        _previous = new byte[rowBytes];
        _palette = file[chunks.Palette];
        var compressed = new MemoryStream();
        foreach (var range in chunks.Data)
        {
            compressed.Write(file.AsSpan(range));
        }
        compressed.Position = 0;
        _inflate = new ZLibStream(compressed, CompressionMode.Decompress);
    }

    /// <summary>A reader for the PNG, or a refusal when its IHDR is not one PNG allows.</summary>
    /// <exception cref="CorruptImageException">Invalid IHDR fields, or an interlaced picture (read by Skia instead).</exception>
    public static PngRowReader Open(byte[] file, PngChunks chunks)
    {
        var width = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(16));
        int bitDepth = file[24];
        int colorType = file[25];
        var valid = colorType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8 && chunks.Palette.GetOffsetAndLength(file.Length).Length is > 0 and <= 768 and var n && n % 3 == 0,
            2 or 4 or 6 => bitDepth is 8 or 16,
            _ => false,
        };
        if (!valid || file[26] != 0 || file[27] != 0 || file[28] != 0)
        {
            throw new CorruptImageException("The PNG file is damaged: its header (IHDR) names a colour type, depth or method PNG does not have.");
        }
        return new PngRowReader(file, chunks, width, colorType, bitDepth);
    }

    /// <summary>Whether the PNG is interlaced (Adam7), which this reader does not read.</summary>
    public static bool IsInterlaced(byte[] file) => file.Length > 28 && file[28] != 0;

    /// <summary>Reads the next row into <paramref name="rgb"/> (3 × width bytes).</summary>
    /// <exception cref="CorruptImageException">The data ends early, or a row has an unknown filter.</exception>
    public void ReadRow(Span<byte> rgb)
    {
        (_previous, _current) = (_current, _previous);
        Span<byte> filter = stackalloc byte[1];
        try
        {
            _inflate.ReadExactly(filter);
            _inflate.ReadExactly(_current);
        }
        catch (EndOfStreamException e)
        {
            throw new CorruptImageException("The PNG file is incomplete: its image data ends before the last row.", e);
        }
        Unfilter(filter[0], _current, _previous, _filterStride);
        ToRgb(_current, rgb);
    }

    public void Dispose() => _inflate.Dispose();

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> up, int stride)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (var i = stride; i < row.Length; i++)
                {
                    row[i] += row[i - stride];
                }
                break;
            case 2:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] += up[i];
                }
                break;
            case 3:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= stride ? row[i - stride] : 0;
                    row[i] += (byte)((left + up[i]) >> 1);
                }
                break;
            case 4:
                for (var i = 0; i < row.Length; i++)
                {
                    int a = i >= stride ? row[i - stride] : 0, b = up[i], c = i >= stride ? up[i - stride] : 0;
                    int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                    row[i] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }
                break;
            default:
                throw new CorruptImageException($"The PNG file is damaged: a row uses filter type {filter}, which PNG does not have.");
        }
    }

    private void ToRgb(ReadOnlySpan<byte> raw, Span<byte> rgb)
    {
        var step = _bitDepth == 16 ? 2 : 1; // 16-bit samples: the high byte
        switch (_colorType)
        {
            case 2:
            case 6:
                var channels = _colorType == 2 ? 3 : 4;
                for (var x = 0; x < _width; x++)
                {
                    var s = x * channels * step;
                    rgb[3 * x] = raw[s];
                    rgb[(3 * x) + 1] = raw[s + step];
                    rgb[(3 * x) + 2] = raw[s + (2 * step)];
                }
                break;
            case 4:
                for (var x = 0; x < _width; x++)
                {
                    var g = raw[x * 2 * step];
                    rgb[3 * x] = rgb[(3 * x) + 1] = rgb[(3 * x) + 2] = g;
                }
                break;
            default: // 0 grey, 3 palette; any depth
                var max = (1 << Math.Min(8, _bitDepth)) - 1;
                for (var x = 0; x < _width; x++)
                {
                    int v;
                    if (_bitDepth >= 8)
                    {
                        v = raw[x * step];
                    }
                    else
                    {
                        var bit = x * _bitDepth;
                        v = (raw[bit >> 3] >> (8 - _bitDepth - (bit & 7))) & max;
                    }
                    if (_colorType == 0)
                    {
                        var g = (byte)(v * 255 / max);
                        rgb[3 * x] = rgb[(3 * x) + 1] = rgb[(3 * x) + 2] = g;
                    }
                    else if (3 * v + 2 < _palette.Length)
                    {
                        rgb[3 * x] = _palette[3 * v];
                        rgb[(3 * x) + 1] = _palette[(3 * v) + 1];
                        rgb[(3 * x) + 2] = _palette[(3 * v) + 2];
                    }
                    else
                    {
                        rgb.Slice(3 * x, 3).Clear(); // an index past the palette reads as black, as in libpng
                    }
                }
                break;
        }
    }
}
