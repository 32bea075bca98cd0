using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Originality.Server.Tests.Infrastructure;
using Originality.Storage;

namespace Originality.Server.Tests.Reviewing;

/// <summary>A match's difference map is computed once and kept, not recomputed on every request.</summary>
public sealed class MatchEvidenceTests() : MarketplaceTest(Database.Sqlite)
{
    [Fact]
    public async Task The_heat_map_is_computed_once_per_match_and_then_read_from_where_it_was_kept()
    {
        var owner = await Market.MemberAsync("alice");
        var copier = await Market.MemberAsync("mallory");
        var picture = TestPictures.Original(91);
        await Marketplace.FileAsync(owner, picture);
        await Market.PublishListingAsync(copier, "L-9101", "apparel", TestPictures.Copy(picture));
        var notice = (await (await owner.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK))[0];
        var url = notice.GetProperty("heatMapUrl").GetString()!;
        var matchId = notice.GetProperty("id").GetString()!;

        var first = await owner.Client.GetByteArrayAsync(url);

        var kept = Path.Combine(Path.GetFullPath(Server.Services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory),
            "match-evidence", Guid.Parse(matchId).ToString("N") + ".heatmap.png");
        Assert.Equal(first, await File.ReadAllBytesAsync(kept));
        // Whatever is kept is what is served: a second request does not render again.
        var marker = first.Take(first.Length - 1).Append((byte)(first[^1] ^ 0xFF)).ToArray();
        await File.WriteAllBytesAsync(kept, marker);
        Assert.Equal(marker, await owner.Client.GetByteArrayAsync(url));
    }
}
