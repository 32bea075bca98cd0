using Originality.Engine.Hashing;
using Originality.Engine.Indexing;
using Originality.Measurement;

namespace Originality.Engine.Tests.Indexing;

/// <summary>
/// Test data builder: an index plus the plain dictionary it must agree with, and the brute-force
/// answer to any query.
/// </summary>
internal sealed class IndexScenario
{
    /// <summary>
    /// Small buffer and segment thresholds so a few thousand entries exercise sealing, inline and
    /// background merging, and tables.
    /// </summary>
    public static readonly HashIndexOptions SmallOptions = new()
    {
        WriteBufferCapacity = 128,
        MinIndexedSegment = 1024,
        BackgroundMergeMinEntries = 1500,
        ScanCostRatio = double.PositiveInfinity,
    };

    /// <summary>As the index would run in production, where small segments prefer scanning.</summary>
    public static readonly HashIndexOptions CostBasedOptions = SmallOptions with { ScanCostRatio = HashIndexOptions.Default.ScanCostRatio };

    private readonly Random _random;

    public IndexScenario(int seed, HashIndexOptions? options = null)
    {
        _random = new Random(seed);
        Index = new HashIndex(options ?? SmallOptions);
    }

    public HashIndex Index { get; }

    public Dictionary<long, Hash256> Expected { get; } = [];

    public Random Random => _random;

    public IndexScenario WithUniform(int count, bool bulk = false) => With(Enumerable.Range(0, count).Select(_ => RandomHash()).ToArray(), bulk);

    public IndexScenario WithPdqLike(int count, int seed, bool bulk = false) => With(new SyntheticPdqHashes(seed, clusters: 64).Next(count), bulk);

    /// <summary>Near-duplicates of <paramref name="of"/> at every distance 0..40, several at each.</summary>
    public IndexScenario WithPlantedAround(Hash256 of, int copiesPerDistance = 2)
    {
        var hashes = new List<Hash256>();
        for (var distance = 0; distance <= 40; distance++)
        {
            for (var i = 0; i < copiesPerDistance; i++)
            {
                hashes.Add(SyntheticPdqHashes.FlipBits(of, distance, _random));
            }
        }
        return With([.. hashes], bulk: false);
    }

    public IndexScenario With(Hash256[] hashes, bool bulk)
    {
        var keys = new long[hashes.Length];
        for (var i = 0; i < hashes.Length; i++)
        {
            keys[i] = NewKey();
            Expected.Add(keys[i], hashes[i]);
        }
        if (bulk)
        {
            Index.AddRange(hashes, keys);
        }
        else
        {
            for (var i = 0; i < hashes.Length; i++)
            {
                Index.Add(hashes[i], keys[i]);
            }
        }
        return this;
    }

    public IndexScenario RemoveRandom(int count)
    {
        foreach (var key in Expected.Keys.OrderBy(_ => _random.Next()).Take(count).ToList())
        {
            Assert.True(Index.Remove(key));
            Expected.Remove(key);
        }
        return this;
    }

    public Hash256 RandomHash() => new((ulong)_random.NextInt64(long.MinValue, long.MaxValue), (ulong)_random.NextInt64(long.MinValue, long.MaxValue),
        (ulong)_random.NextInt64(long.MinValue, long.MaxValue), (ulong)_random.NextInt64(long.MinValue, long.MaxValue));

    public Hash256 RandomStoredHash() => Expected.Values.ElementAt(_random.Next(Expected.Count));

    /// <summary>Queries around stored hashes at distances 0..40 plus fresh random ones.</summary>
    public IEnumerable<Hash256> Queries(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i % 4 == 3 || Expected.Count == 0
                ? RandomHash()
                : SyntheticPdqHashes.FlipBits(RandomStoredHash(), _random.Next(41), _random);
        }
    }

    public List<(long Key, int Distance)> BruteForce(Hash256 query, int radius) =>
        [.. Expected.Select(e => (e.Key, Distance: e.Value.DistanceTo(query))).Where(e => e.Distance <= radius).OrderBy(e => e.Key)];

    public static List<(long Key, int Distance)> Found(HashIndex index, Hash256 query, int radius)
    {
        var hits = new List<IndexHit>();
        index.Search(query, radius, hits);
        return [.. hits.Select(h => (h.Key, h.Distance)).OrderBy(e => e.Key)];
    }

    public void AssertSearchesMatchBruteForce(int queries, params int[] radii)
    {
        foreach (var query in Queries(queries))
        {
            foreach (var radius in radii)
            {
                Assert.Equal(BruteForce(query, radius), Found(Index, query, radius));
            }
        }
    }

    private long NewKey()
    {
        long key;
        do
        {
            key = _random.NextInt64(long.MinValue, long.MaxValue);
        }
        while (Expected.ContainsKey(key));
        return key;
    }
}
