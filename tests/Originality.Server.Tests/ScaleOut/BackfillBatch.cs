using System.Net.Http.Headers;
using System.Text.Json;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>One listing of a backfill batch as a test sends it: its pictures' bytes, main first.</summary>
public sealed record BatchListing(string ListingId, string SellerId, IReadOnlyList<byte[]> Pictures, string Category = "apparel");

/// <summary>Builds the multipart body of <c>POST /api/backfills/{id}/listings</c>: the <c>listings</c> manifest and the files it names.</summary>
public static class BackfillBatch
{
    public static MultipartFormDataContent Form(IEnumerable<BatchListing> listings)
    {
        var form = new MultipartFormDataContent();
        var manifest = new List<object>();
        var n = 0;
        foreach (var listing in listings)
        {
            var parts = new List<string>();
            foreach (var picture in listing.Pictures)
            {
                var part = "f" + n++;
                var content = new ByteArrayContent(picture);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                form.Add(content, part, part + ".jpg");
                parts.Add(part);
            }
            manifest.Add(new { listingId = listing.ListingId, sellerId = listing.SellerId, category = listing.Category, main = parts[0], skus = parts.Skip(1).ToArray() });
        }
        form.Add(new StringContent(JsonSerializer.Serialize(manifest)), "listings");
        return form;
    }
}
