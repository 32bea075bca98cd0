using System.Globalization;

namespace Originality.Engine.Imaging;

/// <summary>The F-3 size verdict for a picture offered for filing.</summary>
/// <param name="Accepted">Whether the size is acceptable.</param>
/// <param name="Code">Null when accepted, else a stable code (<see cref="ImageRejectionCodes.TooSmall"/>).</param>
/// <param name="Reason">Null when accepted, else one sentence for the seller.</param>
/// <param name="Width">Width as offered (oriented).</param>
/// <param name="Height">Height as offered (oriented).</param>
/// <param name="ScaledWidth">Width that is filed: equal to <paramref name="Width"/> unless the longer side is over the maximum.</param>
/// <param name="ScaledHeight">Height that is filed.</param>
public sealed record FilingVerdict(bool Accepted, string? Code, string? Reason, int Width, int Height, int ScaledWidth, int ScaledHeight)
{
    /// <summary>Whether the filed copy is scaled down.</summary>
    public bool IsScaled => ScaledWidth != Width || ScaledHeight != Height;
}

/// <summary>
/// F-3 size rules: the shorter side at least 700 px; a longer side over 2000 px is scaled down to
/// 2000 px keeping the aspect ratio.
/// </summary>
/// <remarks>
/// The minimum applies to the picture as offered, before any scaling; a very elongated picture
/// (say 700 × 3000) is accepted and filed at 467 × 2000. Format and byte limits are checked by
/// <see cref="ImageDecoder"/>.
/// </remarks>
public static class FilingCheck
{
    /// <summary>Smallest accepted shorter side, in pixels.</summary>
    public const int MinShortSide = 700;

    /// <summary>Longest side of a filed picture, in pixels.</summary>
    public const int MaxLongSide = 2000;

    /// <summary>The verdict for a picture of <paramref name="width"/> × <paramref name="height"/> (after EXIF orientation).</summary>
    public static FilingVerdict Check(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var (scaledWidth, scaledHeight) = ScaledSize(width, height);
        if (Math.Min(width, height) < MinShortSide)
        {
            var reason = string.Create(
                CultureInfo.InvariantCulture,
                $"The picture is {width}×{height} pixels; its shorter side must be at least {MinShortSide} pixels. Please upload a larger original.");
            return new FilingVerdict(false, ImageRejectionCodes.TooSmall, reason, width, height, scaledWidth, scaledHeight);
        }
        return new FilingVerdict(true, null, null, width, height, scaledWidth, scaledHeight);
    }

    /// <summary>
    /// The whole F-3 verdict for a decodable file: its name, its size in bytes and its pixel size.
    /// Refusals come in the order a seller can act on them: extension, bytes, then pixels.
    /// </summary>
    /// <param name="fileName">The name the seller gave the file.</param>
    /// <param name="byteCount">The file's length.</param>
    /// <param name="format">The format found in the content.</param>
    /// <param name="width">Width after EXIF orientation.</param>
    /// <param name="height">Height after EXIF orientation.</param>
    /// <param name="limits">Byte limit; <see cref="ImageLimits.Default"/> (10 MB) when null.</param>
    public static FilingVerdict Check(string fileName, long byteCount, ImageFormatKind format, int width, int height, ImageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        limits ??= ImageLimits.Default;
        var sized = Check(width, height);
        try
        {
            ImageDecoder.CheckExtension(fileName, format);
        }
        catch (ImageRejectedException e)
        {
            return sized with { Accepted = false, Code = e.Code, Reason = e.Reason };
        }
        if (byteCount > limits.MaxBytes)
        {
            var reason = string.Create(
                CultureInfo.InvariantCulture,
                $"The file is {byteCount / (1024.0 * 1024.0):0.#} MB; files of at most {limits.MaxBytes / (1024.0 * 1024.0):0.#} MB are accepted.");
            return sized with { Accepted = false, Code = ImageRejectionCodes.FileTooLarge, Reason = reason };
        }
        return sized;
    }

    /// <summary>The filed size: unchanged unless the longer side is over <see cref="MaxLongSide"/>.</summary>
    public static (int Width, int Height) ScaledSize(int width, int height)
    {
        var longSide = Math.Max(width, height);
        if (longSide <= MaxLongSide)
        {
            return (width, height);
        }
        var shortSide = (int)Math.Max(1, Math.Round((double)Math.Min(width, height) * MaxLongSide / longSide, MidpointRounding.AwayFromZero));
        return width >= height ? (MaxLongSide, shortSide) : (shortSide, MaxLongSide);
    }

    /// <summary>The picture as it is filed: scaled down when its longer side is over the maximum.</summary>
    public static RgbImage ScaleForFiling(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (w, h) = ScaledSize(image.Width, image.Height);
        return image.Resize(w, h);
    }
}
