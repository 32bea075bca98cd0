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
/// docs/adr/001-copy-detection-method.md and docs/notes-robustness.md before relying on it.
/// </remarks>
public sealed record MatchThreshold
{
    /// <summary>Distance 40, minimum quality 50: the threshold chosen on the tuning split.</summary>
    public static MatchThreshold Default { get; } = new();

    /// <summary>Largest best-pair Hamming distance (of 256 bits) that is a match.</summary>
    public int Distance { get; init; } = 40;

    /// <summary>Hashes of lower PDQ quality (nearly flat regions, blobs on black) are not compared: PDQ's own usefulness cut-off, 50.</summary>
    public int MinQuality { get; init; } = PdqHash.MinUsefulQuality;

    /// <summary>The score at <see cref="Distance"/>: a match has at least this score.</summary>
    public double Score => ScoreOf(Distance);

    /// <summary>Maps a best-pair distance to a score in [0, 1]: 1 at distance 0, 0.5 at 64, 0 from 128 (unrelated pictures sit near 128).</summary>
    public static double ScoreOf(int distance) => Math.Clamp(1 - (distance / 128.0), 0, 1);
}
