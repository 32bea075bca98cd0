using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Engine.Pdq;
using Originality.Measurement.Attacks;

namespace Originality.Cli.Commands;

/// <summary>
/// The robustness benchmark: every attack on every original of a corpus split, each suspect compared
/// with every original, for plain PDQ (whole picture, 8 dihedral variants, radius 31) and for the
/// region method, in the same run.
/// </summary>
internal sealed class RobustnessBenchmark
{
    /// <summary>Plain PDQ's conventional match radius.</summary>
    public const int PlainRadius = 31;

    // Originals are reduced to this longer side first: the attacks keep their proportions and the run stays short.
    private const int OriginalSide = 768;

    private readonly IReadOnlyList<Original> _originals;
    private readonly int _threshold;
    private readonly int _minQuality;

    private RobustnessBenchmark(IReadOnlyList<Original> originals, int threshold, int minQuality)
    {
        _originals = originals;
        _threshold = threshold;
        _minQuality = minQuality;
    }

    public sealed record Original(string Path, RgbImage Image, PictureFingerprint Fingerprint, PdqHash Pdq, DihedralHashes PdqVariants, LocalFeatures Features);

    /// <summary>First-stage distance up to which the verified method checks geometry.</summary>
    public const int CandidateDistance = 48;

    /// <summary>Distances of one suspect to its source and to every other original.</summary>
    /// <remarks>Inliers are -1 where the first stage did not make the pair a candidate (distance above <see cref="CandidateDistance"/>).</remarks>
    public sealed record SuspectOutcome(string Attack, int Source, int PlainCopyDistance, int MethodCopyDistance, int[] PlainOthers, int[] MethodOthers, int CopyInliers, int[] OthersInliers);

    /// <summary>Photos of the corpus folder in the split asked for, in a fixed order.</summary>
    public static IReadOnlyList<string> ListCorpus(string folder, string split, int? limit)
    {
        var all = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        // Files are named by their SHA-256, so alternate files form two halves unrelated to content or package.
        IEnumerable<string> chosen = split switch
        {
            "tune" => all.Where((_, i) => i % 2 == 0),
            "heldout" => all.Where((_, i) => i % 2 == 1),
            "all" => all,
            _ => throw new ArgumentException($"Unknown split '{split}': use tune, heldout or all.", nameof(split)),
        };
        return limit is { } n ? [.. chosen.Take(n)] : [.. chosen];
    }

    public static Original Load(string path)
    {
        var decoded = ImageDecoder.Decode(File.ReadAllBytes(path), path, new DecodeOptions(MinShortSide: OriginalSide));
        var image = CopyAttacks.ScaleLongerSide(decoded.Image, OriginalSide);
        var variants = PdqHasher.HashDihedral(image);
        return new Original(path, image, Fingerprinter.Compute(image), variants.Original, variants, LocalFeatures.Compute(image));
    }

    /// <summary>The originals minus any that plain PDQ (any dihedral variant, radius 31) finds to copy an earlier one.</summary>
    public static List<Original> WithoutDuplicates(IReadOnlyList<Original> originals)
    {
        var kept = new List<Original>(originals.Count);
        foreach (var original in originals)
        {
            if (!kept.Any(k => PlainDistance(original.PdqVariants, k.Pdq) <= PlainRadius))
            {
                kept.Add(original);
            }
        }
        return kept;
    }

    public static RobustnessBenchmark Create(IReadOnlyList<Original> originals, int threshold, int minQuality) =>
        new(originals, threshold, minQuality);

