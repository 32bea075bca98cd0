using Originality.Engine.Imaging;

namespace Originality.Engine.Matching;

/// <summary>One oriented binary keypoint: position in working-picture pixels and a 256-bit descriptor.</summary>
/// <param name="X">Column in the working picture (longer side <see cref="LocalFeatures.WorkingSide"/>).</param>
/// <param name="Y">Row in the working picture.</param>
/// <param name="D0">Descriptor bits 0–63.</param>
/// <param name="D1">Descriptor bits 64–127.</param>
/// <param name="D2">Descriptor bits 128–191.</param>
/// <param name="D3">Descriptor bits 192–255.</param>
public readonly record struct Keypoint(float X, float Y, ulong D0, ulong D1, ulong D2, ulong D3)
{
    /// <summary>Hamming distance between two descriptors.</summary>
    public int DistanceTo(in Keypoint other) =>
        System.Numerics.BitOperations.PopCount(D0 ^ other.D0) + System.Numerics.BitOperations.PopCount(D1 ^ other.D1)
        + System.Numerics.BitOperations.PopCount(D2 ^ other.D2) + System.Numerics.BitOperations.PopCount(D3 ^ other.D3);
}

/// <summary>
/// Local binary features of a picture for the second-stage geometric check: FAST-9 corners on a
/// grayscale pyramid, oriented by their intensity centroid, described by 256 rotated intensity
/// comparisons on a smoothed patch (the ORB recipe of Rublee et al., 2011, implemented from the
/// paper). Computed for the picture as it is and mirrored, so a mirrored copy is verified too.
/// </summary>
/// <remarks>Immutable and thread-safe. A few hundred keypoints of 40 bytes each per picture.</remarks>
public sealed class LocalFeatures
{
    /// <summary>Longer side of the working picture features are found in.</summary>
    public const int WorkingSide = 512;

    /// <summary>Most keypoints kept per picture.</summary>
    public const int MaxKeypoints = 400;

    private const int Levels = 5;
    private const float LevelScale = 1.26f;
    private const int FastThreshold = 12;
    private const int PatchRadius = 15;
    private const int Border = 22;
    private const int GridCells = 4;

    private static readonly (int X, int Y)[] Circle =
    [
        (0, -3), (1, -3), (2, -2), (3, -1), (3, 0), (3, 1), (2, 2), (1, 3),
        (0, 3), (-1, 3), (-2, 2), (-3, 1), (-3, 0), (-3, -1), (-2, -2), (-1, -3),
    ];

    // Fixed test pairs, Gaussian around the centre (sigma = patch/5) as in BRIEF's best layout; seeded so every process agrees.
    private static readonly (float X1, float Y1, float X2, float Y2)[] Pairs = BuildPairs();

    private LocalFeatures(int width, int height, Keypoint[] upright, Keypoint[] mirrored)
    {
        Width = width;
        Height = height;
        Upright = upright;
        Mirrored = mirrored;
    }

    /// <summary>Width of the working picture.</summary>
    public int Width { get; }

    /// <summary>Height of the working picture.</summary>
    public int Height { get; }

    /// <summary>Keypoints of the picture as it is.</summary>
    public IReadOnlyList<Keypoint> Upright { get; }

    /// <summary>Keypoints of the picture mirrored left to right, in mirrored coordinates.</summary>
    public IReadOnlyList<Keypoint> Mirrored { get; }

