using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Originality.Engine.Hashing;

namespace Originality.Engine.Indexing;

/// <summary>
/// Multi-index hashing tables over one immutable segment: per substring, a flat CSR table
/// (bucket offsets + entry positions) keyed by the top bits of that substring.
/// </summary>
/// <remarks>
/// Immutable after construction, so any number of threads may search it. Duplicate candidates
/// (an entry found through several tables) are dropped without per-query state: an entry found
/// through table t is reported only if no earlier table would have probed it, which is decided
/// from the XOR of query and entry alone.
/// </remarks>
internal sealed class MultiIndexTables
{
    private readonly int[] _regionStart;
    private readonly int[] _regionBits;
    private readonly int[][] _offsets;
    private readonly int[][] _positions;
    private readonly int _count;
    private readonly double _scanCostRatio;

    private MultiIndexTables(int[] regionStart, int[] regionBits, int[][] offsets, int[][] positions, int count, double scanCostRatio)
    {
        _scanCostRatio = scanCostRatio;
        _regionStart = regionStart;
        _regionBits = regionBits;
        _offsets = offsets;
        _positions = positions;
        _count = count;
    }

    public int BucketBits => _regionBits.Max();

    public long Bytes
    {
        get
        {
            long bytes = 0;
            for (var t = 0; t < _offsets.Length; t++)
            {
                bytes += (4L * _offsets[t].Length) + (4L * _positions[t].Length);
            }
            return bytes;
        }
    }

    /// <summary>Builds tables, or returns null when the segment is too small to gain from them.</summary>
    public static MultiIndexTables? TryBuild(Hash256[] hashes, SubstringLayout layout, HashIndexOptions options)
    {
        var n = hashes.Length;
        if (n < Math.Max(options.MinIndexedSegment, 1024))
        {
            return null;
        }
        var m = layout.Count;
        // Largest power-of-two bucket count whose offsets fit the per-entry budget.
        var budgetBuckets = options.OffsetBytesPerEntry * n / (4.0 * m);
        var bits = Math.Clamp((int)Math.Floor(Math.Log2(budgetBuckets)), 4, 32);
        var regionStart = new int[m];
        var regionBits = new int[m];
        for (var t = 0; t < m; t++)
        {
            regionBits[t] = Math.Min(bits, layout.Widths[t]);
            // The top bits of the substring: any prefix keeps the pigeonhole guarantee.
            regionStart[t] = layout.Starts[t] + layout.Widths[t] - regionBits[t];
        }
        var offsets = new int[m][];
        var positions = new int[m][];
        Parallel.For(0, m, t =>
        {
            (offsets[t], positions[t]) = BuildTable(hashes, regionStart[t], regionBits[t]);
        });
        return new MultiIndexTables(regionStart, regionBits, offsets, positions, n, options.ScanCostRatio);
    }

    private static (int[] Offsets, int[] Positions) BuildTable(Hash256[] hashes, int start, int bits)
    {
        var buckets = 1 << bits;
        var offsets = new int[buckets + 1];
        foreach (ref readonly var hash in hashes.AsSpan())
        {
            offsets[HashBits.Extract(hash, start, bits)]++;
        }
        // Inclusive prefix sums (bucket ends), then fill each bucket from its end walking entries
        // backwards: positions come out ascending within a bucket and offsets[k] ends as its start.
        var sum = 0;
        for (var k = 0; k < buckets; k++)
        {
            sum += offsets[k];
            offsets[k] = sum;
        }
        offsets[buckets] = sum;
        var positions = new int[hashes.Length];
        for (var j = hashes.Length - 1; j >= 0; j--)
        {
            positions[--offsets[HashBits.Extract(hashes[j], start, bits)]] = j;
        }
        return (offsets, positions);
    }

    /// <summary>Estimated probes plus candidates of a search; compare with a scan of all entries.</summary>
    public bool PrefersScan(int radius)
    {
        var m = _regionBits.Length;
        double work = 0;
        for (var t = 0; t < m; t++)
        {
            var r = SubstringLayout.Radius(radius, m, t);
            if (r < 0)
            {
                continue;
            }
            if (r > ProbeMasks.MaxRadius)
            {
                return true;
            }
            var probes = ProbeMasks.CountAtMost(_regionBits[t], r);
            work += probes * (1 + (_count / (double)(1L << _regionBits[t])));
        }
        return work > _count * _scanCostRatio;
    }

    /// <summary>Appends every live entry within <paramref name="radius"/>, each once.</summary>
    public int Search(Segment segment, in Hash256 query, int radius, ICollection<IndexHit> results) =>
        Experiment >= 1 ? SearchGathered(segment, query, radius, results) : SearchDirect(segment, query, radius, results);

