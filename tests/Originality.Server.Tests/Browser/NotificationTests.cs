using System.Net;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Browser;

/// <summary>The seller's home says what is new (warnings, decisions) and which of its own steps are about to close.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task A_sellers_home_lists_new_warnings_and_decisions_then_the_deadlines_that_come_near()
    {
        var (alice, mallory, reviewer) = await NoticeAsync(59, "L-9501");
        (await _market.Operator.PostJson("/api/violations", new
        {
            memberId = mallory.Id, productId = "P-9501", type = "ContactDetailsShown", productRemoved = true, searchDemoted = true, points = 2,
            category = "apparel", skus = new[] { "sku-red" },
        })).EnsureSuccessStatusCode();
        var notice = (await (await alice.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK))[0];
        var id = (await (await alice.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString() })).ReadJson(HttpStatusCode.Created))
            .GetProperty("id").GetString();
        (await reviewer.Client.PostJson($"/api/complaints/{id}/acceptance", new { decision = "establish", reason = "Same picture." })).EnsureSuccessStatusCode();
        var bob = await _market.MemberAsync("bob");

        var owner = await SignedInAsync(alice.ApiKey);
        await owner.GotoAsync("/seller");
        Assert.Contains("Complaint CP-000001 was decided · Established", await owner.InnerTextAsync("#notifications li[data-kind=decision]"), StringComparison.Ordinal);
        // Marking them read keeps them listed but no longer new, and clears the menu's count beside Home.
        Assert.Equal("true", await owner.GetAttributeAsync("#notifications li[data-kind=decision]", "data-new"));
        Assert.Equal(1, await owner.Locator("header nav a[href='/seller'] .count").CountAsync());
        await owner.ClickAsync("#mark-read button");
        await owner.WaitForURLAsync("**/seller");
        Assert.Equal("false", await owner.GetAttributeAsync("#notifications li[data-kind=decision]", "data-new"));
        Assert.Equal(0, await owner.Locator("header nav a[href='/seller'] .count").CountAsync());
        Assert.Equal(0, await owner.Locator("#mark-read").CountAsync());
        var nobody = await SignedInAsync(bob.ApiKey);
        await nobody.GotoAsync("/seller");
        Assert.Equal(1, await nobody.Locator("#notifications-none").CountAsync());

        var page = await SignedInAsync(mallory.ApiKey, "zh");
        await page.GotoAsync("/seller");
        Assert.Contains("L-9501", await page.InnerTextAsync("#notifications li[data-kind=warning]"), StringComparison.Ordinal);
        Assert.Contains("投诉成立", await page.InnerTextAsync("#notifications li[data-kind=decision]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#notifications li[data-kind=deadline]").CountAsync());

        // Two days on, the appeal window closes within 48 hours: it heads the list and leads to the complaint.
        (await _market.Operator.PostJson("/api/clock/advance", new { days = 2 })).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        var first = page.Locator("#notifications li").First;
        Assert.Equal("deadline", await first.GetAttributeAsync("data-kind"));
        Assert.Contains("申诉期即将结束", await first.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal($"/seller/complaints/{id}", await first.Locator("a").GetAttributeAsync("href"));
        await ScreenshotAsync(page, "seller-notifications-zh");

        // Six days on, the recovery application's last 48 hours.
        (await _market.Operator.PostJson("/api/clock/advance", new { days = 4 })).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        var recovery = page.Locator("#notifications li[data-kind=deadline] a[href$='/apply']");
        Assert.Equal(1, await recovery.CountAsync());
        Assert.Contains("P-9501", await recovery.InnerTextAsync(), StringComparison.Ordinal);
    }
}
