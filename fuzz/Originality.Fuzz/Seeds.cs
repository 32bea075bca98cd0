using System.Buffers.Binary;
using System.IO.Compression;
using Originality.Measurement.Checks;
using SkiaSharp;

namespace Originality.Fuzz;

/// <summary>
/// Writes the intake seeds of fuzz/corpus/intake: small real pictures of each kind the decoder
/// reads (Skia-encoded JPEG and PNG, hand-built PNGs of other colour types and depths, EXIF in JPEG
/// APP1 and in a PNG eXIf chunk). Small, so afl++ runs many executions a second.
/// </summary>
internal static class Seeds
{
    public static void Write(string directory)
    {
        var intake = Path.Combine(directory, "intake");
        Directory.CreateDirectory(intake);
        var exifJpeg = ExifJpegBuilder.PhonePhoto().Build();
        File.WriteAllBytes(Path.Combine(intake, "exif.jpg"), exifJpeg);
        File.WriteAllBytes(Path.Combine(intake, "plain.jpg"), Encode(40, 32, SKEncodedImageFormat.Jpeg, SKColorType.Rgba8888));
        File.WriteAllBytes(Path.Combine(intake, "rgba.png"), Encode(40, 32, SKEncodedImageFormat.Png, SKColorType.Rgba8888));
        File.WriteAllBytes(Path.Combine(intake, "grey.png"), Encode(40, 32, SKEncodedImageFormat.Png, SKColorType.Gray8));
        File.WriteAllBytes(Path.Combine(intake, "palette-2bit.png"), Png(24, 16, colorType: 3, bitDepth: 2, [("PLTE", [0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255])]));
        File.WriteAllBytes(Path.Combine(intake, "rgb16.png"), Png(16, 12, colorType: 2, bitDepth: 16));
        File.WriteAllBytes(Path.Combine(intake, "grey-alpha.png"), Png(16, 12, colorType: 4, bitDepth: 8));
        var app1 = exifJpeg.AsSpan().IndexOf("Exif\0\0"u8);
        var length = (exifJpeg[app1 - 2] << 8) | exifJpeg[app1 - 1];
        File.WriteAllBytes(Path.Combine(intake, "exif-chunk.png"), Png(16, 12, colorType: 2, bitDepth: 8, [("eXIf", exifJpeg[(app1 + 6)..(app1 - 2 + length)])]));
    }

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format, SKColorType colorType)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, colorType, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 6), (byte)(y * 8), (byte)((x + y) % 2 == 0 ? 40 : 220), (byte)(255 - x)));
            }
        }
        using var data = bitmap.Encode(format, 80);
        return data.ToArray();
    }

    // Rows with every filter type in turn, so the seeds exercise all of unfiltering.
    private static byte[] Png(int width, int height, byte colorType, byte bitDepth, IEnumerable<(string Type, byte[] Data)>? extra = null)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        var rowBytes = ((width * channels * bitDepth) + 7) / 8;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                z.WriteByte((byte)(y % 5));
                for (var i = 0; i < rowBytes; i++)
                {
                    z.WriteByte((byte)((i * 7) + (y * 3)));
                }
            }
        }
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        foreach (var (type, data) in extra ?? [])
        {
            Chunk(png, type, data);
        }
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), System.IO.Hashing.Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        png.Write(chunk);
    }
}
