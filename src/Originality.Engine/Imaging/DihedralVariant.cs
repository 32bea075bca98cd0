namespace Originality.Engine.Imaging;

/// <summary>The eight rotations and mirrorings of a rectangle (the dihedral group D4).</summary>
/// <remarks>
/// Names follow Meta's PDQ tools (python-threatexchange, <c>pdqDihedralHash256es</c>), checked against
/// their published hashes: rotations are counter-clockwise and FlipX mirrors about the x axis.
/// </remarks>
public enum DihedralVariant
{
    /// <summary>Unchanged.</summary>
    Original,

    /// <summary>Rotated a quarter turn counter-clockwise (Meta's convention).</summary>
    Rotate90,

    /// <summary>Rotated a half turn.</summary>
    Rotate180,

    /// <summary>Rotated a quarter turn clockwise.</summary>
    Rotate270,

    /// <summary>Flipped about the horizontal (x) axis: top and bottom change places.</summary>
    FlipX,

    /// <summary>Flipped about the vertical (y) axis: left and right change places (a mirror image).</summary>
    FlipY,

    /// <summary>Mirrored about the main diagonal (transpose).</summary>
    FlipPlus1,

    /// <summary>Mirrored about the anti-diagonal (transverse).</summary>
    FlipMinus1,
}

/// <summary>Pixel-exact dihedral transforms of row-major planes.</summary>
public static class ImageTransforms
{
    /// <summary>All eight variants, <see cref="DihedralVariant.Original"/> first.</summary>
    public static IReadOnlyList<DihedralVariant> AllVariants { get; } = Enum.GetValues<DihedralVariant>();

    /// <summary>Whether the variant swaps width and height.</summary>
    public static bool SwapsSides(DihedralVariant variant) =>
        variant is DihedralVariant.Rotate90 or DihedralVariant.Rotate270 or DihedralVariant.FlipPlus1 or DihedralVariant.FlipMinus1;

    /// <summary>The transform that displays a picture stored with EXIF orientation <paramref name="orientation"/> upright.</summary>
    public static DihedralVariant FromExifOrientation(int orientation) => orientation switch
    {
        2 => DihedralVariant.FlipY,
        3 => DihedralVariant.Rotate180,
        4 => DihedralVariant.FlipX,
        5 => DihedralVariant.FlipPlus1,
        6 => DihedralVariant.Rotate270,
        7 => DihedralVariant.FlipMinus1,
        8 => DihedralVariant.Rotate90,
        _ => DihedralVariant.Original,
    };

    /// <summary>Returns the transformed picture (the same instance for <see cref="DihedralVariant.Original"/>).</summary>
    public static RgbImage Transform(this RgbImage image, DihedralVariant variant)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (variant == DihedralVariant.Original)
        {
            return image;
        }
        var dst = new byte[image.Pixels.Length];
        Transform<byte>(image.Pixels, image.Width, image.Height, 3, dst, variant);
        return SwapsSides(variant) ? new RgbImage(image.Height, image.Width, dst) : new RgbImage(image.Width, image.Height, dst);
    }

    /// <summary>The source pixel that output pixel (<paramref name="x"/>, <paramref name="y"/>) of the transformed <paramref name="width"/> × <paramref name="height"/> plane shows.</summary>
    public static (int X, int Y) SourceOf(DihedralVariant variant, int x, int y, int width, int height)
    {
        var (ax, bx, cx, ay, by, cy) = SourceMap(variant, width, height);
        return ((ax * x) + (bx * y) + cx, (ay * x) + (by * y) + cy);
    }

    // Source coordinates as an affine map of output coordinates: x = ax·x' + bx·y' + cx, y = ay·x' + by·y' + cy.
    internal static (int Ax, int Bx, int Cx, int Ay, int By, int Cy) SourceMap(DihedralVariant variant, int width, int height) => variant switch
    {
        DihedralVariant.Original => (1, 0, 0, 0, 1, 0),
        DihedralVariant.Rotate90 => (0, -1, width - 1, 1, 0, 0),
        DihedralVariant.Rotate180 => (-1, 0, width - 1, 0, -1, height - 1),
        DihedralVariant.Rotate270 => (0, 1, 0, -1, 0, height - 1),
        DihedralVariant.FlipX => (1, 0, 0, 0, -1, height - 1),
        DihedralVariant.FlipY => (-1, 0, width - 1, 0, 1, 0),
        DihedralVariant.FlipPlus1 => (0, 1, 0, 1, 0, 0),
        DihedralVariant.FlipMinus1 => (0, -1, width - 1, -1, 0, height - 1),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    /// <summary>
    /// Transforms a row-major plane of <paramref name="width"/> × <paramref name="height"/> cells of
    /// <paramref name="channels"/> elements into <paramref name="destination"/>.
    /// </summary>
    public static void Transform<T>(ReadOnlySpan<T> source, int width, int height, int channels, Span<T> destination, DihedralVariant variant)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Length, width * height * channels);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, width * height * channels);
        var (ax, bx, cx, ay, by, cy) = SourceMap(variant, width, height);
        var (outWidth, outHeight) = SwapsSides(variant) ? (height, width) : (width, height);
        var step = ((ay * width) + ax) * channels;
        var d = 0;
        for (var yo = 0; yo < outHeight; yo++)
        {
            var s = ((((by * yo) + cy) * width) + (bx * yo) + cx) * channels;
            if (channels == 1)
            {
                for (var xo = 0; xo < outWidth; xo++, s += step)
                {
                    destination[d++] = source[s];
                }
            }
            else
            {
                for (var xo = 0; xo < outWidth; xo++, s += step)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        destination[d++] = source[s + c];
                    }
                }
            }
        }
    }
}