    /// <summary>Applies one attack to original <paramref name="source"/> and measures the suspect against all originals.</summary>
    public SuspectOutcome Measure(int source, CopyAttack attack, int attackIndex)
    {
        var suspect = attack.Apply(_originals[source].Image, (source * 7919) + attackIndex);
        var plain = PdqHasher.HashDihedral(suspect);
        var fingerprint = Fingerprinter.Compute(suspect);
        var features = LocalFeatures.Compute(suspect);
        var othersInliers = new List<int>(_originals.Count);
        var copyInliers = -1;
        var plainOthers = new List<int>(_originals.Count);
        var methodOthers = new List<int>(_originals.Count);
        int plainCopy = 0, methodCopy = 0;
        for (var j = 0; j < _originals.Count; j++)
        {
            var p = PlainDistance(plain, _originals[j].Pdq);
            var m = FingerprintComparer.Best(fingerprint, _originals[j].Fingerprint, _minQuality).Distance;
            var inliers = m <= CandidateDistance ? GeometricVerifier.Verify(features, _originals[j].Features).Inliers : -1;
            if (j == source)
            {
                (plainCopy, methodCopy, copyInliers) = (p, m, inliers);
            }
            else
            {
                plainOthers.Add(p);
                methodOthers.Add(m);
                othersInliers.Add(inliers);
            }
        }
        return new SuspectOutcome(attack.Name, source, plainCopy, methodCopy, [.. plainOthers], [.. methodOthers], copyInliers, [.. othersInliers]);
    }

    /// <summary>Distances between distinct originals (pairs i &lt; j, both directions for the method).</summary>
    public (int[] Plain, int[] Method, int[] Inliers) MeasureOriginalPairs(int i)
    {
        var plain = new List<int>();
        var method = new List<int>();
        var inliers = new List<int>();
        for (var j = 0; j < _originals.Count; j++)
        {
            if (j == i)
            {
                continue;
            }
            if (j > i)
            {
                plain.Add(PlainDistance(_originals[i].PdqVariants, _originals[j].Pdq));
            }
            var m = FingerprintComparer.Best(_originals[i].Fingerprint, _originals[j].Fingerprint, _minQuality).Distance;
            method.Add(m);
            inliers.Add(m <= CandidateDistance ? GeometricVerifier.Verify(_originals[i].Features, _originals[j].Features).Inliers : -1);
        }
        return ([.. plain], [.. method], [.. inliers]);
    }

    private static int PlainDistance(DihedralHashes suspect, PdqHash original) =>
        suspect.All.Min(v => v.Hash.DistanceTo(original.Hash));

