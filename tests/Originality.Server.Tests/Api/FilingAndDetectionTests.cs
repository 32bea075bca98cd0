using System.Net;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Api;

/// <summary>Filing and detection through the real host; run once per database.</summary>
public abstract class FilingAndDetectionTests(Database database) : MarketplaceTest(database)
{

    [Fact]
    public async Task A_batch_upload_gives_one_outcome_per_file_and_refusals_do_not_stop_the_rest()
    {
        var alice = await Market.MemberAsync("alice");
        var folder = await Marketplace.FolderAsync(alice);

        var result = await Marketplace.UploadAsync(alice, folder,
            ("good.png", TestPictures.Original(1)),
            ("small.png", TestPictures.Original(2, 600, 500)),
            ("notes.txt", "hello"u8.ToArray()),
            ("fake.jpg", TestPictures.Original(3)));

        var files = result.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(4, files.Count);
        Assert.Equal("certified", files[0].GetProperty("outcome").GetString());
        Assert.Equal(("refused", "too-small", "F-3"), (files[1].GetProperty("outcome").GetString(), files[1].GetProperty("code").GetString(), files[1].GetProperty("rule").GetString()));
        Assert.Equal("refused", files[2].GetProperty("outcome").GetString());
        Assert.Equal("refused", files[3].GetProperty("outcome").GetString());
        Assert.All(files.Skip(1), f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("reason").GetString())));
        Assert.Equal(1, result.GetProperty("certified").GetInt32());
    }

    [Fact]
    public async Task A_certified_filing_has_a_certificate_and_its_original_is_kept()
    {
        var alice = await Market.MemberAsync("alice");
        var picture = TestPictures.Original(4);
        var filingId = await Marketplace.FileAsync(alice, picture);

        var certificate = await (await alice.Client.GetAsync($"/api/certificates/{filingId}")).ReadJson(HttpStatusCode.OK);
        var original = await alice.Client.GetByteArrayAsync($"/api/filings/{filingId}/original");
        var publicKey = await Server.Anonymous().GetStringAsync("/api/evidence/public-key");

        Assert.Equal(picture, original);
        Assert.Contains("BEGIN PUBLIC KEY", publicKey, StringComparison.Ordinal);
        using var key = Originality.Evidence.EvidencePublicKey.FromPem(publicKey);
        var report = Originality.Evidence.CertificateVerifier.Verify(certificate.GetRawText(), key, System.Security.Cryptography.SHA256.HashData(picture));
        Assert.True(report.Succeeded, string.Join("; ", report.Checks.Select(c => $"{c.Name}: {c.Outcome} {c.Message}")));
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(picture)), certificate.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_picture_filed_earlier_by_another_member_is_not_original()
    {
        var alice = await Market.MemberAsync("alice");
        var bob = await Market.MemberAsync("bob");
        var picture = TestPictures.Original(5, 1200, 1000);
        await Marketplace.FileAsync(alice, picture);
        (await Market.Operator.PostJson("/api/clock/advance", new { minutes = 1 })).EnsureSuccessStatusCode();

        var result = await Marketplace.UploadAsync(bob, await Marketplace.FolderAsync(bob), ("copy.jpg", TestPictures.Copy(picture, 0.75)));

        var file = result.GetProperty("files")[0];
        Assert.Equal(("refused", "not-original", "F-5"), (file.GetProperty("outcome").GetString(), file.GetProperty("code").GetString(), file.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task Member_B_asking_for_member_As_folder_filing_certificate_or_original_gets_404()
    {
        var alice = await Market.MemberAsync("alice");
        var bob = await Market.MemberAsync("bob");
        var filingId = await Marketplace.FileAsync(alice, TestPictures.Original(6));
        var folderId = (await (await alice.Client.GetAsync("/api/folders")).ReadJson(HttpStatusCode.OK))[0].GetProperty("id").GetString();

        foreach (var url in new[] { $"/api/folders/{folderId}", $"/api/filings/{filingId}", $"/api/certificates/{filingId}", $"/api/filings/{filingId}/original", $"/api/members/{alice.Id}" })
        {
            var response = await bob.Client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} gave {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_folder_name_used_twice_is_refused_with_the_rule()
    {
        var alice = await Market.MemberAsync("alice");
        await Marketplace.FolderAsync(alice, "Summer");

        var problem = await (await alice.Client.PostJson("/api/folders", new { name = "summer" })).ReadJson(HttpStatusCode.Conflict);

        Assert.Equal("/problems/folder-name-taken", problem.GetProperty("type").GetString());
        Assert.Equal("F-2", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_listing_that_copies_a_certified_picture_warns_the_seller_and_notifies_the_owner()
    {
        var alice = await Market.MemberAsync("alice");
        var mallory = await Market.MemberAsync("mallory");
        var picture = TestPictures.Original(7);
        var filingId = await Marketplace.FileAsync(alice, picture);

        var listing = await Market.PublishListingAsync(mallory, "L-1001", "apparel", TestPictures.Copy(picture), TestPictures.Original(8));

        Assert.Equal("scanned", listing.GetProperty("state").GetString());
        Assert.Equal(2, listing.GetProperty("picturesScanned").GetInt32());
        var warnings = await (await mallory.Client.GetAsync("/api/warnings")).ReadJson(HttpStatusCode.OK);
        var notices = await (await alice.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, warnings.GetArrayLength());
        Assert.Equal(1, notices.GetArrayLength());
        Assert.Equal(filingId, notices[0].GetProperty("filingId").GetString());
        Assert.Equal("L-1001", notices[0].GetProperty("listingId").GetString());
        Assert.DoesNotContain(alice.Id, warnings.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("alice", warnings.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listing_with_the_sellers_own_picture_raises_no_warning()
    {
        var alice = await Market.MemberAsync("alice");
        var picture = TestPictures.Original(9);
        await Marketplace.FileAsync(alice, picture);

        await Market.PublishListingAsync(alice, "L-2001", "apparel", TestPictures.Copy(picture));

        Assert.Equal(0, (await (await alice.Client.GetAsync("/api/warnings")).ReadJson(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task A_picture_seen_in_another_store_is_reported_as_common()
    {
        var alice = await Market.MemberAsync("alice");
        var bob = await Market.MemberAsync("bob");
        var picture = TestPictures.Original(10);
        await Market.PublishListingAsync(bob, "L-3001", "apparel", picture);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestPictures.Copy(picture)), "file", "candidate.jpg" } };

        var commonness = await (await alice.Client.PostAsync("/api/pictures/commonness", form)).ReadJson(HttpStatusCode.OK);

        Assert.Equal(1, commonness.GetProperty("stores").GetInt32());
        Assert.Equal(1, commonness.GetProperty("listings").GetInt32());
    }
}

public sealed class FilingAndDetectionOnSqliteTests() : FilingAndDetectionTests(Database.Sqlite);

public sealed class FilingAndDetectionOnPostgresTests() : FilingAndDetectionTests(Database.Postgres);

/// <summary>A-1..A-4 through the API (SQLite; the storage suite covers both databases).</summary>
public sealed class AuthorizationTests : IAsyncLifetime
{
    private readonly ServerFactory Server = new(Database.Sqlite);
    private Marketplace Market = null!;

    public Task InitializeAsync()
    {
        Market = new Marketplace(Server);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task An_authorized_seller_gets_no_warning_until_the_owner_revokes()
    {
        var alice = await Market.MemberAsync("alice");
        var bob = await Market.MemberAsync("bob");
        var picture = TestPictures.Original(31);
        var filingId = await Marketplace.FileAsync(alice, picture);
        var granted = await (await alice.Client.PostJson("/api/authorizations", new { nickname = "bob", category = "apparel", pictures = new[] { filingId } })).ReadJson(HttpStatusCode.Created);

        await Market.PublishListingAsync(bob, "L-4001", "apparel", TestPictures.Copy(picture));
        var before = await (await bob.Client.GetAsync("/api/warnings")).ReadJson(HttpStatusCode.OK);
        (await alice.Client.PostAsync($"/api/authorizations/{granted.GetProperty("id").GetString()}/revocation", null)).EnsureSuccessStatusCode();
        await Market.PublishListingAsync(bob, "L-4002", "apparel", TestPictures.Copy(picture, 0.9));
        var after = await (await bob.Client.GetAsync("/api/warnings")).ReadJson(HttpStatusCode.OK);

        Assert.Equal(0, before.GetArrayLength());
        Assert.Equal(1, after.GetArrayLength());
    }

    [Fact]
    public async Task Authorizing_an_unknown_nickname_is_refused_with_the_rule()
    {
        var alice = await Market.MemberAsync("alice");
        var filingId = await Marketplace.FileAsync(alice, TestPictures.Original(32));

        var problem = await (await alice.Client.PostJson("/api/authorizations", new { nickname = "nobody", category = "apparel", pictures = new[] { filingId } })).ReadJson(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("/problems/unknown-nickname", problem.GetProperty("type").GetString());
        Assert.Equal("A-1", problem.GetProperty("rule").GetString());
    }
}
