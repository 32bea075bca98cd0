using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Originality.Server.Tests.Infrastructure;
using Originality.Tests;

namespace Originality.Server.Tests.Violations;

/// <summary>
/// V-5: a replacement picture that is still the penalized one, slightly changed, is reported by the
/// engine's copy matcher; an unrelated photo is not. Run once per database.
/// </summary>
public abstract class PenalizedPictureTests : MarketplaceTest
{
    private const string TooSimilar = "replacement-too-similar";

    protected PenalizedPictureTests(Database database)
        : base(database, new Dictionary<string, string?>
        {
            ["Violations:TesseractPath"] = TestEnvironment.Require(TestEnvironment.TesseractPath, "tesseract"),
        })
    {
    }

    private static ByteArrayContent Part(byte[] content, string type)
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        return part;
    }

    private static MultipartFormDataContent Application(byte[] replacement) => new()
    {
        { new StringContent("We reshot the red dress ourselves on 3 March in our studio and replaced the copied picture."), "reason" },
        { new StringContent("true"), "letterSigned" },
        { new StringContent("true"), "letterSealed" },
        { Part("signed and sealed letter"u8.ToArray(), "application/pdf"), "commitmentLetter", "letter.pdf" },
        { Part(TestPictures.Original(seed: 3), "image/png"), "sourceFiles", "IMG_0001.png" },
        { Part(replacement, "image/jpeg"), "replacement.sku-red", "sku-red.jpg" },
    };

    private static IEnumerable<string?> Codes(JsonElement response) =>
        response.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString());

    [Fact]
    public async Task A_replacement_that_is_the_penalized_photo_recompressed_is_reported_and_an_unrelated_photo_is_not()
    {
        var seller = await Market.MemberAsync("rose");
        var penalized = TestPictures.Photo("bridge-mods/aaa-orig.jpg");
        var created = await (await Market.Operator.PostJson("/api/violations", new
        {
            memberId = seller.Id,
            productId = "P-900",
            type = "ContactDetailsShown",
            productRemoved = true,
            searchDemoted = false,
            points = 2,
            category = "apparel",
            skus = new[] { "sku-red" },
        })).ReadJson(HttpStatusCode.Created);
        var violationId = created.GetProperty("id").GetString();
        using (var picture = new MultipartFormDataContent { { Part(penalized, "image/jpeg"), "picture", "penalized.jpg" } })
        {
            await (await Market.Operator.PutAsync($"/api/violations/{violationId}/picture", picture)).ReadJson(HttpStatusCode.OK);
        }

        using var unrelated = Application(TestPictures.Photo("python-threatexchange/rgb.jpeg"));
        var unrelatedChecked = await (await seller.Client.PostAsync($"/api/violations/{violationId}/recovery-applications?checkOnly=true", unrelated))
            .ReadJson(HttpStatusCode.OK);
        using var recompressed = Application(TestPictures.Copy(penalized, scale: 0.9, quality: 85));
        var filed = await (await seller.Client.PostAsync($"/api/violations/{violationId}/recovery-applications", recompressed))
            .ReadJson(HttpStatusCode.Created);

        Assert.DoesNotContain(TooSimilar, Codes(unrelatedChecked));
        var finding = filed.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == TooSimilar);
        Assert.Equal("V-5", finding.GetProperty("rule").GetString());
        Assert.Equal("sku-red.jpg", finding.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_penalized_picture_that_is_not_a_picture_is_refused_with_the_field_named()
    {
        var seller = await Market.MemberAsync("ivy");
        var created = await (await Market.Operator.PostJson("/api/violations", new
        {
            memberId = seller.Id,
            productId = "P-901",
            type = "ContactDetailsShown",
            productRemoved = true,
            searchDemoted = false,
            points = 2,
            category = "apparel",
            skus = new[] { "sku-blue" },
        })).ReadJson(HttpStatusCode.Created);
        var violationId = created.GetProperty("id").GetString();

        using var text = new MultipartFormDataContent { { Part("not a picture"u8.ToArray(), "image/jpeg"), "picture", "penalized.jpg" } };
        var problem = await (await Market.Operator.PutAsync($"/api/violations/{violationId}/picture", text)).ReadJson(HttpStatusCode.BadRequest);

        Assert.Contains("unsupported-format", problem.GetProperty("errors").GetProperty("picture")[0].GetString(), StringComparison.Ordinal);
    }
}

public sealed class SqlitePenalizedPictureTests() : PenalizedPictureTests(Database.Sqlite);

public sealed class PostgresPenalizedPictureTests() : PenalizedPictureTests(Database.Postgres);