    /// <summary>The report as Markdown.</summary>
    public string Report(IReadOnlyCollection<SuspectOutcome> outcomes, (int[] Plain, int[] Method, int[] Inliers) originalPairs, string header, int minInliers)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(header);
        sb.AppendLine(ci, $"Threshold: plain PDQ distance <= {PlainRadius}; method best-pair distance <= {_threshold} (score >= {MatchThreshold.ScoreOf(_threshold):0.###}), min quality {_minQuality}.");
        sb.AppendLine();
        sb.AppendLine("| attack | suspects | plain PDQ recall | method recall | method median copy distance | plain false matches | method false matches |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var byAttack = outcomes.GroupBy(o => o.Attack).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var attack in CopyAttacks.All)
        {
            if (!byAttack.TryGetValue(attack.Name, out var list))
            {
                continue;
            }
            var plainRecall = list.Count(o => o.PlainCopyDistance <= PlainRadius) / (double)list.Count;
            var methodRecall = list.Count(o => o.MethodCopyDistance <= _threshold) / (double)list.Count;
            var median = list.Select(o => o.MethodCopyDistance).Order().ElementAt(list.Count / 2);
            var plainFalse = list.Sum(o => o.PlainOthers.Count(d => d <= PlainRadius));
            var methodFalse = list.Sum(o => o.MethodOthers.Count(d => d <= _threshold));
            sb.AppendLine(ci, $"| {attack.Name} | {list.Count} | {plainRecall:0.000} | {methodRecall:0.000} | {median} | {plainFalse} | {methodFalse} |");
        }
        var plainNon = outcomes.SelectMany(o => o.PlainOthers).Concat(originalPairs.Plain).ToArray();
        var methodNon = outcomes.SelectMany(o => o.MethodOthers).Concat(originalPairs.Method).ToArray();
        sb.AppendLine();
        sb.AppendLine(ci, $"Non-copy comparisons: plain {plainNon.Length}, method {methodNon.Length} (attacked suspects against other originals, and originals against each other).");
        sb.AppendLine(ci, $"False matches among them: plain {plainNon.Count(d => d <= PlainRadius)}, method {methodNon.Count(d => d <= _threshold)}.");
        sb.AppendLine(ci, $"Plain non-copy distances: {Describe(plainNon)}");
        sb.AppendLine(ci, $"Method non-copy distances: {Describe(methodNon)}");
        // Pairs with no hash of useful quality on one side (256) can never match; they are left out of the fit.
        var (mean, sd) = MeanSd([.. methodNon.Where(d => d < 256)]);
        // One in ten million is 5.2 standard deviations below the mean of a normal distribution.
        var estimated = (int)Math.Floor(mean - (5.2 * sd));
        sb.AppendLine(ci, $"Method threshold for <= 1e-7 false matches per comparison under a normal fit (mean - 5.2 sd): {estimated}.");
        sb.AppendLine(ci, $"Normal-fit false-match rate at the threshold used ({_threshold}): {NormalTail((_threshold + 0.5 - mean) / sd):0.0e+0} per comparison.");
        sb.AppendLine();
        sb.AppendLine("Method at other thresholds (recall of the weakest attack, mean recall over attacks, false matches among all non-copies):");
        sb.AppendLine();
        sb.AppendLine("| threshold | weakest attack | its recall | mean recall | false matches |");
        sb.AppendLine("| ---: | --- | ---: | ---: | ---: |");
        foreach (var t in (int[])[28, 32, 36, 40, 44, 48])
        {
            var recalls = byAttack.Select(g => (Attack: g.Key, Recall: g.Value.Count(o => o.MethodCopyDistance <= t) / (double)g.Value.Count)).ToList();
            var weakest = recalls.MinBy(r => r.Recall);
            sb.AppendLine(ci, $"| {t} | {weakest.Attack} | {weakest.Recall:0.000} | {recalls.Average(r => r.Recall):0.000} | {methodNon.Count(d => d <= t)} |");
        }
        sb.AppendLine();
        var copies = outcomes.Select(o => o.MethodCopyDistance).Order().ToArray();
        sb.AppendLine(ci, $"Method copy distances: {Describe(copies)}");
        sb.AppendLine();
        ReportVerified(sb, outcomes, originalPairs, minInliers);
        return sb.ToString();
    }

