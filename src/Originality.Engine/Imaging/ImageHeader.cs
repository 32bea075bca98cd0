using System.Buffers.Binary;

namespace Originality.Engine.Imaging;

/// <summary>Format and declared size read from the first bytes, without decoding any pixel.</summary>
internal readonly record struct ImageHeader(ImageFormatKind Format, int Width, int Height)
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format by its magic bytes, or null with a name for what it is instead.</summary>
    public static ImageFormatKind? Sniff(ReadOnlySpan<byte> bytes, out string? otherName)
    {
        otherName = null;
        if (bytes.StartsWith(PngSignature))
        {
            return ImageFormatKind.Png;
        }
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return ImageFormatKind.Jpeg;
        }
        otherName = bytes switch
        {
            _ when bytes.StartsWith("GIF8"u8) => "GIF",
            _ when bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) => "WebP",
            _ when bytes.StartsWith("BM"u8) => "BMP",
            _ when bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8) => "TIFF",
            _ when bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8) => "HEIF/AVIF",
            _ when bytes.StartsWith("%PDF"u8) => "PDF",
            _ => null,
        };
        return null;
    }

    /// <summary>Reads the declared size; null when the header is malformed.</summary>
    public static ImageHeader? TryRead(ReadOnlySpan<byte> bytes, ImageFormatKind format) =>
        format == ImageFormatKind.Png ? TryReadPng(bytes) : TryReadJpeg(bytes);

    private static ImageHeader? TryReadPng(ReadOnlySpan<byte> bytes)
    {
        // Signature, then the IHDR chunk must come first: length(4) "IHDR" width(4) height(4).
        if (bytes.Length < 24 || !bytes[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }
        var width = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]);
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            return null;
        }
        return new ImageHeader(ImageFormatKind.Png, (int)width, (int)height);
    }

    private static ImageHeader? TryReadJpeg(ReadOnlySpan<byte> bytes)
    {
        var i = 2;
        while (i + 4 <= bytes.Length)
        {
            if (bytes[i] != 0xFF)
            {
                return null;
            }
            var marker = bytes[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }
            i += 2;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                continue; // markers without a length
            }
            if (marker is 0xD9 or 0xDA)
            {
                return null; // end of image or scan data before any frame header
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[i..]);
            if (length < 2 || i + length > bytes.Length)
            {
                return null;
            }
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision(1) height(2) width(2).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 7)
                {
                    return null;
                }
                int height = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 3)..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 5)..]);
                return width == 0 || height == 0 ? null : new ImageHeader(ImageFormatKind.Jpeg, width, height);
            }
            i += length;
        }
        return null;
    }
}
