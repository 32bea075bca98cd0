using System.Net;
using System.Text.Json;
using Originality.Server.Tests.Infrastructure;
using Originality.Server.Tests.ScaleOut;

namespace Originality.Server.Tests.Api;

/// <summary>
/// The backfill resource's refusals and its progress on one process (issue 11, item 6); the
/// scale-out behaviour is in <see cref="BackfillTests"/>. A batch that cannot be read is refused
/// whole with a 400 problem; a listing that cannot be taken is refused on its own.
/// </summary>
public abstract class BackfillApiTests(Database database)
    : MarketplaceTest(database, new Dictionary<string, string?> { ["Backfill:MaxListingsPerBatch"] = "3", ["Backfill:MaxPicturesPerListing"] = "2" })
{
    private async Task<string> BackfillAsync() =>
        (await (await Market.Operator.PostJson("/api/backfills", new { name = "catalogue" })).ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    private static byte[] Picture(int seed) => TestPictures.Original(seed, 800, 760, SkiaSharp.SKEncodedImageFormat.Jpeg);

    [Fact]
    public async Task Batches_that_cannot_be_read_are_refused_whole_and_only_the_operator_may_push_them()
    {
        var seller = await Market.MemberAsync("catalogue-seller");
        var id = await BackfillAsync();

        async Task<JsonElement> Refused(HttpContent content)
        {
            using var response = await Market.Operator.PostAsync($"/api/backfills/{id}/listings", content);
            return await response.ReadJson(HttpStatusCode.BadRequest);
        }

        using (var notJson = new MultipartFormDataContent { { new StringContent("{not json"), "listings" } })
        {
            Assert.True((await Refused(notJson)).GetProperty("errors").TryGetProperty("listings", out _));
        }
        using (var notArray = new MultipartFormDataContent { { new StringContent("{\"listingId\":\"x\"}"), "listings" } })
        {
            await Refused(notArray);
        }
        using (var empty = new MultipartFormDataContent { { new StringContent("[]"), "listings" } })
        {
            await Refused(empty);
        }
        using (var tooMany = BackfillBatch.Form(Enumerable.Range(0, 4).Select(i => new BatchListing("L" + i, seller.Id, [Picture(i)]))))
        {
            var problem = await Refused(tooMany);
            Assert.Contains("1 to 3", problem.GetRawText(), StringComparison.Ordinal);
        }
        using (var json = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))
        {
            (await (await Market.Operator.PostAsync($"/api/backfills/{id}/listings", json)).ReadJson(HttpStatusCode.UnsupportedMediaType)).GetProperty("type");
        }
        (await (await Market.Operator.PostJson("/api/backfills", new { name = "  " })).ReadJson(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("name");

        using (var unknown = BackfillBatch.Form([new BatchListing("L1", seller.Id, [Picture(1)])]))
        {
            (await (await Market.Operator.PostAsync("/api/backfills/no-such-backfill/listings", unknown)).ReadJson(HttpStatusCode.NotFound)).GetProperty("type");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Market.Operator.GetAsync("/api/backfills/no-such-backfill")).StatusCode);
        using (var bySeller = BackfillBatch.Form([new BatchListing("L1", seller.Id, [Picture(1)])]))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await seller.Client.PostAsync($"/api/backfills/{id}/listings", bySeller)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.Client.GetAsync($"/api/backfills/{id}")).StatusCode);

        // Nothing of the refused batches was taken.
        var progress = await (await Market.Operator.GetAsync($"/api/backfills/{id}")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(("empty", 0), (progress.GetProperty("state").GetString(), progress.GetProperty("listings").GetProperty("total").GetInt32()));
    }

    [Fact]
    public async Task Each_listing_of_a_batch_is_taken_or_refused_on_its_own_and_the_progress_counts_the_scans()
    {
        var seller = await Market.MemberAsync("catalogue-seller");
        var id = await BackfillAsync();
        using var form = BackfillBatch.Form(
        [
            new BatchListing("L-ok", seller.StoreId, [Picture(11), Picture(12)]),
            new BatchListing("L-too-many", seller.Id, [Picture(13), Picture(14), Picture(15)]),
            new BatchListing("", seller.Id, [Picture(16)]),
        ]);
        // A listing whose manifest names a file the form does not have.
        form.Add(new StringContent(""), "unused");
        var result = await (await Market.Operator.PostAsync($"/api/backfills/{id}/listings", form)).ReadJson(HttpStatusCode.OK);
        using var missing = new MultipartFormDataContent
        {
            { new StringContent("""[{"listingId":"L-missing","sellerId":"x","category":"apparel","main":"nope"}]"""), "listings" },
        };
        var missingResult = await (await Market.Operator.PostAsync($"/api/backfills/{id}/listings", missing)).ReadJson(HttpStatusCode.OK);

        var outcomes = result.GetProperty("listings").EnumerateArray().Select(o => o.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(["accepted", "refused", "refused"], outcomes);
        Assert.True(result.GetProperty("listings")[1].GetProperty("errors").TryGetProperty("skus", out _));
        Assert.True(result.GetProperty("listings")[2].GetProperty("errors").TryGetProperty("listingId", out _));
        var missingErrors = missingResult.GetProperty("listings")[0].GetProperty("errors");
        Assert.Contains("'nope'", missingErrors.GetProperty("pictures")[0].GetString(), StringComparison.Ordinal);
        Assert.True(missingErrors.TryGetProperty("sellerId", out _));

        var listingId = result.GetProperty("listings")[0].GetProperty("id").GetString()!;
        await Market.ScannedAsync(listingId);
        var progress = await (await Market.Operator.GetAsync($"/api/backfills/{id}")).ReadJson(HttpStatusCode.OK);
        Assert.Equal("done", progress.GetProperty("state").GetString());
        Assert.Equal((1, 1), (progress.GetProperty("listings").GetProperty("total").GetInt32(), progress.GetProperty("listings").GetProperty("scanned").GetInt32()));
        Assert.Equal((2L, 2L), (progress.GetProperty("pictures").GetProperty("total").GetInt64(), progress.GetProperty("pictures").GetProperty("scanned").GetInt64()));
        var list = await (await Market.Operator.GetAsync("/api/backfills")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(id, list[0].GetProperty("id").GetString());

        var page = await Market.Operator.GetAsync("/operator?lang=zh");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("商品目录回填", html, StringComparison.Ordinal);
        Assert.Contains($"data-backfill=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains("2 / 2", html, StringComparison.Ordinal);
    }
}

public sealed class BackfillApiOnSqliteTests() : BackfillApiTests(Database.Sqlite);

public sealed class BackfillApiOnPostgresTests() : BackfillApiTests(Database.Postgres);
