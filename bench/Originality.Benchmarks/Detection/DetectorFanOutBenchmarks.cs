using BenchmarkDotNet.Attributes;
using Originality.Engine.Detection;
using Originality.Engine.Imaging;
using Originality.Measurement;
using Originality.Measurement.Attacks;

namespace Originality.Benchmarks.Detection;

/// <summary>
/// ADR 004's measurement: a copy-detector lookup in one index of N filed pictures against the same
/// N split by picture id over two partitions (two <see cref="CopyIndex"/> instances, as two
/// machines would hold them), looked up in parallel and merged by false-match bound, and one after
/// the other (the fan-out's CPU cost). Run with
/// <c>dotnet run -c Release --project bench/Originality.Benchmarks -- --filter *DetectorFanOut*</c>;
/// <c>ORIGINALITY_FANOUT_PICTURES</c> sets N (default 200 000).
/// </summary>
/// <remarks>
/// The filed pictures are <see cref="SyntheticFilings"/> around 40 drawn patterns and the real
/// photos of the PDQ conformance set (<c>../shared/conformance/pdq</c>); the photos are also filed
/// as themselves. The lookups are the whole-picture lookup (the suspect's analysis given, no
/// windows) of a 70% crop of each photo, which is filed, and of 6 drawn patterns that are not: what
/// is compared is the index's part of the cost, which is what partitioning changes.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class DetectorFanOutBenchmarks : IDisposable
{
    private readonly List<PictureAnalysis> _suspects = [];
    private CopyIndex _one = new();
    private CopyIndex[] _partitions = [];

    public static int Pictures { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("ORIGINALITY_FANOUT_PICTURES"), out var n) && n > 0 ? n : 200_000;

    [GlobalSetup]
    public void Setup()
    {
        var photos = Photos();
        var rng = new Random(2026);
        var bases = Enumerable.Range(0, 40).Select(_ => PictureAnalysis.Of(SyntheticPictures.Pattern(rng).Image).ToRecord())
            .Concat(photos.Select(p => PictureAnalysis.Of(p).ToRecord())).ToList();
        _one = new CopyIndex();
        _partitions = [new CopyIndex(), new CopyIndex()];
        var one = new SyntheticFilings(_one);
        var parts = _partitions.Select(p => new SyntheticFilings(p)).ToArray();
        foreach (var record in bases)
        {
            one.AddBase(record);
            foreach (var part in parts)
            {
                part.AddBase(record);
            }
        }
        for (var i = 0; i < photos.Count; i++)
        {
            var record = bases[40 + i];
            _one.Add(i, record);
            _partitions[i % 2].Add(i, record);
        }
        // The same seed on both sides makes the same synthetic pictures; the id decides the partition.
        var rngOne = new Random(7);
        var rngParts = new Random(7);
        for (long id = photos.Count; id < Pictures; id++)
        {
            one.Add(id, rngOne);
            parts[id % 2].Add(id, rngParts);
        }
        _one.Compact();
        foreach (var partition in _partitions)
        {
            partition.Compact();
        }
        _suspects.AddRange(photos.Select(p => PictureAnalysis.Of(CopyAttacks.Crop(p, 0.7, 0.5, 0.5))));
        _suspects.AddRange(Enumerable.Range(0, 6).Select(_ => PictureAnalysis.Of(SyntheticPictures.Pattern(rng).Image)));

        var agree = _suspects.Count(s => Ids(_one.FindCopies(s)).SetEquals(Ids(FanOut(s))));
        Console.WriteLine($"// {Pictures} filed pictures; memory of the candidate stage: one index {_one.MemoryBytes / 1048576.0:0.0} MiB, " +
            $"partitions {string.Join(" + ", _partitions.Select(p => $"{p.MemoryBytes / 1048576.0:0.0}"))} MiB; " +
            $"{_suspects.Count} suspects, {agree} with the same matches in one index and over two partitions; " +
            $"photos found in one index: {_suspects.Take(photos.Count).Select((s, i) => _one.FindCopies(s).Any(m => m.PictureId == i)).Count(f => f)} of {photos.Count}");
    }

    private static HashSet<long> Ids(IEnumerable<CopyMatch> matches) => [.. matches.Select(m => m.PictureId)];

    [Benchmark(Baseline = true, Description = "one index of N")]
    public int OneIndex()
    {
        var found = 0;
        foreach (var suspect in _suspects)
        {
            found += _one.FindCopies(suspect).Count;
        }
        return found;
    }

    [Benchmark(Description = "two partitions of N/2, in parallel")]
    public int TwoPartitionsInParallel()
    {
        var found = 0;
        foreach (var suspect in _suspects)
        {
            found += FanOut(suspect).Count;
        }
        return found;
    }

    [Benchmark(Description = "two partitions of N/2, one after the other")]
    public int TwoPartitionsInTurn()
    {
        var found = 0;
        foreach (var suspect in _suspects)
        {
            found += _partitions[0].FindCopies(suspect).Count + _partitions[1].FindCopies(suspect).Count;
        }
        return found;
    }

    // Scatter to every partition, gather, and order by the evidence as one index would.
    private List<CopyMatch> FanOut(PictureAnalysis suspect)
    {
        var results = new IReadOnlyList<CopyMatch>[_partitions.Length];
        Parallel.For(0, _partitions.Length, p => results[p] = _partitions[p].FindCopies(suspect));
        return [.. results.SelectMany(r => r).OrderBy(m => m.FalseMatchBound)];
    }

    private static List<RgbImage> Photos()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Originality.slnx")))
        {
            dir = dir.Parent;
        }
        var root = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Originality.slnx not found above the benchmark."), "..", "shared", "conformance", "pdq");
        return [.. new[] { "labelme-subset", "python-threatexchange" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d == "labelme-subset" ? Path.Combine("reg-test-input", d) : d)))
            .Where(f => f.EndsWith(".jpg", StringComparison.Ordinal) || f.EndsWith(".png", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => CopyAttacks.ScaleLongerSide(ImageDecoder.Decode(File.ReadAllBytes(f), f).Image, 1024))];
    }

    public void Dispose()
    {
        _one.Dispose();
        foreach (var partition in _partitions)
        {
            partition.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
