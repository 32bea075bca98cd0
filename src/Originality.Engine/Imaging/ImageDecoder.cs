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
    /// <exception cref="ImageRejectedException">The picture is refused; see its Code and Reason.</exception>
    public static DecodedImage Decode(ReadOnlySpan<byte> bytes, string? fileName = null, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        var limits = options.Limits ?? ImageLimits.Default;

        var header = CheckHeader(bytes, fileName, limits);
        var encoded = bytes.ToArray();
        var exif = ExifSummary.Read(encoded, header.Format);

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new CorruptImageException($"The {FormatName(header.Format)} file is damaged and cannot be opened.");
        if (codec.Info.Width != header.Width || codec.Info.Height != header.Height)
        {
            throw new CorruptImageException($"The {FormatName(header.Format)} file is damaged: its header is inconsistent.");
        }

        var size = ChooseDecodeSize(codec, header, options.MinShortSide);
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

        var image = ShrinkPng(bitmap, header, options.MinShortSide)
            ?? RgbImage.FromRgba(bitmap.GetPixelSpan(), size.Width, size.Height, bitmap.RowBytes);
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

    /// <summary>
    /// Runs every check that needs no pixel decoding and returns format and declared size.
    /// </summary>
    /// <exception cref="ImageRejectedException">The picture is refused.</exception>
    public static (ImageFormatKind Format, int Width, int Height) Inspect(ReadOnlySpan<byte> bytes, string? fileName = null, ImageLimits? limits = null)
    {
        var header = CheckHeader(bytes, fileName, limits ?? ImageLimits.Default);
        return (header.Format, header.Width, header.Height);
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

    /// <summary>
    /// PNG has no scaled decode; when a large PNG is decoded for hashing, shrink it by an integer
    /// factor (keeping the short side at least the minimum) so the blur runs on fewer pixels.
    /// </summary>
    private static RgbImage? ShrinkPng(SKBitmap bitmap, ImageHeader header, int? minShortSide)
    {
        if (minShortSide is not { } min || header.Format != ImageFormatKind.Png)
        {
            return null;
        }
        var factor = Math.Min(header.Width, header.Height) / Math.Max(1, min);
        if (factor < 2)
        {
            return null;
        }
        var info = new SKImageInfo(header.Width / factor, header.Height / factor, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var small = bitmap.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return small is null ? null : RgbImage.FromBitmap(small);
    }

    private static string FormatName(ImageFormatKind format) => format == ImageFormatKind.Jpeg ? "JPEG" : "PNG";

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
}
