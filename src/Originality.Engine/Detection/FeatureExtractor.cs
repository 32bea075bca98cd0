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

    // Corners are over-detected this many times the budget, then spread over the cells.
    private const int Oversampling = 3;

    /// <summary>Keypoints of <paramref name="gray"/>, strongest (after spreading) first, at most <paramref name="budget"/>.</summary>
    public static FeatureSet Extract(Mat gray, int budget)
    {
        using var orb = ORB.Create(
            nFeatures: budget * Oversampling,
            scaleFactor: 1.2f,
            nLevels: 8,
            edgeThreshold: 31,
            firstLevel: 0,
            wtaK: 2,
            scoreType: ORBScoreType.Harris,
            patchSize: 31,
            // A low corner threshold keeps dark and low-contrast pictures describable; strength
            // ranks them anyway.
            fastThreshold: 8);
        var detected = orb.Detect(gray);
        var chosen = Spread(detected, gray.Width, gray.Height, budget);
        using var descriptors = new Mat();
        orb.Compute(gray, ref chosen, descriptors);
        var n = chosen.Length;
        var x = new float[n];
        var y = new float[n];
        var bytes = new byte[n * FeatureSet.DescriptorBytes];
        for (var i = 0; i < n; i++)
        {
            x[i] = chosen[i].Pt.X;
            y[i] = chosen[i].Pt.Y;
        }
        if (n > 0)
        {
            System.Runtime.InteropServices.Marshal.Copy(descriptors.Data, bytes, 0, bytes.Length);
        }
        return new FeatureSet(gray.Width, gray.Height, x, y, bytes);
    }

    /// <summary>Keypoints of the left-right mirror image of <paramref name="gray"/>, placed back in the unmirrored frame.</summary>
    public static FeatureSet ExtractMirrored(Mat gray, int budget)
    {
        using var mirrored = new Mat();
        Cv2.Flip(gray, mirrored, FlipMode.Y);
        var set = Extract(mirrored, budget);
        var x = new float[set.Count];
        for (var i = 0; i < set.Count; i++)
        {
            x[i] = gray.Width - 1 - set.X[i];
        }
        var bytes = new byte[set.Count * FeatureSet.DescriptorBytes];
        for (var i = 0; i < set.Count; i++)
        {
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(set.Descriptor(i)).CopyTo(bytes.AsSpan(i * FeatureSet.DescriptorBytes));
        }
        return new FeatureSet(set.FrameWidth, set.FrameHeight, x, set.Y.ToArray(), bytes);
    }

    private static KeyPoint[] Spread(KeyPoint[] detected, int width, int height, int budget)
    {
        var order = detected.OrderByDescending(k => k.Response).ToArray();
        var perCell = (budget + (Cells * Cells) - 1) / (Cells * Cells);
        var taken = new bool[order.Length];
        var counts = new int[Cells * Cells];
        var chosen = new List<KeyPoint>(budget);
        for (var i = 0; i < order.Length && chosen.Count < budget; i++)
        {
            var cx = Math.Clamp((int)(order[i].Pt.X * Cells / width), 0, Cells - 1);
            var cy = Math.Clamp((int)(order[i].Pt.Y * Cells / height), 0, Cells - 1);
            if (counts[(cy * Cells) + cx]++ < perCell)
            {
                chosen.Add(order[i]);
                taken[i] = true;
            }
        }
        for (var i = 0; i < order.Length && chosen.Count < budget; i++)
        {
            if (!taken[i])
            {
                chosen.Add(order[i]);
            }
        }
        return [.. chosen];
    }
}
