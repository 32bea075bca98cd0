using Originality.Engine.Pdq;

namespace Originality.Engine.Matching;

/// <summary>
/// Where a comparison becomes a match: the largest Hamming distance between the best pair of
/// region hashes that still counts as a copy, and the same point on the score scale.
/// </summary>
/// <remarks>
/// Chosen on the tuning half of the robustness corpus for an estimated false-match rate of at most
/// one in ten million picture comparisons; docs/adr/001-copy-detection-method.md gives the numbers.
/// </remarks>
public sealed record MatchThreshold
{
    /// <summary>The threshold the benchmarks justify.</summary>
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
