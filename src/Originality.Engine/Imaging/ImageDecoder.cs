using System.Globalization;
using SkiaSharp;

namespace Originality.Engine.Imaging;

/// <summary>
/// Turns uploaded bytes into RGB pixels, refusing anything that is not a sound JPEG or PNG (F-3, F-4).
/// </summary>
/// <remarks>
/// The order of checks is the defence: size in bytes, then format by content, then the extension,
/// then the declared pixel count from the header — all before Skia allocates a pixel buffer, so a
/// decompression bomb is refused at the cost of reading a few header bytes. Thread-safe.
/// </remarks>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The encoded file.</param>
    /// <param name="fileName">When given, its extension must name the format found in the content.</param>
    /// <param name="options">Limits, scaled decode and orientation; <see cref="DecodeOptions.Default"/> when null.</param>
    /// <exception cref="ImageRejectedException">
    /// The picture is refused; see its Code and Reason. Nothing else escapes: any failure of the
    /// metadata reader or the codec on any input is a refusal of that file (fails closed).
    /// </exception>
    public static DecodedImage Decode(ReadOnlySpan<byte> bytes, string? fileName = null, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        var limits = options.Limits ?? ImageLimits.Default;
        try
        {
            var header = CheckHeader(bytes, fileName, limits);
            return DecodeChecked(bytes, header, options);
        }
        catch (Exception e) when (e is not ImageRejectedException and not OperationCanceledException)
        {
            throw new CorruptImageException("The file is damaged and cannot be decoded.", e);
        }
    }

    private static DecodedImage DecodeChecked(ReadOnlySpan<byte> bytes, ImageHeader header, DecodeOptions options)
    {
        var encoded = bytes.ToArray();
        PngChunks? chunks = null;
        if (header.Format == ImageFormatKind.Png)
        {
            chunks = ImageHeader.WalkPngChunks(encoded)
                ?? throw new CorruptImageException("The PNG file is damaged: a chunk runs past the end of the file or fails its checksum, or the file is cut off before its end.");
        }
        var exif = chunks is null ? ExifSummary.ReadJpeg(encoded) : ExifSummary.ReadTiff(encoded.AsSpan(chunks.Exif));

        var image = chunks is not null && !PngRowReader.IsInterlaced(encoded)
            ? DecodePngRows(encoded, chunks, header, options.MinShortSide)
            : DecodeWithSkia(encoded, header, options.MinShortSide);
        var (originalWidth, originalHeight) = (header.Width, header.Height);
        if (options.ApplyOrientation && exif.Orientation != 1)
        {
            var variant = ImageTransforms.FromExifOrientation(exif.Orientation);
            image = image.Transform(variant);
            if (ImageTransforms.SwapsSides(variant))
            {
                (originalWidth, originalHeight) = (originalHeight, originalWidth);
            }
        }
        return new DecodedImage(image, header.Format, originalWidth, originalHeight, exif);
    }

    /// <summary>JPEG (scaled in the DCT domain when asked) and interlaced PNG (capped by <see cref="ImageLimits.MaxProgressivePixels"/>).</summary>
    private static RgbImage DecodeWithSkia(byte[] encoded, ImageHeader header, int? minShortSide)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new CorruptImageException($"The {FormatName(header.Format)} file is damaged and cannot be opened.");
        if (codec.Info.Width != header.Width || codec.Info.Height != header.Height)
        {
            throw new CorruptImageException($"The {FormatName(header.Format)} file is damaged: its header is inconsistent.");
        }
        var size = ChooseDecodeSize(codec, header, minShortSide);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        // A null colour space on the destination means Skia applies no colour management: the
        // bytes are what libjpeg-turbo/libpng produce, as in the PDQ reference decode.
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new CorruptImageException(
                result == SKCodecResult.IncompleteInput
                    ? $"The {FormatName(header.Format)} file is incomplete (cut off before its end)."
                    : $"The {FormatName(header.Format)} file is damaged and its pixels cannot be read.");
        }
        var full = RgbImage.FromRgba(bitmap.GetPixelSpan(), size.Width, size.Height, bitmap.RowBytes);
        if (header.Format == ImageFormatKind.Jpeg)
        {
            return full;
        }
        var y = 0;
        return Average(full.Width, full.Height, PngFactor(header, minShortSide), row =>
        {
            full.Pixels.AsSpan(3 * full.Width * y, 3 * full.Width).CopyTo(row);
            y++;
        });
    }

    /// <summary>
    /// A non-interlaced PNG, read one row at a time (<see cref="PngRowReader"/>) and, when a minimum
    /// short side is given and the picture is at least twice that, averaged down by an integer
    /// factor. Memory is two raw rows plus the output, never the full-size picture: a 10000×10000
    /// PNG costs about 1.5 MB for its 1000×1000 result.
    /// </summary>
    private static RgbImage DecodePngRows(byte[] encoded, PngChunks chunks, ImageHeader header, int? minShortSide)
    {
        using var reader = PngRowReader.Open(encoded, chunks);
        return Average(header.Width, header.Height, PngFactor(header, minShortSide), reader.ReadRow);
    }

    private static int PngFactor(ImageHeader header, int? minShortSide) =>
        minShortSide is { } min ? Math.Max(1, Math.Min(header.Width, header.Height) / Math.Max(1, min)) : 1;

    private delegate void RowReader(Span<byte> rgb);

    /// <summary>
    /// Area average by <paramref name="factor"/>: output pixel (x, y) is the mean of the source block
    /// it covers (factor or factor + 1 pixels a side, so the whole picture is used).
    /// </summary>
    private static RgbImage Average(int width, int height, int factor, RowReader read)
    {
        var (outWidth, outHeight) = (width / factor, height / factor);
        var pixels = new byte[3L * outWidth * outHeight];
        if (factor == 1)
        {
            for (var y = 0; y < height; y++)
            {
                read(pixels.AsSpan(3 * width * y, 3 * width));
            }
            return new RgbImage(width, height, pixels);
        }
        var row = new byte[3 * width];
        var column = new int[width];
        var columnCount = new int[outWidth];
        for (var x = 0; x < width; x++)
        {
            column[x] = (int)((long)x * outWidth / width);
            columnCount[column[x]]++;
        }
        var sums = new int[3 * outWidth];
        var sourceRow = 0;
        for (var oy = 0; oy < outHeight; oy++)
        {
            var rowsEnd = (int)((long)(oy + 1) * height / outHeight);
            var rows = rowsEnd - sourceRow;
            Array.Clear(sums);
            for (; sourceRow < rowsEnd; sourceRow++)
            {
                read(row);
                for (var x = 0; x < width; x++)
                {
                    var o = 3 * column[x];
                    sums[o] += row[3 * x];
                    sums[o + 1] += row[(3 * x) + 1];
                    sums[o + 2] += row[(3 * x) + 2];
                }
            }
            var target = pixels.AsSpan(3 * outWidth * oy, 3 * outWidth);
            for (var ox = 0; ox < outWidth; ox++)
            {
                var n = columnCount[ox] * rows;
                target[3 * ox] = (byte)((sums[3 * ox] + (n / 2)) / n);
                target[(3 * ox) + 1] = (byte)((sums[(3 * ox) + 1] + (n / 2)) / n);
                target[(3 * ox) + 2] = (byte)((sums[(3 * ox) + 2] + (n / 2)) / n);
            }
        }
        return new RgbImage(outWidth, outHeight, pixels);
    }

    /// <summary>
    /// Runs every check that needs no pixel decoding and returns format and declared size.
    /// </summary>
    /// <exception cref="ImageRejectedException">The picture is refused.</exception>
    public static (ImageFormatKind Format, int Width, int Height) Inspect(ReadOnlySpan<byte> bytes, string? fileName = null, ImageLimits? limits = null)
    {
        try
        {
            var header = CheckHeader(bytes, fileName, limits ?? ImageLimits.Default);
            return (header.Format, header.Width, header.Height);
        }
        catch (Exception e) when (e is not ImageRejectedException and not OperationCanceledException)
        {
            throw new CorruptImageException("The file is damaged: its header cannot be read.", e);
        }
    }

    private static ImageHeader CheckHeader(ReadOnlySpan<byte> bytes, string? fileName, ImageLimits limits)
    {
        if (bytes.Length > limits.MaxBytes)
        {
            throw new ImageTooLargeException(
                ImageRejectionCodes.FileTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The file is {Megabytes(bytes.Length)} MB; files of at most {Megabytes(limits.MaxBytes)} MB are accepted."));
        }
        var format = ImageHeader.Sniff(bytes, out var otherName)
            ?? throw new UnsupportedImageFormatException(
                ImageRejectionCodes.UnsupportedFormat,
                otherName is null
                    ? "The file is not a picture we accept: only JPEG and PNG files are accepted."
                    : $"The file is a {otherName} picture; only JPEG and PNG files are accepted.");
        if (fileName is not null)
        {
            CheckExtension(fileName, format);
        }
        var header = ImageHeader.TryRead(bytes, format)
            ?? throw new CorruptImageException($"The {FormatName(format)} file is damaged: its header cannot be read.");
        if ((long)header.Width * header.Height > limits.MaxPixels)
        {
            throw new ImageTooLargeException(
                ImageRejectionCodes.TooManyPixels,
                string.Create(CultureInfo.InvariantCulture, $"The picture claims to be {header.Width}×{header.Height} pixels; pictures of at most {limits.MaxPixels / 1_000_000.0:0.#} megapixels are accepted."));
        }
        if (Math.Max(header.Width, header.Height) > limits.MaxSide)
        {
            throw new ImageTooLargeException(
                ImageRejectionCodes.TooManyPixels,
                string.Create(CultureInfo.InvariantCulture, $"The picture claims to be {header.Width}×{header.Height} pixels; no side may be longer than {limits.MaxSide} pixels."));
        }
        // An interlaced PNG's raw rows are held at their own depth (up to 8 bytes a pixel), counted against 3.
        var heldPixels = header.Format == ImageFormatKind.Png
            ? (long)header.Width * header.Height * header.BytesPerPixel / 3
            : (long)header.Width * header.Height;
        if (header.Progressive && heldPixels > limits.MaxProgressivePixels)
        {
            var kind = header.Format == ImageFormatKind.Jpeg ? "progressive JPEG" : "interlaced PNG";
            throw new ImageTooLargeException(
                ImageRejectionCodes.TooManyPixels,
                string.Create(CultureInfo.InvariantCulture, $"The picture is a {kind} of {header.Width}×{header.Height} pixels; a {kind} may have at most {limits.MaxProgressivePixels / 1_000_000.0:0.#} megapixels (save it as a baseline JPEG or a non-interlaced PNG)."));
        }
        return header;
    }

    internal static void CheckExtension(string fileName, ImageFormatKind format)
    {
        var extension = Path.GetExtension(fileName).ToUpperInvariant();
        var expected = format == ImageFormatKind.Jpeg ? ".jpg or .jpeg" : ".png";
        var agrees = format switch
        {
            ImageFormatKind.Jpeg => extension is ".JPG" or ".JPEG",
            _ => extension is ".PNG",
        };
        if (!agrees)
        {
            throw new UnsupportedImageFormatException(
                ImageRejectionCodes.ExtensionMismatch,
                extension.Length == 0
                    ? $"The file name has no extension, but the file is a {FormatName(format)} picture; name it with {expected}."
                    : $"The file name ends in {Path.GetExtension(fileName)}, but the file is a {FormatName(format)} picture; name it with {expected}.");
        }
    }

    private static SKSizeI ChooseDecodeSize(SKCodec codec, ImageHeader header, int? minShortSide)
    {
        var full = new SKSizeI(header.Width, header.Height);
        if (minShortSide is not { } min || header.Format != ImageFormatKind.Jpeg || Math.Min(header.Width, header.Height) <= min)
        {
            return full;
        }
        // libjpeg-turbo scales by k/8 inside the inverse DCT; take the smallest k that keeps the short side.
        for (var k = 1; k < 8; k++)
        {
            var size = codec.GetScaledDimensions(k / 8f);
            if (Math.Min(size.Width, size.Height) >= min)
            {
                return size;
            }
        }
        return full;
    }

    private static string FormatName(ImageFormatKind format) => format == ImageFormatKind.Jpeg ? "JPEG" : "PNG";

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
}
