using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Originality.Engine.Hashing;
using Originality.Engine.Indexing;
using Originality.Measurement;

namespace Originality.Cli.Commands;

/// <summary>
/// <c>originality bench index --entries 1000000,10000000 [--queries N] [--radius 31]</c>: build
/// time, single-core query latency, recall against a brute-force scan in the same run, memory per
/// entry and snapshot save/load, on synthetic PDQ-like hashes (see <see cref="SyntheticPdqHashes"/>).
/// </summary>
internal static class BenchIndexCommand
{
    public static Command Create()
    {
        var entries = new Option<string>("--entries") { Description = "Comma-separated index sizes.", DefaultValueFactory = _ => "1000000,10000000" };
        var queries = new Option<int>("--queries") { Description = "Timed queries per size.", DefaultValueFactory = _ => 2000 };
        var verify = new Option<int>("--verify") { Description = "Queries also answered by brute force (recall and its latency).", DefaultValueFactory = _ => 200 };
        var radius = new Option<int>("--radius") { Description = "Hamming search radius.", DefaultValueFactory = _ => 31 };
        var substrings = new Option<int>("--substrings") { Description = "Multi-index substrings (tables).", DefaultValueFactory = _ => HashIndexOptions.Default.Substrings };
        var snapshotDir = new Option<DirectoryInfo?>("--snapshot-dir") { Description = "Where the snapshot file is written (default: temp folder)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic hashes.", DefaultValueFactory = _ => 20261125 };
        var command = new Command("index", "Hash index: build, query p50/p99 at a radius, recall against brute force, memory, snapshot.")
        {
            entries, queries, verify, radius, substrings, snapshotDir, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sizes = parse.GetValue(entries)!
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture))
                .ToArray();
            var settings = new Settings(
                parse.GetValue(queries),
                parse.GetValue(verify),
                parse.GetValue(radius),
                HashIndexOptions.Default with { Substrings = parse.GetValue(substrings) },
                parse.GetValue(snapshotDir)?.FullName ?? Path.GetTempPath(),
                parse.GetValue(seed));
            var failed = false;
            Write($"# bench index: radius {settings.Radius}, {settings.Queries} queries ({settings.Verify} verified by brute force), {settings.Options.Substrings} substrings, {Environment.ProcessorCount} logical CPUs, load average {LoadAverage()}");
            foreach (var size in sizes)
            {
                failed |= !await RunAsync(size, settings, cancellationToken).ConfigureAwait(false);
            }
            return failed ? 1 : 0;
        });
        return command;
    }

    private sealed record Settings(int Queries, int Verify, int Radius, HashIndexOptions Options, string SnapshotDirectory, int Seed);

    private static async Task<bool> RunAsync(int size, Settings settings, CancellationToken cancellationToken)
    {
        var generator = new SyntheticPdqHashes(settings.Seed);
        var hashes = generator.Next(size);
        var keys = new long[size];
        for (var i = 0; i < size; i++)
        {
            // Spread like the matcher's packed (picture id, variant) keys, not 0..n.
            keys[i] = ((long)i << 8) | (uint)(i % 9);
        }
        var random = new Random(settings.Seed + 1);
        var queries = new Hash256[settings.Queries];
        for (var q = 0; q < queries.Length; q++)
        {
            // Half are copies of stored pictures at 0..40 bits (hits and near misses), half new pictures.
            queries[q] = q % 2 == 0
                ? SyntheticPdqHashes.FlipBits(hashes[random.Next(size)], random.Next(41), random)
                : generator.Next();
        }

        var before = ManagedBytes();
        var build = Stopwatch.StartNew();
        var index = new HashIndex(settings.Options);
        index.AddRange(hashes, keys);
        build.Stop();
        var after = ManagedBytes();
        var statistics = index.GetStatistics();

        var hits = new List<IndexHit>();
        for (var q = 0; q < Math.Min(50, queries.Length); q++)
        {
            hits.Clear();
            index.Search(queries[q], settings.Radius, hits);
        }
        var latencies = new double[queries.Length];
        long totalHits = 0;
        for (var q = 0; q < queries.Length; q++)
        {
            hits.Clear();
            var started = Stopwatch.GetTimestamp();
            index.Search(queries[q], settings.Radius, hits);
            latencies[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            totalHits += hits.Count;
        }

        var verified = Math.Min(settings.Verify, queries.Length);
        var bruteLatencies = new double[verified];
        long expectedHits = 0, foundHits = 0, extraHits = 0;
        var expected = new List<long>();
        for (var q = 0; q < verified; q++)
        {
            expected.Clear();
            var started = Stopwatch.GetTimestamp();
            BruteForce(hashes, keys, queries[q], settings.Radius, expected);
            bruteLatencies[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            hits.Clear();
            index.Search(queries[q], settings.Radius, hits);
            var found = hits.Select(h => h.Key).ToHashSet();
            expectedHits += expected.Count;
            foundHits += expected.Count(found.Contains);
            extraHits += found.Count(k => !expected.Contains(k));
        }
        var recall = expectedHits == 0 ? 1.0 : (double)foundHits / expectedHits;

        var path = Path.Combine(settings.SnapshotDirectory, $"originality-bench-index-{size}.bin");
        var save = Stopwatch.StartNew();
        await index.SaveAsync(path, cancellationToken).ConfigureAwait(false);
        save.Stop();
        var fileBytes = new FileInfo(path).Length;
        var reference = queries.Take(20).Select(q => index.Search(q, settings.Radius).Select(h => h.Key).ToArray()).ToArray();
        index = null;
        GC.Collect();
        var load = Stopwatch.StartNew();
        var loaded = await HashIndex.LoadAsync(path, settings.Options, cancellationToken).ConfigureAwait(false);
        load.Stop();
        File.Delete(path);
        var sameAfterLoad = loaded.Count == size
            && queries.Take(20).Select(q => loaded.Search(q, settings.Radius).Select(h => h.Key).ToArray()).Zip(reference).All(p => p.First.SequenceEqual(p.Second));

        var managedPerEntry = (double)(after - before) / size;
        Array.Sort(latencies);
        Array.Sort(bruteLatencies);
        Write($"entries {size:N0}: build {build.Elapsed.TotalSeconds:F2} s (sort + tables, parallel over tables), {statistics.Segments} segment(s)");
        Write($"  query radius {settings.Radius} (1 thread, {queries.Length} queries, {(double)totalHits / queries.Length:F1} hits avg): p50 {Percentile(latencies, 0.5):F3} ms, p99 {Percentile(latencies, 0.99):F3} ms, mean {latencies.Average():F3} ms");
        Write($"  brute force ({verified} queries): p50 {Percentile(bruteLatencies, 0.5):F3} ms, p99 {Percentile(bruteLatencies, 0.99):F3} ms");
        Write($"  recall vs brute force: {recall:P3} ({foundHits:N0} of {expectedHits:N0} hits; {extraHits} beyond the radius)");
        Write($"  memory: managed {managedPerEntry:F1} B/entry in total = 32 B hash + {managedPerEntry - 32:F1} B beyond it (8 B key + {statistics.IndexBytesPerEntry:F1} B tables/tombstones)");
        Write($"  snapshot: save {save.Elapsed.TotalSeconds:F2} s, load {load.Elapsed.TotalSeconds:F2} s (includes rebuilding tables), file {fileBytes / 1048576.0:F1} MiB, same answers after load: {(sameAfterLoad ? "yes" : "NO")}");
        return recall == 1.0 && extraHits == 0 && sameAfterLoad;
    }

    private static void BruteForce(Hash256[] hashes, long[] keys, Hash256 query, int radius, List<long> into)
    {
        for (var i = 0; i < hashes.Length; i++)
        {
            if (hashes[i].DistanceTo(query) <= radius)
            {
                into.Add(keys[i]);
            }
        }
    }

    private static long ManagedBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static void Write(FormattableString line) => Console.Out.WriteLine(FormattableString.Invariant(line));
}
