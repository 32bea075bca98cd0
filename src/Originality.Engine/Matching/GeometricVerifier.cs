namespace Originality.Engine.Matching;

/// <summary>What the geometric check found between a suspect and an original.</summary>
/// <param name="Inliers">Keypoint matches consistent with the fitted transform (0 when none fits).</param>
/// <param name="Mirrored">Whether the suspect matched mirrored.</param>
/// <param name="Scale">Scale of the similarity from suspect to original working pixels.</param>
/// <param name="RotationDegrees">Rotation of the similarity from suspect to original.</param>
/// <param name="OriginalRegion">Where the suspect lies in the original (clipped to the picture).</param>
/// <param name="SuspectRegion">Where the original lies in the suspect (clipped to the picture).</param>
public readonly record struct GeometricMatch(
    int Inliers,
    bool Mirrored,
    double Scale,
    double RotationDegrees,
    RelativeRect OriginalRegion,
    RelativeRect SuspectRegion);

/// <summary>
/// The second stage: matches local features by Hamming distance with Lowe's ratio test and fits a
/// similarity transform (scale, rotation, shift) with RANSAC; copies share many keypoints in one
/// consistent geometry, while two different galaxies on black only share low frequencies.
/// </summary>
/// <remarks>Deterministic (seeded sampling) and thread-safe.</remarks>
public static class GeometricVerifier
{
    private const int MaxDescriptorDistance = 64;
    private const float Ratio = 0.8f;
    private const int Iterations = 400;

    // Reprojection tolerance in working pixels (longer side 512): about 1% of the side.
    private const float Tolerance = 5f;

    /// <summary>Fits the best similarity between the suspect (as it is or mirrored) and the original.</summary>
    public static GeometricMatch Verify(LocalFeatures suspect, LocalFeatures original)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(original);
        var upright = Fit(Matches(suspect.Upright, original.Upright));
        var mirrored = Fit(Matches(suspect.Mirrored, original.Upright));
        var (best, isMirrored) = mirrored.Inliers > upright.Inliers ? (mirrored, true) : (upright, false);
        if (best.Inliers == 0)
        {
            return new GeometricMatch(0, false, 0, 0, RelativeRect.Whole, RelativeRect.Whole);
        }
        var t = best.Transform;
        var (sw, sh) = (suspect.Width, suspect.Height);
        var (ow, oh) = (original.Width, original.Height);
        var originalRegion = Bounds([t.Apply(0, 0), t.Apply(sw, 0), t.Apply(0, sh), t.Apply(sw, sh)], ow, oh);
        var inverse = t.Inverse();
        var suspectCorners = new[] { inverse.Apply(0, 0), inverse.Apply(ow, 0), inverse.Apply(0, oh), inverse.Apply(ow, oh) };
        if (isMirrored)
        {
            suspectCorners = [.. suspectCorners.Select(c => (sw - c.X, c.Y))];
        }
        var suspectRegion = Bounds(suspectCorners, sw, sh);
        return new GeometricMatch(best.Inliers, isMirrored, t.Scale, t.Degrees, originalRegion, suspectRegion);
    }

    private static List<(float Sx, float Sy, float Ox, float Oy)> Matches(IReadOnlyList<Keypoint> suspect, IReadOnlyList<Keypoint> original)
    {
        var matches = new List<(float, float, float, float)>();
        foreach (var s in suspect)
        {
            int best = int.MaxValue, second = int.MaxValue, bestIndex = -1;
            for (var j = 0; j < original.Count; j++)
            {
                var d = s.DistanceTo(original[j]);
                if (d < best)
                {
                    (second, best, bestIndex) = (best, d, j);
                }
                else if (d < second)
                {
                    second = d;
                }
            }
            if (bestIndex >= 0 && best <= MaxDescriptorDistance && best < Ratio * second)
            {
                matches.Add((s.X, s.Y, original[bestIndex].X, original[bestIndex].Y));
            }
        }
        return matches;
    }

    private static (int Inliers, Similarity Transform) Fit(List<(float Sx, float Sy, float Ox, float Oy)> matches)
    {
        if (matches.Count < 3)
        {
            return (0, default);
        }
        var random = new Random(matches.Count);
        var bestInliers = 0;
        Similarity bestTransform = default;
        for (var it = 0; it < Iterations; it++)
        {
            var i = random.Next(matches.Count);
            var j = random.Next(matches.Count);
            if (i == j)
            {
                continue;
            }
            var a = matches[i];
            var b = matches[j];
            var dsx = b.Sx - a.Sx;
            var dsy = b.Sy - a.Sy;
            var dox = b.Ox - a.Ox;
            var doy = b.Oy - a.Oy;
            var len = (dsx * dsx) + (dsy * dsy);
            if (len < 100)
            {
                continue;
            }
            // Complex ratio (dox + i doy) / (dsx + i dsy) = scale · e^{iθ}.
            var c = ((dox * dsx) + (doy * dsy)) / len;
            var s = ((doy * dsx) - (dox * dsy)) / len;
            var scale = MathF.Sqrt((c * c) + (s * s));
            if (scale < 0.25f || scale > 4f)
            {
                continue;
            }
            var t = new Similarity(c, s, a.Ox - ((c * a.Sx) - (s * a.Sy)), a.Oy - ((s * a.Sx) + (c * a.Sy)));
            var inliers = 0;
            foreach (var m in matches)
            {
                var (x, y) = t.Apply(m.Sx, m.Sy);
                if (((x - m.Ox) * (x - m.Ox)) + ((y - m.Oy) * (y - m.Oy)) <= Tolerance * Tolerance)
                {
                    inliers++;
                }
            }
            if (inliers > bestInliers)
            {
                (bestInliers, bestTransform) = (inliers, t);
            }
        }
        // Two points always agree with themselves; fewer than three is no evidence.
        return bestInliers >= 3 ? (bestInliers, bestTransform) : (0, default);
    }

    private static RelativeRect Bounds((float X, float Y)[] corners, int width, int height)
    {
        var x0 = Math.Clamp(corners.Min(c => c.X) / width, 0, 1);
        var x1 = Math.Clamp(corners.Max(c => c.X) / width, 0, 1);
        var y0 = Math.Clamp(corners.Min(c => c.Y) / height, 0, 1);
        var y1 = Math.Clamp(corners.Max(c => c.Y) / height, 0, 1);
        return new RelativeRect(x0, y0, Math.Max(0, x1 - x0), Math.Max(0, y1 - y0));
    }

    // x' = c·x − s·y + tx, y' = s·x + c·y + ty.
    private readonly record struct Similarity(float C, float S, float Tx, float Ty)
    {
        public double Scale => Math.Sqrt((C * C) + (S * S));

        public double Degrees => Math.Atan2(S, C) * 180 / Math.PI;

        public (float X, float Y) Apply(float x, float y) => ((C * x) - (S * y) + Tx, (S * x) + (C * y) + Ty);

        public Similarity Inverse()
        {
            var n = (C * C) + (S * S);
            var (ic, @is) = (C / n, -S / n);
            return new Similarity(ic, @is, -((ic * Tx) - (@is * Ty)), -((@is * Tx) + (ic * Ty)));
        }
    }
}
