using Originality.Engine.Imaging;
using Originality.Engine.Pdq;

namespace Originality.Engine.Matching;

/// <summary>Computes the <see cref="PictureFingerprint"/> that copy detection compares.</summary>
/// <remarks>
/// The picture is reduced to a 256-pixel working size and its uniform borders are found
/// (<c>BorderTrimmer</c>). PDQ then hashes, for the frame and (when it differs) the trimmed content:
/// the whole, a 7×7 grid of windows of 70% of the area (crops), four 80% strips (an overlay along
/// one side leaves the opposite strip clean) and a 3×3 grid of blocks (an overlay inside); and the
/// frame tilted by ±2.5° and ±5°, cropped to the largest upright rectangle inside (small rotations).
/// A suspect is probed with its wholes, centres, strips and block grids in all eight rotations and
/// mirrorings. The layout is fixed and general,
/// not fitted to any test pictures; see docs/adr/001-copy-detection-method.md. Thread-safe.
/// </remarks>
public static class Fingerprinter
{
    /// <summary>Longer side of the working picture that regions are hashed from.</summary>
    public const int WorkingSide = 256;

    // Side of a crop window: 0.84² ≈ 70% of the area, the largest crop copiers are expected to make.
    private const double WindowSide = 0.84;

    // An overlay band of up to 20% along one side leaves the opposite 80% clean.
    private const double StripShare = 0.8;

    private static readonly float[] Tilts = [-MaxTilt, -MaxTilt / 2, MaxTilt / 2, MaxTilt];

    // The largest small rotation copiers are expected to make.
    private const float MaxTilt = 5f;

    private static readonly RelativeRect[] Windows = BuildWindows();

    private static readonly RelativeRect[] Strips =
    [
        new(0, 0, 1, StripShare),
        new(0, 1 - StripShare, 1, StripShare),
        new(0, 0, StripShare, 1),
        new(1 - StripShare, 0, StripShare, 1),
    ];

    /// <summary>Fingerprints a decoded picture, with local features for the geometric check when asked.</summary>
    public static PictureFingerprint Compute(RgbImage image, bool withFeatures)
    {
        var fingerprint = Compute(image);
        return withFeatures ? new PictureFingerprint(fingerprint.Width, fingerprint.Height, fingerprint.Stored, fingerprint.Probes, fingerprint.StoredGrids, fingerprint.ProbeGrids) { Features = LocalFeatures.Compute(image) } : fingerprint;
    }

    /// <summary>Fingerprints a decoded picture.</summary>
    public static PictureFingerprint Compute(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var picture = WorkingPicture.From(image, WorkingSide);
        var (cx, cy, cw, ch) = BorderTrimmer.FindContent(picture);
        var content = new RelativeRect((double)cx / picture.Width, (double)cy / picture.Height, (double)cw / picture.Width, (double)ch / picture.Height);
        var frames = cw != picture.Width || ch != picture.Height ? new[] { content, RelativeRect.Whole } : [RelativeRect.Whole];

        var stored = new List<RegionHash>(64);
        var probes = new List<RegionHash>(80);
        var storedGrids = new List<BlockGrid>(2);
        var probeGrids = new List<BlockGrid>(16);
        foreach (var frame in frames)
        {
            stored.Add(Upright(picture, frame));
            probes.AddRange(AllVariants(picture, frame));
            // The centre at the scale of the largest upright rectangle inside a picture turned by
            // about 5° on a plain canvas meets the original's tilted-and-cropped hashes.
            var centre = Tilt.InscribedScale(frame.Width * picture.Width, frame.Height * picture.Height, MaxTilt);
            probes.AddRange(AllVariants(picture, frame.Sub(new RelativeRect((1 - centre) / 2, (1 - centre) / 2, centre, centre))));
            var grids = Grids(picture, frame);
            storedGrids.Add(grids[0]);
            probeGrids.AddRange(grids);
            foreach (var window in Windows)
            {
                stored.Add(Upright(picture, frame.Sub(window)));
            }
            foreach (var strip in Strips)
            {
                stored.Add(Upright(picture, frame.Sub(strip)));
                probes.AddRange(AllVariants(picture, frame.Sub(strip)));
            }
        }
        foreach (var tilt in Tilts)
        {
            stored.Add(Tilted(picture, tilt));
        }
        return new PictureFingerprint(image.Width, image.Height, stored, probes, storedGrids, probeGrids);
    }

    private static RelativeRect[] BuildWindows()
    {
        var windows = new List<RelativeRect>(49);
        var slack = 1 - WindowSide;
        // Steps of 1/6 of the slack: a crop anywhere is at most 1.3% of the side from a window.
        double[] steps = [0, 1 / 6.0, 2 / 6.0, 0.5, 4 / 6.0, 5 / 6.0, 1];
        foreach (var fy in steps)
        {
            foreach (var fx in steps)
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

    private static BlockGrid[] Grids(WorkingPicture picture, RelativeRect frame)
    {
        var (x, y, w, h) = frame.ToPixels(picture.Width, picture.Height);
        var plane = picture.LumaOf(x, y, w, h);
        var turned = new float[plane.Length];
        var grids = new BlockGrid[ImageTransforms.AllVariants.Count];
        foreach (var variant in ImageTransforms.AllVariants)
        {
            var source = plane;
            var (tw, th) = (w, h);
            if (variant != DihedralVariant.Original)
            {
                ImageTransforms.Transform<float>(plane, w, h, 1, turned, variant);
                source = turned;
                (tw, th) = ImageTransforms.SwapsSides(variant) ? (h, w) : (w, h);
            }
            var hashes = new Hashing.Hash256[BlockGrid.Count];
            var qualities = new int[BlockGrid.Count];
            for (var by = 0; by < BlockGrid.Side; by++)
            {
                for (var bx = 0; bx < BlockGrid.Side; bx++)
                {
                    var x0 = bx * tw / BlockGrid.Side;
                    var y0 = by * th / BlockGrid.Side;
                    var bw = ((bx + 1) * tw / BlockGrid.Side) - x0;
                    var bh = ((by + 1) * th / BlockGrid.Side) - y0;
                    var block = new float[bw * bh];
                    for (var row = 0; row < bh; row++)
                    {
                        Array.Copy(source, ((y0 + row) * tw) + x0, block, row * bw, bw);
                    }
                    var hash = PdqHasher.HashLuma(block, bw, bh);
                    hashes[(by * BlockGrid.Side) + bx] = hash.Hash;
                    qualities[(by * BlockGrid.Side) + bx] = hash.Quality;
                }
            }
            grids[(int)variant] = new BlockGrid(frame, variant, hashes, qualities);
        }
        return grids;
    }

    private static RegionHash Tilted(WorkingPicture picture, float degrees)
    {
        var (plane, w, h) = Tilt.Rotate(picture.Luma, picture.Width, picture.Height, degrees, crop: true);
        var hash = PdqHasher.HashLuma(plane, w, h);
        return new RegionHash(hash.Hash, hash.Quality, RelativeRect.Whole, DihedralVariant.Original, degrees);
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
