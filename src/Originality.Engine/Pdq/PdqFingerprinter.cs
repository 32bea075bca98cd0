using Originality.Engine.Imaging;

namespace Originality.Engine.Pdq;

/// <summary>An encoded picture's decode result with its PDQ hash.</summary>
/// <param name="Decoded">The decoded picture (possibly scaled; its Original* sizes are full resolution).</param>
/// <param name="Pdq">The hash of the decoded pixels.</param>
public sealed record PdqFingerprint(DecodedImage Decoded, PdqHash Pdq);

/// <summary>Decode-and-hash in one call, the way the product fingerprints uploads.</summary>
/// <remarks>
/// By default the JPEG is decoded scaled in the DCT domain so its shorter side stays at least
/// <see cref="FastMinShortSide"/> px: the hash then differs from the canonical full-resolution
/// hash by at most 6 bits on Meta's conformance images (8 with a 512 px floor, 12 with 256;
/// docs/measurements/pdq.md), at a fraction of the cost. 700 is also the F-3 filing minimum, so every
/// fileable picture is hashed from at least that many pixels. EXIF orientation is applied.
/// </remarks>
public static class PdqFingerprinter
{
    /// <summary>Shortest side kept by the scaled decode.</summary>
    public const int FastMinShortSide = 700;

    /// <summary>Decodes and hashes.</summary>
    /// <param name="bytes">Encoded JPEG or PNG.</param>
    /// <param name="fileName">When given, its extension must agree with the content.</param>
    /// <param name="fullResolution">Decode every pixel (the canonical hash) instead of the scaled decode.</param>
    /// <param name="limits">Byte and pixel limits; <see cref="ImageLimits.Default"/> when null.</param>
    /// <exception cref="ImageRejectedException">The picture is refused.</exception>
    public static PdqFingerprint Fingerprint(ReadOnlySpan<byte> bytes, string? fileName = null, bool fullResolution = false, ImageLimits? limits = null)
    {
        var options = new DecodeOptions(limits, fullResolution ? null : FastMinShortSide);
        var decoded = ImageDecoder.Decode(bytes, fileName, options);
        return new PdqFingerprint(decoded, PdqHasher.Hash(decoded.Image));
    }
}
