using BenchmarkDotNet.Attributes;
using Originality.Engine.Hashing;
using Originality.Engine.Indexing;
using Originality.Measurement;

namespace Originality.Benchmarks.Indexing;

/// <summary>
/// Query latency of <see cref="HashIndex"/> at 1 M synthetic PDQ-like entries, radius 31, one
/// thread, against a brute-force scan of the same hashes. Run with
/// <c>dotnet run -c Release --project bench/Originality.Benchmarks -- --filter *HashIndexQuery*</c>.
/// The larger 10 M run is <c>originality bench index</c> (docs/measurements/index.md).
/// </summary>
[MemoryDiagnoser]
public class HashIndexQueryBenchmarks
{
    private const int Entries = 1_000_000;
    private const int IndexQueries = 256;
    private const int BruteForceQueries = 4;

    private readonly List<IndexHit> _hits = [];
    private Hash256[] _hashes = [];
    private Hash256[] _queries = [];
    private HashIndex _index = new();

    [Params(31)]
    public int Radius { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var generator = new SyntheticPdqHashes(seed: 20261125);
        _hashes = generator.Next(Entries);
        var keys = new long[Entries];
        for (var i = 0; i < Entries; i++)
        {
            keys[i] = i;
        }
        _index = new HashIndex();
        _index.AddRange(_hashes, keys);
        var random = new Random(7);
        _queries = new Hash256[IndexQueries];
        for (var q = 0; q < IndexQueries; q++)
        {
            // Half copies of stored pictures at 0..40 bits, half new pictures.
            _queries[q] = q % 2 == 0 ? SyntheticPdqHashes.FlipBits(_hashes[random.Next(Entries)], random.Next(41), random) : generator.Next();
        }
    }

    [Benchmark(OperationsPerInvoke = IndexQueries, Description = "index search, per query")]
    public int Search()
    {
        var total = 0;
        foreach (var query in _queries)
        {
            _hits.Clear();
            total += _index.Search(query, Radius, _hits);
        }
        return total;
    }

    [Benchmark(OperationsPerInvoke = BruteForceQueries, Baseline = true, Description = "brute-force scan, per query")]
    public int BruteForce()
    {
        var total = 0;
        for (var q = 0; q < BruteForceQueries; q++)
        {
            var query = _queries[q];
            foreach (var hash in _hashes)
            {
                if (hash.DistanceTo(query) <= Radius)
                {
                    total++;
                }
            }
        }
        return total;
    }
}
