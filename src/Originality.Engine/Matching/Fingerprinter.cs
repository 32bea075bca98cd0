using Originality.Engine.Imaging;
using Originality.Engine.Pdq;

namespace Originality.Engine.Matching;

/// <summary>Computes the <see cref="PictureFingerprint"/> that copy detection compares.</summary>
/// <remarks>
/// The picture is reduced to a 256-pixel working size, its uniform borders are trimmed
/// (<c>BorderTrimmer</c>), then PDQ hashes regions of the content. The region layout is fixed and
/// general (windows and strips), not tuned to any test pictures; see docs/adr/001-copy-detection-method.md.
/// Thread-safe.
/// </remarks>
public static class Fingerprinter
{
    /// <summary>Longer side of the working picture that regions are hashed from.</summary>
    public const int WorkingSide = 256;

    // Side of a crop window: 0.84² ≈ 70% of the area, the largest crop copiers are expected to make.
    private const double WindowSide = 0.84;

    // An overlay band of up to 20% along one side leaves the opposite 80% clean.
    private const double StripShare = 0.8;

    private static readonly RelativeRect[] Windows = BuildWindows();

    private static readonly RelativeRect[] Strips =
    [
        new(0, 0, 1, StripShare),
        new(0, 1 - StripShare, 1, StripShare),
        new(0, 0, StripShare, 1),
        new(1 - StripShare, 0, StripShare, 1),
    ];

    /// <summary>Fingerprints a decoded picture.</summary>
    public static PictureFingerprint Compute(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var picture = WorkingPicture.From(image, WorkingSide);
        var (cx, cy, cw, ch) = BorderTrimmer.FindContent(picture);
        var content = new RelativeRect((double)cx / picture.Width, (double)cy / picture.Height, (double)cw / picture.Width, (double)ch / picture.Height);
        var trimmed = cw != picture.Width || ch != picture.Height;

        var stored = new List<RegionHash>(16) { Upright(picture, content) };
        if (trimmed)
        {
            stored.Add(Upright(picture, RelativeRect.Whole));
        }
        foreach (var window in Windows)
        {
            stored.Add(Upright(picture, content.Sub(window)));
        }
        foreach (var strip in Strips)
        {
            stored.Add(Upright(picture, content.Sub(strip)));
        }

        var probes = new List<RegionHash>(8 * 6);
        probes.AddRange(AllVariants(picture, content));
        if (trimmed)
        {
            probes.AddRange(AllVariants(picture, RelativeRect.Whole));
        }
        foreach (var strip in Strips)
        {
            probes.AddRange(AllVariants(picture, content.Sub(strip)));
        }
        return new PictureFingerprint(image.Width, image.Height, stored, probes);
    }

    private static RelativeRect[] BuildWindows()
    {
        var windows = new List<RelativeRect>(9);
        var slack = 1 - WindowSide;
        foreach (var fy in (double[])[0, 0.5, 1])
        {
            foreach (var fx in (double[])[0, 0.5, 1])
            {
                windows.Add(new RelativeRect(fx * slack, fy * slack, WindowSide, WindowSide));
            }
        }
        return [.. windows];
    }

    private static RegionHash Upright(WorkingPicture picture, RelativeRect region)
    {
        var (x, y, w, h) = region.ToPixels(picture.Width, picture.Height);
        var hash = PdqHasher.HashLuma(picture.LumaOf(x, y, w, h), w, h);
        return new RegionHash(hash.Hash, hash.Quality, region, DihedralVariant.Original);
    }

    private static IEnumerable<RegionHash> AllVariants(WorkingPicture picture, RelativeRect region)
    {
        var (x, y, w, h) = region.ToPixels(picture.Width, picture.Height);
        var plane = picture.LumaOf(x, y, w, h);
        var turned = new float[plane.Length];
        foreach (var variant in ImageTransforms.AllVariants)
        {
            PdqHash hash;
            if (variant == DihedralVariant.Original)
            {
                hash = PdqHasher.HashLuma(plane, w, h);
            }
            else
            {
                ImageTransforms.Transform<float>(plane, w, h, 1, turned, variant);
                var (tw, th) = ImageTransforms.SwapsSides(variant) ? (h, w) : (w, h);
                hash = PdqHasher.HashLuma(turned, tw, th);
            }
            yield return new RegionHash(hash.Hash, hash.Quality, region, variant);
        }
    }
}
