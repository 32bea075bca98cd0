using System.Numerics;
using OpenCvSharp;

namespace Originality.Engine.Detection;

/// <summary>Which sides of a suspect are verified against a filed picture.</summary>
[Flags]
public enum Orientations
{
    /// <summary>The suspect as it is (turned or not).</summary>
    Upright = 1,

    /// <summary>The suspect's mirror image.</summary>
    Mirrored = 2,

    /// <summary>Both.</summary>
    Both = Upright | Mirrored,
}

/// <summary>What verifying one suspect against one filed picture found.</summary>
/// <param name="Tentative">Keypoint pairs that passed the mutual-nearest and ratio tests.</param>
/// <param name="Inliers">Pairs consistent with the fitted transform.</param>
/// <param name="Log10Nfa">log10 of the number of false alarms: how many pairs this consistent would be expected by chance in one comparison (lower is stronger).</param>
/// <param name="Map">Original working frame → suspect working frame; null when no admissible transform was found.</param>
/// <param name="TexturedBlocks">Dense-check blocks of the original inside the suspect that carry detail.</param>
/// <param name="AgreeingBlocks">Of those, the blocks whose aligned pixels correlate.</param>
public sealed record PairEvidence(int Tentative, int Inliers, double Log10Nfa, AffineMap? Map, int TexturedBlocks, int AgreeingBlocks)
{
    /// <summary>Share of the textured blocks that agree.</summary>
    public double Agreement => TexturedBlocks == 0 ? 0 : (double)AgreeingBlocks / TexturedBlocks;

    /// <summary>
    /// The area of the inliers' bounding box in the original over that of all the original's
    /// keypoints: near 1 when the agreement spans the picture's detail, near 0 when it sits in one
    /// small part of it (a shop badge two photos share).
    /// </summary>
    public double Spread { get; init; }
}

/// <summary>
/// The second stage: decides whether a suspect copies one filed picture. Keypoints are paired
/// (mutual nearest neighbours under the Hamming distance, Lowe's ratio test), an affine map is fitted
/// robustly (OpenCV's RANSAC) and constrained (scale, stretch, orientation), its support is judged
/// a contrario (ORSA, Moisan and Stival 2004: the expected number of equally consistent pairings
/// among random points), and the aligned pair is checked densely: the suspect is warped onto the
/// original's thumbnail and block-wise normalised correlation over the textured blocks tells a copy
/// from another object of the same outline on white. Blocks that disagree are allowed, up to a share,
/// so overlays, captions and watermarks do not veto a copy. Thread-safe.
/// </summary>
public static class PairVerifier
{
    // Bits of the first 64 that may differ before a descriptor pair is looked at whole.
    private const int PrefilterBits = 27;

    // Points drawn to fit an affine map.
    private const int SampleSize = 3;

    // RANSAC's draws: at most this many, fewer when a significant model needs fewer to be found.
    private const int MaxDraws = 2000;
    private const double RansacConfidence = 0.999;

