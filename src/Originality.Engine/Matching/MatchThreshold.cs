using Originality.Engine.Pdq;

namespace Originality.Engine.Matching;

/// <summary>
/// Where a comparison becomes a match: the largest Hamming distance between the best pair of
/// region hashes that still counts as a copy, and the same point on the score scale.
/// </summary>
/// <remarks>
/// 40 was chosen on the tuning half of the robustness corpus, where it gave no false match among
/// 37 440 non-copy comparisons (the closest non-copy pair was at 46). On the held-out half it gave
/// 7 false matches among 82 128 (all between astronomical photos of galaxies on black), i.e. about
/// 1 in 12 000 comparisons there, far from the one in ten million a marketplace wants; see
/// docs/adr/001-copy-detection-method.md and docs/measurements/robustness.md before relying on it.
/// </remarks>
public sealed record MatchThreshold
{
    /// <summary>Distance 40, minimum quality 50: the threshold chosen on the tuning split.</summary>
    public static MatchThreshold Default { get; } = new();

    /// <summary>Largest best-pair Hamming distance (of 256 bits) that is a match.</summary>
    public int Distance { get; init; } = 40;

    /// <summary>Hashes of lower PDQ quality (nearly flat regions, blobs on black) are not compared: PDQ's own usefulness cut-off, 50.</summary>
    public int MinQuality { get; init; } = PdqHash.MinUsefulQuality;

    /// <summary>
    /// When set, the second-stage geometric check is on: a pair whose region distance is at most
    /// <see cref="CandidateDistance"/> is a match only if at least this many keypoint matches agree
    /// on one similarity transform (<see cref="GeometricVerifier"/>), and <see cref="Distance"/> alone
    /// no longer decides. Needs fingerprints made with <see cref="Fingerprinter.Compute(Imaging.RgbImage, bool)"/>
    /// and local features; pairs without them fall back to <see cref="Distance"/>. Off (null) by default.
    /// </summary>
    public int? MinInliers { get; init; }

    /// <summary>Largest region distance that the geometric check looks at (when <see cref="MinInliers"/> is set).</summary>
    public int CandidateDistance { get; init; } = 48;

    /// <summary>The verified threshold measured on the tuning split: candidates up to 48, at least 8 inliers.</summary>
    public static MatchThreshold Verified { get; } = new() { MinInliers = 8 };

    /// <summary>Radius the index is searched with: the candidate distance when verifying, else <see cref="Distance"/>.</summary>
    public int SearchRadius => MinInliers is null ? Distance : Math.Max(Distance, CandidateDistance);

    /// <summary>Score of a geometrically verified pair: <see cref="ScoreOf"/> of the distance, raised towards 1 as inliers exceed the minimum.</summary>
    public static double VerifiedScoreOf(int distance, int inliers, int minInliers)
    {
        var byDistance = ScoreOf(distance);
        var support = inliers <= 0 ? 0 : Math.Clamp(1 - ((double)Math.Max(1, minInliers) / inliers), 0, 1);
        return byDistance + ((1 - byDistance) * support);
    }

    /// <summary>The score at <see cref="Distance"/>: a match has at least this score.</summary>
    public double Score => ScoreOf(Distance);

    /// <summary>Maps a best-pair distance to a score in [0, 1]: 1 at distance 0, 0.5 at 64, 0 from 128 (unrelated pictures sit near 128).</summary>
    public static double ScoreOf(int distance) => Math.Clamp(1 - (distance / 128.0), 0, 1);
}
