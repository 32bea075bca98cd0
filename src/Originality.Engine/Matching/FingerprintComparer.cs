namespace Originality.Engine.Matching;

/// <summary>The closest pair of region hashes between a suspect and an original.</summary>
/// <param name="Distance">Hamming distance of the pair (256 when nothing comparable was found).</param>
/// <param name="Probe">The suspect's region hash.</param>
/// <param name="Stored">The original's region hash.</param>
/// <param name="ByBlocks">Whether the distance is a block-grid quorum distance (<see cref="BlockGrid.QuorumDistance"/>) rather than one region pair.</param>
public readonly record struct BestPair(int Distance, RegionHash Probe, RegionHash Stored, bool ByBlocks = false);

/// <summary>Compares two fingerprints directly, without an index (the second stage, and the benchmarks).</summary>
public static class FingerprintComparer
{
    /// <summary>The closest pair between the suspect's probes and the original's stored hashes.</summary>
    public static BestPair Best(PictureFingerprint suspect, PictureFingerprint original, int minQuality)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(original);
        var best = new BestPair(257, default, default);
        foreach (var stored in original.Stored)
        {
            if (stored.Quality < minQuality)
            {
                continue;
            }
            foreach (var probe in suspect.Probes)
            {
                if (probe.Quality < minQuality)
                {
                    continue;
                }
                var d = probe.Hash.DistanceTo(stored.Hash);
                if (d < best.Distance)
                {
                    best = new BestPair(d, probe, stored);
                }
            }
        }
        foreach (var stored in original.StoredGrids)
        {
            foreach (var probe in suspect.ProbeGrids)
            {
                var d = stored.QuorumDistance(probe, minQuality);
                if (d < best.Distance)
                {
                    best = new BestPair(
                        d,
                        new RegionHash(default, 0, probe.Frame, probe.Variant),
                        new RegionHash(default, 0, stored.Frame, stored.Variant),
                        ByBlocks: true);
                }
            }
        }
        return best.Distance > 256 ? best with { Distance = 256 } : best;
    }
}
