using System.Buffers.Binary;
using System.IO.Compression;

namespace Originality.Tests;

/// <summary>
/// Hand-crafted hostile picture bytes for the tests (issue 10): PNGs built chunk by chunk so a test
/// can lie in exactly one field — a chunk length, a declared size, an interlace flag — and be sure
/// nothing else is wrong. No imaging library is used, so every test project can share it.
/// </summary>
public static class HostileFiles
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// A valid PNG of <paramref name="width"/>×<paramref name="height"/> with photo-like detail
    /// (gradients and a checker), 8-bit RGB, filter 0; <paramref name="seed"/> shifts the pattern.
    /// </summary>
    public static byte[] Png(int width, int height, int seed = 0, IEnumerable<(string Type, byte[] Data)>? extraChunks = null)
    {
        var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + (3 * width)];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    row[1 + (3 * x)] = (byte)((255 * x / width) + seed);
                    row[2 + (3 * x)] = (byte)(255 * y / height);
                    row[3 + (3 * x)] = (byte)((((x + seed) / 37) + (y / 23)) % 2 == 0 ? 40 : 220);
                }
                z.Write(row);
            }
        }
        return Assemble(Ihdr(width, height, colorType: 2, interlace: 0), extraChunks, raw.ToArray());
    }

    /// <summary>
    /// An all-zero 8-bit RGB PNG: 10000×10000 compresses to a few hundred KB and sits exactly at
    /// the 100-megapixel cap, the cheapest way to make a decoder allocate hundreds of MB.
    /// </summary>
    public static byte[] ZeroPng(int width, int height, int colorType = 2)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 1 };
        var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + (channels * width)];
            for (var y = 0; y < height; y++)
            {
                z.Write(row);
            }
        }
        return Assemble(Ihdr(width, height, (byte)colorType, interlace: 0), null, raw.ToArray());
    }

    /// <summary>
    /// <paramref name="png"/> with one more chunk right after IHDR whose length field says
    /// <paramref name="declaredLength"/> while only a few real bytes follow: the PNG chunk-length
    /// attack (0x7fffffff made the EXIF reader allocate 2 GB and throw OutOfMemoryException).
    /// </summary>
    public static byte[] WithLyingChunk(byte[] png, string type = "tEXt", uint declaredLength = 0x7fffffff)
    {
        const int afterIhdr = 8 + 25;
        var chunk = new byte[12 + 8];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, declaredLength);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        "Comment\0"u8.CopyTo(chunk.AsSpan(8));
        return [.. png.AsSpan(0, afterIhdr), .. chunk, .. png.AsSpan(afterIhdr)];
    }

    /// <summary>The first <paramref name="fraction"/> of the bytes, as a torn upload would leave them.</summary>
    public static byte[] Truncated(byte[] bytes, double fraction) => bytes[..(int)(bytes.Length * fraction)];

    /// <summary>A PNG signature and a valid IHDR chunk, nothing else: all a bomb needs to declare its size.</summary>
    public static byte[] PngHeaderOnly(int width, int height, int colorType = 2, int interlace = 0) =>
        [.. PngSignature, .. Ihdr(width, height, (byte)colorType, (byte)interlace)];

    /// <summary>A minimal baseline-looking JPEG header (SOI, then a SOF marker with the size): enough to declare a size.</summary>
    public static byte[] JpegHeaderOnly(int width, int height, byte sofMarker = 0xC0)
    {
        var sof = new byte[] { 0xFF, 0xD8, 0xFF, sofMarker, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 };
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(7), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(9), (ushort)width);
        return sof;
    }

    /// <summary>One PNG chunk: length, type, data, CRC-32 over type and data.</summary>
    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static byte[] Ihdr(int width, int height, byte colorType, byte interlace)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(data, width);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), height);
        data[8] = 8;
        data[9] = colorType;
        data[12] = interlace;
        return Chunk("IHDR", data);
    }

    private static byte[] Assemble(byte[] ihdr, IEnumerable<(string Type, byte[] Data)>? extra, byte[] idat)
    {
        var png = new MemoryStream();
        png.Write(PngSignature);
        png.Write(ihdr);
        foreach (var (type, data) in extra ?? [])
        {
            png.Write(Chunk(type, data));
        }
        png.Write(Chunk("IDAT", idat));
        png.Write(Chunk("IEND", []));
        return png.ToArray();
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }
}
