using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Originality.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>
/// A catalogue backfill across three real server processes on one PostgreSQL (issue 11, item 6):
/// batches accepted listing by listing, every listing scanned exactly once by whichever process
/// claims it, a live listing not kept waiting behind the backfill, and the progress the same on
/// the API of every process and on the operator's page. The class has a cluster of its own (an
/// xunit class fixture), so its scans share the queue with no other class's listings.
/// </summary>
public sealed class BackfillTests(ServerCluster cluster, ITestOutputHelper output) : IClassFixture<ServerCluster>
{
    [Fact]
    public async Task A_catalogue_pushed_in_batches_is_scanned_once_per_listing_across_the_processes_behind_live_listings()
    {
        var owner = await cluster.MemberAsync("bf-owner");
        var seller = await cluster.MemberAsync("bf-seller", via: 1);
        var certified = TestPictures.Original(9100, 1200, 1000);
        Assert.Equal("certified", (await ServerCluster.UploadAsync(owner, 0, await ServerCluster.FolderAsync(owner, 0), ("mine.png", certified))).GetProperty("outcome").GetString());
        await cluster.ConvergedAsync(0, TimeSpan.FromSeconds(10));

        var created = await (await cluster.Processes[0].Operator.PostJson("/api/backfills", new { name = "spring catalogue" })).ReadJson(HttpStatusCode.Created);
        var backfillId = created.GetProperty("id").GetString()!;
        Assert.Equal("empty", created.GetProperty("state").GetString());

        // Three batches of eight, each to another process; listing 5 of the first batch copies the certified picture.
        var accepted = new List<string>();
        var seed = 9200;
        for (var batch = 0; batch < 3; batch++)
        {
            var listings = Enumerable.Range(0, 8).Select(i => new BatchListing($"BF-{batch}-{i}", seller.StoreId,
                [TestPictures.Original(seed++, 900, 800, SkiaSharp.SKEncodedImageFormat.Jpeg),
                 batch == 0 && i == 5 ? TestPictures.Copy(certified, 0.8) : TestPictures.Original(seed++, 900, 800, SkiaSharp.SKEncodedImageFormat.Jpeg)])).ToList();
            if (batch == 1)
            {
                listings.Add(new BatchListing("BF-nobody", "AE-0000000", [TestPictures.Original(seed++, 900, 800, SkiaSharp.SKEncodedImageFormat.Jpeg)]));
            }
            using var form = BackfillBatch.Form(listings);
            var result = await (await cluster.Processes[batch].Operator.PostAsync($"/api/backfills/{backfillId}/listings", form)).ReadJson(HttpStatusCode.OK);
            var outcomes = result.GetProperty("listings").EnumerateArray().ToList();
            accepted.AddRange(outcomes.Where(o => o.GetProperty("outcome").GetString() == "accepted").Select(o => o.GetProperty("id").GetString()!));
            if (batch == 1)
            {
                // One refused listing does not hold up the rest of its batch.
                Assert.Equal((8, 1), (result.GetProperty("accepted").GetInt32(), result.GetProperty("refused").GetInt32()));
                Assert.True(outcomes[8].GetProperty("errors").TryGetProperty("sellerId", out _));
            }
        }
        Assert.Equal(24, accepted.Count);

        // A listing pushed the ordinary way after the whole catalogue.
        using var live = new MultipartFormDataContent
        {
            { new StringContent("L-live"), "listingId" },
            { new StringContent(seller.Id), "sellerId" },
            { new StringContent("apparel"), "category" },
        };
        live.Add(new ByteArrayContent(TestPictures.Original(9999, 900, 800, SkiaSharp.SKEncodedImageFormat.Jpeg)), "main", "main.jpg");
        var liveId = (await (await cluster.Processes[2].Operator.PostAsync("/api/listings", live)).ReadJson(HttpStatusCode.Accepted)).GetProperty("id").GetString()!;

        var progress = await DoneAsync(backfillId, TimeSpan.FromMinutes(5));
        var liveListing = await (await cluster.Processes[0].Operator.GetAsync($"/api/listings/{liveId}")).ReadJson(HttpStatusCode.OK);

        var listingCounts = progress.GetProperty("listings");
        Assert.Equal((24, 24, 0, 0), (listingCounts.GetProperty("total").GetInt32(), listingCounts.GetProperty("scanned").GetInt32(),
            listingCounts.GetProperty("queued").GetInt32(), listingCounts.GetProperty("failed").GetInt32()));
        Assert.Equal((48L, 48L), (progress.GetProperty("pictures").GetProperty("total").GetInt64(), progress.GetProperty("pictures").GetProperty("scanned").GetInt64()));
        // Every process reports the same progress: it is counted from the database, not from one process's memory.
        var others = await Task.WhenAll(cluster.Processes.Select(async p => (await (await p.Operator.GetAsync($"/api/backfills/{backfillId}")).ReadJson(HttpStatusCode.OK)).GetProperty("listings").GetRawText()));
        Assert.All(others, o => Assert.Equal(listingCounts.GetRawText(), o));

        // Each listing scanned by exactly one process; the work was spread (the log names who scanned what).
        var scannedBy = accepted.ToDictionary(id => id, id => cluster.Processes.Where(p => p.Output.Contains($"Listing {id} scanned", StringComparison.Ordinal)).Select(p => p.Index).ToList());
        Assert.All(scannedBy.Values, by => Assert.Single(by));
        var perProcess = scannedBy.Values.GroupBy(by => by[0]).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine("listings scanned per process: " + string.Join(", ", perProcess.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}")));
        Assert.True(perProcess.Count > 1, "every listing was scanned by one process");

        // The live listing went ahead of the backfill's queue: it was done before the backfill's last scan.
        Assert.Equal("scanned", liveListing.GetProperty("state").GetString());
        Assert.True(liveListing.GetProperty("scannedAt").GetDateTimeOffset() < progress.GetProperty("lastScannedAt").GetDateTimeOffset(),
            $"live listing scanned at {liveListing.GetProperty("scannedAt")}, the backfill's last at {progress.GetProperty("lastScannedAt")}");

        // The copy in the catalogue was found like any listing's.
        var warnings = await (await seller.Clients[2].GetAsync("/api/warnings")).ReadJson(HttpStatusCode.OK);
        Assert.Single(warnings.EnumerateArray());

        // The operator's page shows it.
        using var page = await cluster.Processes[1].Operator.GetAsync("/operator");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"data-backfill=\"{backfillId}\"", html, StringComparison.Ordinal);
        Assert.Contains("48 / 48", html, StringComparison.Ordinal);
    }

    private async Task<JsonElement> DoneAsync(string backfillId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            var progress = await (await cluster.Processes[clock.Elapsed.Seconds % ServerCluster.Size].Operator.GetAsync($"/api/backfills/{backfillId}")).ReadJson(HttpStatusCode.OK);
            last = progress.GetRawText();
            if (progress.GetProperty("state").GetString() == "done")
            {
                output.WriteLine($"backfill done after {clock.Elapsed.TotalSeconds:0.0} s: {last}");
                return progress;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The backfill is not done after {timeout.TotalSeconds} s: {last}");
    }
}
