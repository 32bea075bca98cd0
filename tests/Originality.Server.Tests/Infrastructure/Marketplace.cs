using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Originality.Server.Tests.Infrastructure;

/// <summary>A member as the tests use it: its id, store id and an authenticated client.</summary>
public sealed record TestMember(string Id, string Nickname, string StoreId, string ApiKey, HttpClient Client);

/// <summary>Builds a marketplace through the API, the way an operator and sellers would.</summary>
public sealed class Marketplace(ServerFactory server)
{
    private static int _storeSequence = 1000000;

    public ServerFactory Server => server;

    public HttpClient Operator { get; } = server.Operator();

    public async Task<TestMember> MemberAsync(string nickname, params string[] categories)
    {
        var storeId = "AE-" + Interlocked.Increment(ref _storeSequence).ToString("D7");
        var response = await Operator.PostJson("/api/members", new
        {
            nickname,
            storeId,
            storeLevel = 3,
            categories = categories.Length == 0 ? ["apparel"] : categories,
        });
        var created = await response.ReadJson(HttpStatusCode.Created);
        var key = created.GetProperty("apiKey").GetString()!;
        return new TestMember(created.GetProperty("member").GetProperty("id").GetString()!, nickname, storeId, key, server.ClientWithKey(key));
    }

    public async Task<TestMember> ReviewerAsync(string name = "Rita")
    {
        var created = await (await Operator.PostJson("/api/reviewers", new { name })).ReadJson(HttpStatusCode.Created);
        var key = created.GetProperty("apiKey").GetString()!;
        return new TestMember(created.GetProperty("id").GetString()!, name, "", key, server.ClientWithKey(key));
    }

    public static async Task<string> FolderAsync(TestMember member, string name = "Spring shoot")
    {
        var folder = await (await member.Client.PostJson("/api/folders", new { name })).ReadJson(HttpStatusCode.Created);
        return folder.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> UploadAsync(TestMember member, string folderId, params (string Name, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
            form.Add(part, "files", name);
        }
        return await (await member.Client.PostAsync($"/api/folders/{folderId}/pictures", form)).ReadJson(HttpStatusCode.OK);
    }

    /// <summary>Files one picture and returns its filing id (asserting it was certified).</summary>
    public static async Task<string> FileAsync(TestMember member, byte[] picture, string name = "original.png")
    {
        var folder = await FolderAsync(member, "Folder " + Guid.NewGuid().ToString("N")[..6]);
        var result = await UploadAsync(member, folder, (name, picture));
        var file = result.GetProperty("files")[0];
        Assert.Equal("certified", file.GetProperty("outcome").GetString());
        return file.GetProperty("filingId").GetString()!;
    }

    /// <summary>Pushes a listing as the marketplace does and waits (bounded) until its scan has finished.</summary>
    public async Task<JsonElement> PublishListingAsync(TestMember seller, string listingId, string category, byte[] main, params byte[][] skus)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(listingId), "listingId" },
            { new StringContent(seller.Id), "sellerId" },
            { new StringContent(category), "category" },
        };
        form.Add(new ByteArrayContent(main), "main", "main.jpg");
        for (var i = 0; i < skus.Length; i++)
        {
            form.Add(new ByteArrayContent(skus[i]), "sku", $"sku{i}.jpg");
        }
        var accepted = await (await Operator.PostAsync("/api/listings", form)).ReadJson(HttpStatusCode.Accepted);
        return await ScannedAsync(accepted.GetProperty("id").GetString()!);
    }

    /// <summary>Waits (bounded) until the scan of listing <paramref name="id"/> has finished; returns the listing.</summary>
    public async Task<JsonElement> ScannedAsync(string id)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var listing = await (await Operator.GetAsync($"/api/listings/{id}")).ReadJson(HttpStatusCode.OK);
            var state = listing.GetProperty("state").GetString();
            if (state is "scanned" or "failed")
            {
                return listing;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The listing scan did not finish.");
    }

    /// <summary>A contact-details violation of <paramref name="productId"/> (one SKU) and its recovery application with every item V-4 asks for; the application's id.</summary>
    public async Task<string> RecoveryApplicationAsync(TestMember seller, string productId)
    {
        var violation = await (await Operator.PostJson("/api/violations", new
        {
            memberId = seller.Id, productId, type = "ContactDetailsShown", productRemoved = true, searchDemoted = true, points = 2,
            category = "apparel", skus = new[] { "sku-red" },
        })).ReadJson(HttpStatusCode.Created);
        static ByteArrayContent Part(byte[] content, string type)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            return part;
        }
        using var form = new MultipartFormDataContent
        {
            { new StringContent("The hotline printed on the SKU picture was removed; the red dress was photographed again on 3 March."), "reason" },
            { new StringContent("true"), "letterSigned" },
            { new StringContent("true"), "letterSealed" },
            { Part("%PDF-1.4 letter"u8.ToArray(), "application/pdf"), "commitmentLetter", "letter.pdf" },
            { Part(Originality.Measurement.Checks.ExifJpegBuilder.PhonePhoto().Picture(700, 700, 0xFFB04030).Build(), "image/jpeg"), "sourceFiles", "IMG_0001.jpg" },
            { Part(TestPictures.Original(77), "image/png"), "replacement.sku-red", "red.png" },
        };
        var filed = await (await seller.Client.PostAsync($"/api/violations/{violation.GetProperty("id").GetString()}/recovery-applications", form)).ReadJson(HttpStatusCode.Created);
        return filed.GetProperty("id").GetString()!;
    }
}