    /// <summary>Finds the keypoints of a decoded picture.</summary>
    public static LocalFeatures Compute(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var picture = WorkingPicture.From(image, WorkingSide);
        var (w, h) = (picture.Width, picture.Height);
        var mirrored = new float[picture.Luma.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                mirrored[(y * w) + x] = picture.Luma[(y * w) + (w - 1 - x)];
            }
        }
        return new LocalFeatures(w, h, Detect(picture.Luma, w, h), Detect(mirrored, w, h));
    }

    private static Keypoint[] Detect(float[] luma, int width, int height)
    {
        var found = new List<(float Score, Keypoint Point)>();
        var plane = luma;
        var (w, h) = (width, height);
        var scale = 1f;
        for (var level = 0; level < Levels; level++)
        {
            if (w < (2 * Border) + 8 || h < (2 * Border) + 8)
            {
                break;
            }
            var smooth = BoxBlur(plane, w, h);
            foreach (var (x, y, score) in Corners(plane, w, h))
            {
                var angle = Orientation(plane, w, x, y);
                found.Add((score, Describe(smooth, w, x, y, angle, x * scale, y * scale)));
            }
            var nw = (int)(w / LevelScale);
            var nh = (int)(h / LevelScale);
            plane = Resample(plane, w, h, nw, nh);
            (w, h) = (nw, nh);
            scale = (float)width / w;
        }
        // Spread over a grid first: a caption or watermark's lettering has the strongest corners of
        // all and would otherwise take the whole budget, leaving none on the picture under it.
        var perCell = MaxKeypoints / (GridCells * GridCells);
        var ranked = found.OrderByDescending(f => f.Score).ToList();
        var taken = new bool[ranked.Count];
        var counts = new int[GridCells * GridCells];
        var kept = new List<Keypoint>(MaxKeypoints);
        for (var i = 0; i < ranked.Count; i++)
        {
            var p = ranked[i].Point;
            var cell = (Math.Min(GridCells - 1, (int)(p.Y * GridCells / height)) * GridCells) + Math.Min(GridCells - 1, (int)(p.X * GridCells / width));
            if (counts[cell] < perCell)
            {
                counts[cell]++;
                taken[i] = true;
                kept.Add(p);
            }
        }
        for (var i = 0; i < ranked.Count && kept.Count < MaxKeypoints; i++)
        {
            if (!taken[i])
            {
                kept.Add(ranked[i].Point);
            }
        }
        return [.. kept];
    }

    private static List<(int X, int Y, float Score)> Corners(float[] p, int w, int h)
    {
        var scores = new float[w * h];
        Span<float> ring = stackalloc float[16];
        for (var y = Border; y < h - Border; y++)
        {
            for (var x = Border; x < w - Border; x++)
            {
                var c = p[(y * w) + x];
                for (var k = 0; k < 16; k++)
                {
                    ring[k] = p[((y + Circle[k].Y) * w) + x + Circle[k].X] - c;
                }
                scores[(y * w) + x] = Math.Max(ArcScore(ring, 1), ArcScore(ring, -1));
            }
        }
        var corners = new List<(int, int, float)>();
        for (var y = Border; y < h - Border; y++)
        {
            for (var x = Border; x < w - Border; x++)
            {
                var s = scores[(y * w) + x];
                if (s <= 0)
                {
                    continue;
                }
                var isMax = true;
                for (var dy = -1; dy <= 1 && isMax; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        if ((dx != 0 || dy != 0) && scores[((y + dy) * w) + x + dx] >= s && (dy < 0 || (dy == 0 && dx < 0) || scores[((y + dy) * w) + x + dx] > s))
                        {
                            isMax = false;
                            break;
                        }
                    }
                }
                if (isMax)
                {
                    corners.Add((x, y, s));
                }
            }
        }
        return corners;
    }

    // FAST-9: nine contiguous circle pixels all brighter (sign 1) or darker (sign -1) than the centre
    // by the threshold; the score is the summed excess over the threshold on the ring (0 if not a corner).
    private static float ArcScore(ReadOnlySpan<float> ring, int sign)
    {
        var run = 0;
        var best = 0;
        for (var k = 0; k < 32; k++)
        {
            if (sign * ring[k & 15] > FastThreshold)
            {
                run++;
                best = Math.Max(best, run);
            }
            else
            {
                run = 0;
            }
        }
        if (best < 9)
        {
            return 0;
        }
        var sum = 0f;
        for (var k = 0; k < 16; k++)
        {
            var v = (sign * ring[k]) - FastThreshold;
            if (v > 0)
            {
                sum += v;
            }
        }
        return sum;
    }

    private static float Orientation(float[] p, int w, int x, int y)
    {
        double m10 = 0, m01 = 0;
        for (var dy = -PatchRadius; dy <= PatchRadius; dy++)
        {
            for (var dx = -PatchRadius; dx <= PatchRadius; dx++)
            {
                if ((dx * dx) + (dy * dy) > PatchRadius * PatchRadius)
                {
                    continue;
                }
                var v = p[((y + dy) * w) + x + dx];
                m10 += dx * v;
                m01 += dy * v;
            }
        }
        return (float)Math.Atan2(m01, m10);
    }

    private static Keypoint Describe(float[] smooth, int w, int x, int y, float angle, float px, float py)
    {
        var (sin, cos) = MathF.SinCos(angle);
        Span<ulong> bits = stackalloc ulong[4];
        for (var i = 0; i < Pairs.Length; i++)
        {
            var (x1, y1, x2, y2) = Pairs[i];
            var a = smooth[((y + (int)MathF.Round((sin * x1) + (cos * y1))) * w) + x + (int)MathF.Round((cos * x1) - (sin * y1))];
            var b = smooth[((y + (int)MathF.Round((sin * x2) + (cos * y2))) * w) + x + (int)MathF.Round((cos * x2) - (sin * y2))];
            if (a < b)
            {
                bits[i >> 6] |= 1UL << (i & 63);
            }
        }
        return new Keypoint(px, py, bits[0], bits[1], bits[2], bits[3]);
    }

    private static (float, float, float, float)[] BuildPairs()
    {
        var random = new Random(20111106);
        var pairs = new (float, float, float, float)[256];
        const double sigma = (2 * PatchRadius) / 5.0;
        float Sample()
        {
            // Box–Muller, clipped to the patch so rotated samples stay inside the circle of radius 15.
            var u = 1 - random.NextDouble();
            var v = random.NextDouble();
            var g = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v) * sigma;
            return (float)Math.Clamp(g, -10, 10);
        }
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = (Sample(), Sample(), Sample(), Sample());
        }
        return pairs;
    }

    private static float[] BoxBlur(float[] p, int w, int h)
    {
        // A 5×5 box, as ORB compares 5×5 sub-window sums instead of single noisy pixels.
        var tmp = new float[p.Length];
        var result = new float[p.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                float s = 0;
                for (var k = -2; k <= 2; k++)
                {
                    s += p[(y * w) + Math.Clamp(x + k, 0, w - 1)];
                }
                tmp[(y * w) + x] = s / 5;
            }
        }
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                float s = 0;
                for (var k = -2; k <= 2; k++)
                {
                    s += tmp[(Math.Clamp(y + k, 0, h - 1) * w) + x];
                }
                result[(y * w) + x] = s / 5;
            }
        }
        return result;
    }

    private static float[] Resample(float[] p, int w, int h, int nw, int nh)
    {
        var result = new float[nw * nh];
        var sx = (float)w / nw;
        var sy = (float)h / nh;
        for (var y = 0; y < nh; y++)
        {
            var fy = Math.Min(h - 1.001f, ((y + 0.5f) * sy) - 0.5f);
            var y0 = Math.Max(0, (int)fy);
            var ty = Math.Max(0, fy - y0);
            for (var x = 0; x < nw; x++)
            {
                var fx = Math.Min(w - 1.001f, ((x + 0.5f) * sx) - 0.5f);
                var x0 = Math.Max(0, (int)fx);
                var tx = Math.Max(0, fx - x0);
                var a = p[(y0 * w) + x0];
                var b = p[(y0 * w) + x0 + 1];
                var c = p[((y0 + 1) * w) + x0];
                var d = p[((y0 + 1) * w) + x0 + 1];
                result[(y * nw) + x] = ((a * (1 - tx)) + (b * tx)) * (1 - ty) + (((c * (1 - tx)) + (d * tx)) * ty);
            }
        }
        return result;
    }
}
