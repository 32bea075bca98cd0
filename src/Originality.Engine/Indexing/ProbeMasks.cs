using System.Numerics;

namespace Originality.Engine.Indexing;

/// <summary>
/// All XOR masks of popcount ≤ r over b bits: the buckets a table probes around the query's
/// own bucket. Cached per (b, r) because a query touches the same few combinations every time.
/// </summary>
internal static class ProbeMasks
{
    public const int MaxRadius = 6;

    private static readonly uint[]?[,] Cache = new uint[]?[33, MaxRadius + 1];

    public static uint[] Get(int bits, int radius)
    {
        var masks = Volatile.Read(ref Cache[bits, radius]);
        if (masks is null)
        {
            // Racing threads build equal arrays; whichever lands is fine.
            masks = Build(bits, radius);
            Volatile.Write(ref Cache[bits, radius], masks);
        }
        return masks;
    }

    /// <summary>Number of masks, C(b, 0) + … + C(b, r), without enumerating them.</summary>
    public static double CountAtMost(int bits, int radius)
    {
        double total = 0;
        double term = 1;
        for (var i = 0; i <= radius && i <= bits; i++)
        {
            total += term;
            term = term * (bits - i) / (i + 1);
        }
        return total;
    }

    private static uint[] Build(int bits, int radius)
    {
        var masks = new List<uint>((int)CountAtMost(bits, radius));
        // Ordered by popcount so the query's own bucket (most likely to hold near-duplicates) goes first.
        for (var weight = 0; weight <= radius && weight <= bits; weight++)
        {
            AddWeight(masks, bits, weight, 0, 0u);
        }
        return [.. masks];
    }

    private static void AddWeight(List<uint> masks, int bits, int weight, int from, uint mask)
    {
        if (BitOperations.PopCount(mask) == weight)
        {
            masks.Add(mask);
            return;
        }
        for (var bit = from; bit < bits; bit++)
        {
            AddWeight(masks, bits, weight, bit + 1, mask | (1u << bit));
        }
    }
}