    // The verified method: a candidate at region distance <= CandidateDistance is a match only with
    // at least minInliers keypoint matches in one similarity transform.
    private void ReportVerified(StringBuilder sb, IReadOnlyCollection<SuspectOutcome> outcomes, (int[] Plain, int[] Method, int[] Inliers) originalPairs, int minInliers)
    {
        var ci = CultureInfo.InvariantCulture;
        var nonDistances = outcomes.SelectMany(o => o.MethodOthers).Concat(originalPairs.Method).ToArray();
        var nonInliers = outcomes.SelectMany(o => o.OthersInliers).Concat(originalPairs.Inliers).ToArray();
        static bool Verified(int distance, int inliers, int candidate, int k) => distance <= candidate && inliers >= k;
        int FalseMatches(int candidate, int k) => Enumerable.Range(0, nonDistances.Length).Count(i => Verified(nonDistances[i], nonInliers[i], candidate, k));
        sb.AppendLine(ci, $"Verified method: region distance <= {CandidateDistance} and >= {minInliers} RANSAC inliers of ORB-style keypoints.");
        sb.AppendLine();
        sb.AppendLine("| attack | plain PDQ recall | region method recall | verified recall | verified median copy inliers |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        var byAttack = outcomes.GroupBy(o => o.Attack).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var attack in CopyAttacks.All)
        {
            if (!byAttack.TryGetValue(attack.Name, out var list))
            {
                continue;
            }
            var plain = list.Count(o => o.PlainCopyDistance <= PlainRadius) / (double)list.Count;
            var method = list.Count(o => o.MethodCopyDistance <= _threshold) / (double)list.Count;
            var verified = list.Count(o => Verified(o.MethodCopyDistance, o.CopyInliers, CandidateDistance, minInliers)) / (double)list.Count;
            var median = list.Select(o => o.CopyInliers).Order().ElementAt(list.Count / 2);
            sb.AppendLine(ci, $"| {attack.Name} | {plain:0.000} | {method:0.000} | {verified:0.000} | {median} |");
        }
        sb.AppendLine();
        sb.AppendLine(ci, $"False matches among {nonDistances.Length} non-copies: region method (<= {_threshold}) {nonDistances.Count(d => d <= _threshold)}, verified {FalseMatches(CandidateDistance, minInliers)}.");
        var candidates = nonInliers.Where(i => i >= 0).Order().ToArray();
        sb.AppendLine(ci, $"Non-copy candidates checked: {candidates.Length}; their inliers: {(candidates.Length == 0 ? "none" : Describe(candidates))}.");
        sb.AppendLine();
        sb.AppendLine("Verified method sweep (candidate distance, min inliers → weakest attack, mean recall, false matches):");
        sb.AppendLine();
        sb.AppendLine("| candidate distance | min inliers | weakest attack | its recall | mean recall | false matches |");
        sb.AppendLine("| ---: | ---: | --- | ---: | ---: | ---: |");
        foreach (var candidate in (int[])[44, CandidateDistance])
        {
            foreach (var k in (int[])[5, 6, 7, 8, 10, 12, 16])
            {
                var recalls = byAttack.Select(g => (Attack: g.Key, Recall: g.Value.Count(o => Verified(o.MethodCopyDistance, o.CopyInliers, candidate, k)) / (double)g.Value.Count)).ToList();
                var weakest = recalls.MinBy(r => r.Recall);
                sb.AppendLine(ci, $"| {candidate} | {k} | {weakest.Attack} | {weakest.Recall:0.000} | {recalls.Average(r => r.Recall):0.000} | {FalseMatches(candidate, k)} |");
            }
        }
    }

    private static string Describe(int[] values)
    {
        if (values.Length == 0)
        {
            return "none";
        }
        var sorted = values.Order().ToArray();
        int Q(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        var (mean, sd) = MeanSd(values);
        return string.Create(CultureInfo.InvariantCulture,
            $"min {sorted[0]}, p0.01% {Q(0.0001)}, p0.1% {Q(0.001)}, p1% {Q(0.01)}, p50% {Q(0.5)}, p99% {Q(0.99)}, max {sorted[^1]}, mean {mean:0.0}, sd {sd:0.0}");
    }

    private static (double Mean, double Sd) MeanSd(int[] values)
    {
        if (values.Length == 0)
        {
            return (0, 1);
        }
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        return (mean, Math.Sqrt(variance));
    }

    // Upper tail of the standard normal below z (z negative): Q(-z), by the complementary error function.
    private static double NormalTail(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    // Numerical Recipes' erfc approximation (fractional error below 1.2e-7).
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var r = t * Math.Exp((-z * z) - 1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806 + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277))))))))))))))))));
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>Runs work items on up to <paramref name="parallelism"/> threads, reporting each completion.</summary>
    public static List<T> RunAll<T>(IReadOnlyList<Func<T>> work, int parallelism, Action onDone, CancellationToken cancellationToken)
    {
        var results = new ConcurrentBag<(int Index, T Value)>();
        Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, i =>
        {
            results.Add((i, work[i]()));
            onDone();
        });
        return [.. results.OrderBy(r => r.Index).Select(r => r.Value)];
    }
}
