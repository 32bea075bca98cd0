using System.Buffers.Binary;

namespace Originality.Engine.Imaging;

/// <summary>Format and declared size read from the first bytes, without decoding any pixel.</summary>
/// <param name="Format">The format found in the content.</param>
/// <param name="Width">Declared width.</param>
/// <param name="Height">Declared height.</param>
/// <param name="Progressive">
/// A progressive JPEG or an interlaced (Adam7) PNG: the decoder then keeps the whole image in memory
/// at full size whatever the output size, so these get a smaller pixel cap.
/// </param>
/// <param name="BytesPerPixel">Bytes per pixel of the raw PNG data (1..8); 3 for JPEG.</param>
internal readonly record struct ImageHeader(ImageFormatKind Format, int Width, int Height, bool Progressive = false, int BytesPerPixel = 3)
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
        // Bit depth and colour type give the raw size of a pixel; both are checked again by libpng.
        var bitDepth = bytes.Length > 24 ? bytes[24] : 8;
        var channels = (bytes.Length > 25 ? bytes[25] : 2) switch
        {
            0 => 1, // grey
            2 => 3, // RGB
            3 => 1, // palette
            4 => 2, // grey + alpha
            _ => 4, // RGBA (6) and anything invalid, counted at the most
        };
        var bytesPerPixel = Math.Clamp(channels * Math.Max(8, (int)bitDepth) / 8, 1, 8);
        var interlaced = bytes.Length > 28 && bytes[28] != 0;
        return new ImageHeader(ImageFormatKind.Png, (int)width, (int)height, interlaced, bytesPerPixel);
    }

    /// <summary>
    /// Walks the PNG chunks: every chunk must lie inside the file, carry a correct CRC-32, and the
    /// walk must reach IEND. Null for a broken structure. Nothing is allocated by the walk: a chunk
    /// that claims 2 GB is refused here, before any reader trusts its length.
    /// </summary>
    public static PngChunks? WalkPngChunks(ReadOnlySpan<byte> bytes)
    {
        Range? exif = null;
        Range? palette = null;
        var data = new List<Range>();
        var offset = 8;
        while (bytes.Length - offset >= 12)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]);
            if (length > int.MaxValue || length > (uint)(bytes.Length - offset - 12))
            {
                return null;
            }
            var start = offset + 8;
            var end = start + (int)length;
            var type = bytes.Slice(offset + 4, 4);
            if (System.IO.Hashing.Crc32.HashToUInt32(bytes[(offset + 4)..end]) != BinaryPrimitives.ReadUInt32BigEndian(bytes[end..]))
            {
                return null;
            }
            if (type.SequenceEqual("IEND"u8))
            {
                return data.Count == 0 ? null : new PngChunks(exif ?? default, palette ?? default, data);
            }
            if (type.SequenceEqual("IDAT"u8))
            {
                data.Add(start..end);
            }
            else if (exif is null && type.SequenceEqual("eXIf"u8))
            {
                exif = start..end;
            }
            else if (palette is null && type.SequenceEqual("PLTE"u8))
            {
                palette = start..end;
            }
            offset = end + 4;
        }
        return null;
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
                // SOF2, SOF6, SOF10, SOF14: progressive; libjpeg keeps every DCT coefficient of the image.
                var progressive = marker is 0xC2 or 0xC6 or 0xCA or 0xCE;
                return width == 0 || height == 0 ? null : new ImageHeader(ImageFormatKind.Jpeg, width, height, progressive);
            }
            i += length;
        }
        return null;
    }
}

/// <summary>Where a PNG's chunks of interest lie in the file (ranges into it; empty when absent).</summary>
/// <param name="Exif">The first eXIf chunk's data.</param>
/// <param name="Palette">The PLTE chunk's data.</param>
/// <param name="Data">Every IDAT chunk's data, in order.</param>
internal sealed record PngChunks(Range Exif, Range Palette, IReadOnlyList<Range> Data);