    internal static int Experiment = int.TryParse(Environment.GetEnvironmentVariable("ORIGINALITY_INDEX_EXPERIMENT"), out var e) ? e : 0;

    private int SearchDirect(Segment segment, in Hash256 query, int radius, ICollection<IndexHit> results)
    {
        var m = _regionBits.Length;
        var found = 0;
        ref var hashes = ref MemoryMarshal.GetArrayDataReference(segment.Hashes);
        for (var t = 0; t < m; t++)
        {
            var r = SubstringLayout.Radius(radius, m, t);
            if (r < 0)
            {
                continue;
            }
            var bits = _regionBits[t];
            var own = HashBits.Extract(query, _regionStart[t], bits);
            var offsets = _offsets[t];
            ref var positions = ref MemoryMarshal.GetArrayDataReference(_positions[t]);
            foreach (var mask in ProbeMasks.Get(bits, r))
            {
                var bucket = own ^ mask;
                var end = offsets[bucket + 1];
                for (var p = offsets[bucket]; p < end; p++)
                {
                    var j = Unsafe.Add(ref positions, p);
                    ref readonly var candidate = ref Unsafe.Add(ref hashes, j);
                    var distance = HashBits.Distance(query, candidate);
                    if (distance <= radius && FirstTableToProbe(query, candidate, radius, t) && !segment.IsDeleted(j))
                    {
                        results.Add(new IndexHit(segment.Keys[j], candidate, distance));
                        found++;
                    }
                }
            }
        }
        return found;
    }

    [ThreadStatic]
    private static int[]? t_candidates;

    /// <summary>
    /// Gathers a table's candidate positions first, then verifies them with software prefetch a
    /// few candidates ahead, so the random hash loads overlap instead of queueing behind bucket walks.
    /// </summary>
    private int SearchGathered(Segment segment, in Hash256 query, int radius, ICollection<IndexHit> results)
    {
        const int Pad = 32;
        var Ahead = Experiment == 3 ? 16 : Experiment == 4 ? 4 : 8;
        var m = _regionBits.Length;
        var found = 0;
        ref var hashes = ref MemoryMarshal.GetArrayDataReference(segment.Hashes);
        var candidates = t_candidates ??= new int[4096];
        for (var t = 0; t < m; t++)
        {
            var r = SubstringLayout.Radius(radius, m, t);
            if (r < 0)
            {
                continue;
            }
            var bits = _regionBits[t];
            var own = HashBits.Extract(query, _regionStart[t], bits);
            var offsets = _offsets[t];
            var positions = _positions[t];
            var count = 0;
            var masks = ProbeMasks.Get(bits, r);
            for (var k = 0; k < masks.Length; k++)
            {
                if (Experiment != 2 && System.Runtime.Intrinsics.X86.Sse.IsSupported && k + Ahead < masks.Length)
                {
                    unsafe
                    {
                        System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref offsets[own ^ masks[k + Ahead]]));
                    }
                }
                var bucket = own ^ masks[k];
                var start = offsets[bucket];
                var length = offsets[bucket + 1] - start;
                if (count + length + Pad > candidates.Length)
                {
                    Array.Resize(ref candidates, Math.Max(2 * candidates.Length, count + length + Pad));
                    t_candidates = candidates;
                }
                Array.Copy(positions, start, candidates, count, length);
                count += length;
            }
            // Padding so the prefetch below never reads past the gathered positions.
            Array.Clear(candidates, count, Pad);
            ref var c = ref MemoryMarshal.GetArrayDataReference(candidates);
            for (var i = 0; i < count; i++)
            {
                if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
                {
                    unsafe
                    {
                        System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref hashes, Unsafe.Add(ref c, i + Ahead))));
                    }
                }
                var j = Unsafe.Add(ref c, i);
                ref readonly var candidate = ref Unsafe.Add(ref hashes, j);
                var distance = HashBits.Distance(query, candidate);
                if (distance <= radius && FirstTableToProbe(query, candidate, radius, t) && !segment.IsDeleted(j))
                {
                    results.Add(new IndexHit(segment.Keys[j], candidate, distance));
                    found++;
                }
            }
        }
        return found;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FirstTableToProbe(in Hash256 query, in Hash256 candidate, int radius, int table)
    {
        if (table == 0)
        {
            return true;
        }
        var difference = HashBits.Xor(query, candidate);
        var m = _regionBits.Length;
        for (var t = 0; t < table; t++)
        {
            var r = SubstringLayout.Radius(radius, m, t);
            if (r >= 0 && BitOperations.PopCount(HashBits.Extract(difference, _regionStart[t], _regionBits[t])) <= r)
            {
                return false;
            }
        }
        return true;
    }
}
