using OpenCvSharp;

namespace Originality.Engine.Detection;

/// <summary>
/// Finds oriented binary keypoints (OpenCV's ORB: FAST corners on a scale pyramid, steered BRIEF
/// descriptors) spread over the picture, so that an overlay, a caption's lettering or one busy corner
/// cannot take the whole budget. Thread-safe.
/// </summary>
internal static class FeatureExtractor
{
    // The picture is cut into Cells × Cells cells; each first gets its share of the strongest keypoints.
    private const int Cells = 4;

    // Pyramid levels, scale factor 1.2 each: the picture enters at level Upscaled, the levels above it
    // are upscaled (1.44 times), so a copy shown at half size still has corners at the scale of the
    // original's finest ones; the coarsest level is 3.6 times smaller than the picture.
    private const int Levels = 10;
    private const int Upscaled = 2;

    // Shorter side under which a picture has no keypoints: twice ORB's border of 31 px.
    private const int MinSide = 64;

    // Corners are over-detected this many times the budget, then spread over the cells.
    private const int Oversampling = 3;

    /// <summary>
    /// Keypoints of <paramref name="gray"/> and of its left-right mirror image (positions given in the
    /// unmirrored frame), strongest (after spreading) first, at most <paramref name="budget"/> each.
    /// </summary>
    /// <remarks>
    /// Corners are found once: FAST and the Harris score are symmetric under a mirroring, so the
    /// mirror image's keypoints are the picture's, reflected (x → width − 1 − x, orientation
    /// 180° − θ); only their descriptors are computed again, on the mirrored pixels. That halves
    /// the cost of the mirror image against detecting on it afresh.
    /// </remarks>
    public static (FeatureSet Upright, FeatureSet Mirrored) ExtractWithMirror(Mat gray, int budget)
    {
        // A sliver (a 1000×1 line) has no corners ORB can describe, and its pyramid would have empty levels.
        if (Math.Min(gray.Width, gray.Height) < MinSide)
        {
            var empty = new FeatureSet(Math.Max(1, gray.Width), Math.Max(1, gray.Height), [], [], [], []);
            return (empty, empty);
        }
        using var orb = ORB.Create(
            nFeatures: budget * Oversampling,
            scaleFactor: 1.2f,
            nLevels: Levels,
            edgeThreshold: 31,
            firstLevel: Upscaled,
            wtaK: 2,
            scoreType: ORBScoreType.Harris,
            patchSize: 31,
            // A low corner threshold keeps dark and low-contrast pictures describable; strength
            // ranks them anyway.
            fastThreshold: 8);
        var detected = orb.Detect(gray);
        var chosen = Spread(detected, gray.Width, gray.Height, budget);
        var reflected = new KeyPoint[chosen.Length];
        for (var i = 0; i < chosen.Length; i++)
        {
            var k = chosen[i];
            var angle = 180f - k.Angle;
            reflected[i] = new KeyPoint(new Point2f(gray.Width - 1 - k.Pt.X, k.Pt.Y), k.Size, angle < 0 ? angle + 360f : angle, k.Response, k.Octave, k.ClassId);
        }
        var upright = Describe(orb, gray, chosen, null);
        using var flipped = new Mat();
        Cv2.Flip(gray, flipped, FlipMode.Y);
        return (upright, Describe(orb, flipped, reflected, gray.Width));
    }

    // Descriptors of the keypoints (ORB drops those too near the border); positions of a mirrored
    // picture are reflected back into the unmirrored frame of width mirroredWidth.
    private static FeatureSet Describe(ORB orb, Mat gray, KeyPoint[] keypoints, int? mirroredWidth)
    {
        using var descriptors = new Mat();
        orb.Compute(gray, ref keypoints, descriptors);
        var n = keypoints.Length;
        var x = new float[n];
        var y = new float[n];
        var orientations = new byte[n];
        var bytes = new byte[n * FeatureSet.DescriptorBytes];
        for (var i = 0; i < n; i++)
        {
            x[i] = mirroredWidth is { } w ? w - 1 - keypoints[i].Pt.X : keypoints[i].Pt.X;
            y[i] = keypoints[i].Pt.Y;
            orientations[i] = FeatureSet.Orientation(keypoints[i].Angle);
        }
        if (n > 0)
        {
            System.Runtime.InteropServices.Marshal.Copy(descriptors.Data, bytes, 0, bytes.Length);
        }
        return new FeatureSet(gray.Width, gray.Height, x, y, orientations, bytes);
    }

    // Buckets are (pyramid level, cell), and keypoints are taken round-robin over them, each bucket's
    // strongest first: every prefix of the result (the indexed words are one) covers every scale and
    // every part of the picture, so a copy shown at a third of the size, or only a corner of it,
    // still meets keypoints of the original at its scale and place.
    private static KeyPoint[] Spread(KeyPoint[] detected, int width, int height, int budget)
    {
        var buckets = new List<KeyPoint>[Levels * Cells * Cells];
        for (var b = 0; b < buckets.Length; b++)
        {
            buckets[b] = [];
        }
        foreach (var k in detected.OrderByDescending(k => k.Response))
        {
            var cx = Math.Clamp((int)(k.Pt.X * Cells / width), 0, Cells - 1);
            var cy = Math.Clamp((int)(k.Pt.Y * Cells / height), 0, Cells - 1);
            var level = Math.Clamp(k.Octave, 0, Levels - 1);
            buckets[(((level * Cells) + cy) * Cells) + cx].Add(k);
        }
        var chosen = new List<KeyPoint>(budget);
        for (var round = 0; chosen.Count < budget; round++)
        {
            var any = false;
            foreach (var bucket in buckets)
            {
                if (round < bucket.Count && chosen.Count < budget)
                {
                    chosen.Add(bucket[round]);
                    any = true;
                }
            }
            if (!any)
            {
                break;
            }
        }
        return [.. chosen];
    }
}
