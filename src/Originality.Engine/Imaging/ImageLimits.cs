namespace Originality.Engine.Imaging;

/// <summary>What the decoder accepts before it decodes a single pixel.</summary>
/// <param name="MaxBytes">Largest accepted file, in bytes.</param>
/// <param name="MaxPixels">Largest accepted declared width × height; guards against decompression bombs.</param>
/// <param name="MaxSide">Longest accepted side, in pixels (JPEG cannot exceed 65535 anyway); bounds the decoder's row buffers.</param>
/// <param name="MaxProgressivePixels">
/// Largest progressive JPEG or interlaced PNG: their decoders hold the whole image at full size
/// (DCT coefficients, or the raw interlaced rows) however small the output, so they get a smaller cap.
/// </param>
public sealed record ImageLimits(long MaxBytes, long MaxPixels, int MaxSide = 65_535, long MaxProgressivePixels = 25_000_000L)
{
    /// <summary>10 MB (F-3), 100 megapixels, 65535 px a side, 25 megapixels progressive or interlaced.</summary>
    public static ImageLimits Default { get; } = new(10L * 1024 * 1024, 100_000_000L);
}

/// <summary>Options for <see cref="ImageDecoder.Decode"/>.</summary>
/// <param name="Limits">Size limits checked before decoding; <see cref="ImageLimits.Default"/> when null.</param>
/// <param name="MinShortSide">
/// When set, JPEGs are decoded scaled in the DCT domain (1/8 steps) to the smallest size whose
/// shorter side is still at least this many pixels; much faster for large photos. Large PNGs are
/// decoded row by row and averaged down by an integer factor with the same bound, so the full-size
/// picture is never held in memory.
/// </param>
/// <param name="ApplyOrientation">Rotate/mirror the pixels as the EXIF orientation tag says (default true).</param>
public sealed record DecodeOptions(ImageLimits? Limits = null, int? MinShortSide = null, bool ApplyOrientation = true)
{
    /// <summary>Full resolution, default limits, orientation applied.</summary>
    public static DecodeOptions Default { get; } = new();
}

/// <summary>Container formats the product accepts (F-3).</summary>
public enum ImageFormatKind
{
    /// <summary>JPEG (JFIF/EXIF).</summary>
    Jpeg,

    /// <summary>PNG.</summary>
    Png,
}
