using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Originality.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>
/// A measurement, not a check (docs/benchmarks.md, "Backfill"): three real server processes on one
/// PostgreSQL; the latency of a filing, a commonness lookup and a page, first on an idle cluster,
/// then while half of a backfill of N listings of 5 pictures is pushed in batches and scanned; the
/// scan rate in pictures per second per core, alone (the other half, with no other requests) and
/// under those requests. Runs only with <c>ORIGINALITY_BACKFILL_LISTINGS=N</c>;
/// <c>ORIGINALITY_BACKFILL_NICE</c> sets <c>Scanning:Nice</c> (default 10) to compare.
/// </summary>
public sealed class BackfillMeasurement(ITestOutputHelper output)
{
    private static readonly int Listings = int.TryParse(Environment.GetEnvironmentVariable("ORIGINALITY_BACKFILL_LISTINGS"), out var n) ? n : 0;

    private static readonly string Nice = Environment.GetEnvironmentVariable("ORIGINALITY_BACKFILL_NICE") is { Length: > 0 } nice ? nice : "10";

    private const int PicturesPerListing = 5;
    private const int ListingsPerBatch = 20;
    private const int IdleRounds = 40;

    [BackfillMeasurementFact]
    public async Task Scan_rate_and_other_routes_latency_during_a_backfill()
    {
        var cluster = new ServerCluster { ExtraArguments = ["--Scanning:Nice=" + Nice] };
        await cluster.InitializeAsync();
        try
        {
            await MeasureAsync(cluster);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private async Task MeasureAsync(ServerCluster cluster)
    {
        var owner = await cluster.MemberAsync("m-owner");
        var seller = await cluster.MemberAsync("m-seller");
        var folders = new List<string>();
        for (var p = 0; p < ServerCluster.Size; p++)
        {
            folders.Add(await ServerCluster.FolderAsync(owner, p));
        }
        // Some certified pictures, so that lookups and scans search a non-empty index.
        for (var i = 0; i < 30; i++)
        {
            await ServerCluster.UploadAsync(owner, i % ServerCluster.Size, folders[i % ServerCluster.Size], ("seed.png", TestPictures.Original(70_000 + i)));
        }
        var probeSeed = 80_000;
        var lookup = TestPictures.Original(70_001);
        output.WriteLine("generating the catalogue…");
        var catalogue = Enumerable.Range(0, Listings).Select(i => new BatchListing($"M-{i}", seller.StoreId,
            [.. Enumerable.Range(0, PicturesPerListing).Select(k => TestPictures.Original(100_000 + (i * PicturesPerListing) + k, 900, 800, SkiaSharp.SKEncodedImageFormat.Jpeg))])).ToList();
        var probes = Enumerable.Range(0, 400).Select(i => TestPictures.Original(probeSeed + i)).ToList();
        var probeIndex = 0;

        var idle = new Samples();
        for (var round = 0; round < IdleRounds; round++)
        {
            await ProbeAsync(cluster, owner, folders, probes[probeIndex++ % probes.Count], lookup, round, idle);
        }

        // The first half of the catalogue alone: the scan rate with nothing else asking for the CPU.
        var quiet = catalogue.Take(Listings / 2).ToList();
        var quietId = await BackfillAsync(cluster, "quiet");
        var quietClock = Stopwatch.StartNew();
        await PushAsync(cluster, quietId, quiet);
        while ((await (await cluster.Processes[0].Operator.GetAsync($"/api/backfills/{quietId}")).ReadJson(HttpStatusCode.OK)).GetProperty("state").GetString() != "done")
        {
            await Task.Delay(200);
        }
        var quietRate = quiet.Count * PicturesPerListing / quietClock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"alone: {quiet.Count} listings × {PicturesPerListing} pictures scanned in {quietClock.Elapsed.TotalSeconds:0.0} s: {quietRate:0.00} pictures/s, {quietRate / Environment.ProcessorCount:0.00} per core"));

        // The second half while filings, lookups and pages are asked for.
        catalogue = catalogue.Skip(Listings / 2).ToList();
        var backfillId = await BackfillAsync(cluster, "measurement");
        var started = Stopwatch.StartNew();
        var pushing = Task.Run(() => PushAsync(cluster, backfillId, catalogue));
        var busy = new Samples();
        var round2 = 0;
        string? state = null;
        while (state != "done" || !pushing.IsCompleted)
        {
            await ProbeAsync(cluster, owner, folders, probes[probeIndex++ % probes.Count], lookup, round2++, busy);
            if (pushing.IsCompleted)
            {
                state = (await (await cluster.Processes[0].Operator.GetAsync($"/api/backfills/{backfillId}")).ReadJson(HttpStatusCode.OK)).GetProperty("state").GetString();
            }
        }
        await pushing;
        var elapsed = started.Elapsed;
        var pictures = catalogue.Count * PicturesPerListing;
        var perSecond = pictures / elapsed.TotalSeconds;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"during the probes: backfill of {catalogue.Count} listings × {PicturesPerListing} pictures (Scanning:Nice={Nice}) pushed in batches of {ListingsPerBatch} " +
            $"(median {Percentile(_batchTimes, 50):0} ms a batch) and scanned in {elapsed.TotalSeconds:0.0} s: {perSecond:0.00} pictures/s, " +
            $"{perSecond / Environment.ProcessorCount:0.00} pictures/s per core ({Environment.ProcessorCount} cores)"));
        foreach (var route in idle.Routes)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{route,-10} idle: {idle.Describe(route)}   during the backfill: {busy.Describe(route)}   p99 ratio {busy.Percentile(route, 99) / idle.Percentile(route, 99):0.00}"));
        }
    }

    private readonly List<double> _batchTimes = [];

    private static async Task<string> BackfillAsync(ServerCluster cluster, string name) =>
        (await (await cluster.Processes[0].Operator.PostJson("/api/backfills", new { name })).ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    private async Task PushAsync(ServerCluster cluster, string backfillId, IReadOnlyList<BatchListing> listings)
    {
        var b = 0;
        foreach (var batch in listings.Chunk(ListingsPerBatch))
        {
            using var form = BackfillBatch.Form(batch);
            var push = Stopwatch.StartNew();
            (await cluster.Processes[b++ % ServerCluster.Size].Operator.PostAsync($"/api/backfills/{backfillId}/listings", form)).EnsureSuccessStatusCode();
            lock (_batchTimes)
            {
                _batchTimes.Add(push.Elapsed.TotalMilliseconds);
            }
        }
    }

    private static async Task ProbeAsync(ServerCluster cluster, ClusterMember owner, List<string> folders, byte[] fresh, byte[] lookup, int round, Samples samples)
    {
        var p = round % ServerCluster.Size;
        var clock = Stopwatch.StartNew();
        var filed = await ServerCluster.UploadAsync(owner, p, folders[p], ("probe.png", fresh));
        samples.Add("filing", clock.Elapsed.TotalMilliseconds);
        Assert.Equal("certified", filed.GetProperty("outcome").GetString());

        clock.Restart();
        using (var form = new MultipartFormDataContent())
        {
            var part = new ByteArrayContent(lookup);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "file", "lookup.png");
            (await owner.Clients[p].PostAsync("/api/pictures/commonness", form)).EnsureSuccessStatusCode();
        }
        samples.Add("lookup", clock.Elapsed.TotalMilliseconds);

        clock.Restart();
        (await owner.Clients[p].GetAsync("/seller/certificates")).EnsureSuccessStatusCode();
        samples.Add("page", clock.Elapsed.TotalMilliseconds);
    }

    private static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1)];
    }

    private sealed class Samples
    {
        private readonly Dictionary<string, List<double>> _byRoute = new(StringComparer.Ordinal);

        public IEnumerable<string> Routes => _byRoute.Keys;

        public void Add(string route, double ms)
        {
            if (!_byRoute.TryGetValue(route, out var list))
            {
                _byRoute[route] = list = [];
            }
            list.Add(ms);
        }

        public double Percentile(string route, double percentile) => BackfillMeasurement.Percentile(_byRoute[route], percentile);

        public string Describe(string route) => string.Create(CultureInfo.InvariantCulture,
            $"n={_byRoute[route].Count} p50 {Percentile(route, 50):0} ms, p99 {Percentile(route, 99):0} ms");
    }
}

public sealed class BackfillMeasurementFactAttribute : FactAttribute
{
    public BackfillMeasurementFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ORIGINALITY_BACKFILL_LISTINGS")))
        {
            Skip = "a measurement: set ORIGINALITY_BACKFILL_LISTINGS (listings of 5 pictures) to run it";
        }
    }
}