    /// <summary>Verifies <paramref name="suspect"/> against <paramref name="original"/>, trying the suspect as it is and mirrored.</summary>
    public static PairEvidence Verify(PictureAnalysis suspect, FiledRecord original, DetectorSettings? settings = null, VisualVocabulary? vocabulary = null, Orientations orientations = Orientations.Both)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(original);
        settings ??= DetectorSettings.Default;
        vocabulary ??= VisualVocabulary.Default;
        var originalCells = new CellBuckets(original.Features.FirstCells(vocabulary, 1), vocabulary.First);
        var none = new PairEvidence(0, 0, 0, null, 0, 0);
        var upright = orientations.HasFlag(Orientations.Upright)
            ? FitPairs(Pair(suspect.Features, suspect.Features.FirstCells(vocabulary, settings.PairingProbes), original.Features, originalCells, settings), suspect.Features, original.Features, mirrored: false, settings)
            : none;
        var mirrored = orientations.HasFlag(Orientations.Mirrored)
            ? FitPairs(Pair(suspect.MirroredFeatures, suspect.MirroredFeatures.FirstCells(vocabulary, settings.PairingProbes), original.Features, originalCells, settings), suspect.MirroredFeatures, original.Features, mirrored: true, settings)
            : none;
        var best = Better(upright, mirrored);
        // The dense check costs a warp; a pair whose keypoints already fail the a-contrario test cannot pass.
        if (best.Map is not { } map || best.Log10Nfa > settings.MaxLog10Nfa)
        {
            return best;
        }
        return Dense(best, map, suspect, original, settings);
    }

    /// <summary>Whether the evidence makes a copy under <paramref name="settings"/>.</summary>
    public static bool IsCopy(PairEvidence evidence, DetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(settings);
        return evidence.Map is not null
            && evidence.Log10Nfa <= settings.MaxLog10Nfa
            && evidence.Spread >= settings.MinInlierSpread
            && evidence.AgreeingBlocks >= settings.MinAgreeingBlocks
            && evidence.Agreement >= settings.MinAgreement;
    }

    private static PairEvidence Better(PairEvidence a, PairEvidence b) =>
        (a.Map, b.Map) switch
        {
            (null, null) => a.Inliers >= b.Inliers ? a : b,
            (null, _) => b,
            (_, null) => a,
            _ => a.Log10Nfa <= b.Log10Nfa ? a : b,
        };

    private static PairEvidence FitPairs(List<(int Suspect, int Original)> pairs, FeatureSet suspect, FeatureSet original, bool mirrored, DetectorSettings settings)
    {
        var none = new PairEvidence(pairs.Count, 0, 0, null, 0, 0);
        var tolerance2 = settings.InlierTolerance * settings.InlierTolerance;
        var p = Math.Min(1, Math.PI * tolerance2 / ((double)suspect.FrameWidth * suspect.FrameHeight));
        // The fewest inliers that could pass the a-contrario test among these pairs: a model with
        // fewer cannot make a copy, so RANSAC needs only the draws that find a model this well
        // supported with 99.9% certainty, not its fixed maximum (most candidates are not copies,
        // and for them every draw up to the maximum was spent).
        var needed = FewestSignificantInliers(pairs.Count, p, settings.MaxLog10Nfa);
        if (needed is not { } k)
        {
            return none;
        }
        var ratio = (double)k / pairs.Count;
        var draws = (int)Math.Clamp(Math.Ceiling(Math.Log(1 - RansacConfidence) / Math.Log(1 - (ratio * ratio * ratio))), 50, MaxDraws);
        var from = new Point2f[pairs.Count];
        var to = new Point2f[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            from[i] = new Point2f(original.X[pairs[i].Original], original.Y[pairs[i].Original]);
            to[i] = new Point2f(suspect.X[pairs[i].Suspect], suspect.Y[pairs[i].Suspect]);
        }
        using var fromMat = Mat.FromArray(from);
        using var toMat = Mat.FromArray(to);
        using var mask = new Mat();
        using var model = Cv2.EstimateAffine2D(fromMat, toMat, mask, RobustEstimationAlgorithms.RANSAC, settings.InlierTolerance, (ulong)draws, RansacConfidence, 10);
        if (model is null || model.Empty())
        {
            return none;
        }
        var map = new AffineMap(model.At<double>(0, 0), model.At<double>(0, 1), model.At<double>(0, 2), model.At<double>(1, 0), model.At<double>(1, 1), model.At<double>(1, 2));
        if (map.Mirrors != mirrored || map.Scale < settings.MinScale || map.Scale > settings.MaxScale || map.Anisotropy > settings.MaxAnisotropy)
        {
            return none;
        }
        // Inliers are recounted under the final map, and counted once per suspect and original point,
        // so a repeated texture cannot stack pairs on one place.
        var inliers = 0;
        var usedSuspect = new HashSet<(int, int)>();
        var usedOriginal = new HashSet<(int, int)>();
        var box = Box.Empty;
        for (var i = 0; i < pairs.Count; i++)
        {
            var (px, py) = map.Apply(from[i].X, from[i].Y);
            var dx = px - to[i].X;
            var dy = py - to[i].Y;
            if ((dx * dx) + (dy * dy) <= tolerance2
                && usedSuspect.Add(((int)(to[i].X / 2), (int)(to[i].Y / 2)))
                && usedOriginal.Add(((int)(from[i].X / 2), (int)(from[i].Y / 2))))
            {
                inliers++;
                box = box.With(from[i].X, from[i].Y);
            }
        }
        var all = Box.Empty;
        for (var i = 0; i < original.Count; i++)
        {
            all = all.With(original.X[i], original.Y[i]);
        }
        return new PairEvidence(pairs.Count, inliers, Log10NfaOf(pairs.Count, inliers, p), map, 0, 0)
        {
            Spread = all.Area <= 0 ? 0 : Math.Min(1, box.Area / all.Area),
        };
    }

    // A bounding box grown point by point.
    private readonly record struct Box(float X0, float Y0, float X1, float Y1)
    {
        public static Box Empty => new(float.MaxValue, float.MaxValue, float.MinValue, float.MinValue);

        public double Area => X1 < X0 ? 0 : (double)(X1 - X0) * (Y1 - Y0);

        public Box With(float x, float y) => new(Math.Min(X0, x), Math.Min(Y0, y), Math.Max(X1, x), Math.Max(Y1, y));
    }

    /// <summary>The smallest number of inliers among <paramref name="n"/> pairs whose log10 NFA is at most <paramref name="maxLog10Nfa"/>; null when none is.</summary>
    public static int? FewestSignificantInliers(int n, double p, double maxLog10Nfa)
    {
        for (var k = SampleSize + 1; k <= n; k++)
        {
            if (Log10NfaOf(n, k, p) <= maxLog10Nfa)
            {
                return k;
            }
        }
        return null;
    }

    /// <summary>
    /// log10 NFA = log10((n − s) · C(n, k) · C(k, s) · p^(k − s)), s = 3: the number of models tried
    /// times the chance that k of n random pairs fit one of them within the tolerance, where a random
    /// point falls within the tolerance with probability <paramref name="p"/> (ORSA's count).
    /// </summary>
    public static double Log10NfaOf(int n, int k, double p)
    {
        if (k <= SampleSize)
        {
            return 0;
        }
        return Math.Log10(n - SampleSize) + Log10Choose(n, k) + Log10Choose(k, SampleSize) + ((k - SampleSize) * Math.Log10(p));
    }

    private static double Log10Choose(int n, int k)
    {
        double sum = 0;
        for (var i = 1; i <= k; i++)
        {
            sum += Math.Log10((double)(n - k + i) / i);
        }
        return sum;
    }

    /// <summary>Tentative keypoint pairs (mutual nearest neighbours passing the ratio test), for showing matched keypoints.</summary>
    public static List<(int Suspect, int Original)> Pair(FeatureSet suspect, FeatureSet original, DetectorSettings settings, VisualVocabulary? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(settings);
        vocabulary ??= VisualVocabulary.Default;
        return Pair(suspect, suspect.FirstCells(vocabulary, settings.PairingProbes), original, new CellBuckets(original.FirstCells(vocabulary, 1), vocabulary.First), settings);
    }

    // The original's keypoints grouped by their nearest first-level cell (a counting sort).
    private readonly struct CellBuckets
    {
        public CellBuckets(int[] cells, int cellCount)
        {
            Start = new int[cellCount + 1];
            foreach (var c in cells)
            {
                Start[c + 1]++;
            }
            for (var c = 0; c < cellCount; c++)
            {
                Start[c + 1] += Start[c];
            }
            Members = new int[cells.Length];
            var next = Start[..^1];
            for (var j = 0; j < cells.Length; j++)
            {
                Members[next[cells[j]]++] = j;
            }
        }

        public int[] Start { get; }

        public int[] Members { get; }
    }

    // Nearest neighbours are searched only among the original's keypoints in the suspect
    // descriptor's nearest cells (a true pair, a few dozen bits apart, nearly always shares one):
    // about 1/30 of the exhaustive search, which was most of a lookup's time.
    private static List<(int Suspect, int Original)> Pair(FeatureSet suspect, int[] suspectCells, FeatureSet original, CellBuckets buckets, DetectorSettings settings)
    {
        var probes = suspect.Count == 0 ? 1 : suspectCells.Length / suspect.Count;
        var bestForOriginal = new int[original.Count];
        var bestForOriginalDistance = new int[original.Count];
        Array.Fill(bestForOriginal, -1);
        Array.Fill(bestForOriginalDistance, int.MaxValue);
        var best = new int[suspect.Count];
        var bestDistance = new int[suspect.Count];
        var secondDistance = new int[suspect.Count];
        var sd = suspect.Descriptors;
        var od = original.Descriptors;
        for (var i = 0; i < suspect.Count; i++)
        {
            var b = -1;
            var d1 = int.MaxValue;
            var d2 = int.MaxValue;
            var a0 = sd[4 * i];
            var a1 = sd[(4 * i) + 1];
            var a2 = sd[(4 * i) + 2];
            var a3 = sd[(4 * i) + 3];
            for (var p = 0; p < probes; p++)
            {
                var cell = suspectCells[(i * probes) + p];
                for (var k = buckets.Start[cell]; k < buckets.Start[cell + 1]; k++)
                {
                    var j = buckets.Members[k];
                    var o = 4 * j;
                    // The first quarter of the bits rules out most unrelated descriptors (about 32 of 64 bits
                    // differ) before the other three are read; pairs kept later differ in at most a third.
                    var d = BitOperations.PopCount(a0 ^ od[o]);
                    if (d > PrefilterBits)
                    {
                        continue;
                    }
                    d += BitOperations.PopCount(a1 ^ od[o + 1]) + BitOperations.PopCount(a2 ^ od[o + 2]) + BitOperations.PopCount(a3 ^ od[o + 3]);
                    if (d < d1)
                    {
                        d2 = d1;
                        d1 = d;
                        b = j;
                    }
                    else if (d < d2)
                    {
                        d2 = d;
                    }
                    if (d < bestForOriginalDistance[j])
                    {
                        bestForOriginalDistance[j] = d;
                        bestForOriginal[j] = i;
                    }
                }
            }
            best[i] = b;
            bestDistance[i] = d1;
            secondDistance[i] = d2;
        }
        var pairs = new List<(int, int)>();
        for (var i = 0; i < suspect.Count; i++)
        {
            var j = best[i];
            if (j >= 0 && bestForOriginal[j] == i && bestDistance[i] <= settings.MaxDescriptorDistance
                && bestDistance[i] < settings.RatioTest * secondDistance[i])
            {
                pairs.Add((i, j));
            }
        }
        return pairs;
    }

    private static PairEvidence Dense(PairEvidence fit, AffineMap map, PictureAnalysis suspect, FiledRecord original, DetectorSettings settings)
    {
        var thumb = original.Thumbnail;
        // Thumbnail pixel → original working pixel → suspect working pixel.
        var r = (double)original.Features.FrameWidth / thumb.Width;
        var toSuspect = new AffineMap(map.M11 * r, map.M12 * r, map.Dx, map.M21 * r, map.M22 * r, map.Dy);
        using var source = suspect.Working.ToMat();
        // Each thumbnail pixel covers toSuspect.Scale suspect pixels: smooth first so the warp samples an average.
        using var smoothed = new Mat();
        var sigma = Math.Max(0.5, 0.5 * toSuspect.Scale);
        Cv2.GaussianBlur(source, smoothed, new Size(0, 0), sigma);
        using var warped = new Mat();
        using var transform = toSuspect.ToMat();
        Cv2.WarpAffine(smoothed, warped, transform, new Size(thumb.Width, thumb.Height), InterpolationFlags.Linear | InterpolationFlags.WarpInverseMap, BorderTypes.Constant, Scalar.All(0));
        var aligned = GrayPlane.FromMat(warped);
        using var originalMat = thumb.ToMat();
        using var originalSmoothed = new Mat();
        Cv2.GaussianBlur(originalMat, originalSmoothed, new Size(0, 0), 0.7);
        var reference = GrayPlane.FromMat(originalSmoothed);

        var side = settings.BlockSide;
        var textured = 0;
        var correlating = new List<BlockTone>();
        for (var by = 0; by + side <= thumb.Height; by += side)
        {
            for (var bx = 0; bx + side <= thumb.Width; bx += side)
            {
                if (!Inside(toSuspect, bx, by, side, suspect.Working.Width, suspect.Working.Height))
                {
                    continue;
                }
                var block = Correlate(reference, aligned, bx, by, side);
                if (block.Deviation < settings.MinBlockDeviation)
                {
                    continue;
                }
                textured++;
                if (block.Correlation >= settings.BlockCorrelation)
                {
                    correlating.Add(block);
                }
            }
        }
        return fit with { TexturedBlocks = textured, AgreeingBlocks = ToneConsistent(correlating, settings) };
    }

    // A block's correlation is blind to its brightness and contrast, so two different objects of one
    // shape on white correlate block by block along their outlines. A copy, even recoloured, maps the
    // original's grey levels through one tone curve: every agreeing block keeps the same contrast
    // ratio and sits on the same brightness line. The line is the median of the correlating blocks
    // (robust to the overlaid ones); only the blocks on it count as agreeing.
    private static int ToneConsistent(List<BlockTone> blocks, DetectorSettings settings)
    {
        if (blocks.Count == 0 || double.IsPositiveInfinity(settings.ToneTolerance))
        {
            return blocks.Count;
        }
        var gain = Median([.. blocks.Select(b => b.SuspectDeviation / b.Deviation)]);
        var offset = Median([.. blocks.Select(b => b.SuspectMean - (gain * b.Mean))]);
        var contrast = Math.Log(settings.ContrastTolerance);
        var agreeing = 0;
        foreach (var block in blocks)
        {
            if (Math.Abs(block.SuspectMean - ((gain * block.Mean) + offset)) <= settings.ToneTolerance
                && Math.Abs(Math.Log(block.SuspectDeviation / block.Deviation / gain)) <= contrast)
            {
                agreeing++;
            }
        }
        return agreeing;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }

    private static bool Inside(AffineMap toSuspect, int bx, int by, int side, int width, int height)
    {
        foreach (var (x, y) in new[] { (bx, by), (bx + side, by), (bx, by + side), (bx + side, by + side) })
        {
            var (sx, sy) = toSuspect.Apply(x, y);
            if (sx < 0 || sy < 0 || sx > width - 1 || sy > height - 1)
            {
                return false;
            }
        }
        return true;
    }

    // One aligned block: the original's mean and s.d., the suspect's, and their normalised correlation.
    private readonly record struct BlockTone(double Mean, double Deviation, double SuspectMean, double SuspectDeviation, double Correlation);

    private static BlockTone Correlate(GrayPlane a, GrayPlane b, int bx, int by, int side)
    {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        var n = side * side;
        for (var y = by; y < by + side; y++)
        {
            var row = y * a.Width;
            for (var x = bx; x < bx + side; x++)
            {
                double va = a.Pixels[row + x];
                double vb = b.Pixels[row + x];
                sa += va;
                sb += vb;
                saa += va * va;
                sbb += vb * vb;
                sab += va * vb;
            }
        }
        var varA = (saa - (sa * sa / n)) / n;
        var varB = (sbb - (sb * sb / n)) / n;
        var cov = (sab - (sa * sb / n)) / n;
        var deviation = Math.Sqrt(Math.Max(0, varA));
        // A flat suspect block (an overlay band) correlates with nothing.
        var correlation = varB < 1 ? 0 : cov / Math.Sqrt(varA * varB);
        return new BlockTone(sa / n, deviation, sb / n, Math.Sqrt(Math.Max(0, varB)), correlation);
    }
}
