using System.Net;
using Microsoft.Playwright;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Browser;

/// <summary>Bulk filing from a folder's page: one request per file, each with its thumbnail, progress and outcome.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task A_seller_files_chosen_and_dropped_pictures_one_by_one_and_sees_each_outcome_in_Chinese()
    {
        var alice = await _market.MemberAsync("alice");
        var folder = await Marketplace.FolderAsync(alice, "批量");
        var page = await SignedInAsync(alice.ApiKey, "zh");
        await page.GotoAsync($"/seller/folders/{folder}");
        Assert.True(await page.IsVisibleAsync("#dropzone"));
        Assert.Equal(0, await page.Locator("#filings").CountAsync());

        await page.SetInputFilesAsync("#files", new[]
        {
            new FilePayload { Name = "dress.png", MimeType = "image/png", Buffer = TestPictures.Original(91) },
            new FilePayload { Name = "thumbnail.png", MimeType = "image/png", Buffer = TestPictures.Original(92, 500, 400) },
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "not a picture"u8.ToArray() },
        });
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.WaitForSelectorAsync("#bulk-summary:has-text('已完成 3/3')");

        var rows = page.Locator("#bulk-progress li");
        Assert.Equal(3, await rows.CountAsync());
        Assert.Equal("certified", await rows.Nth(0).GetAttributeAsync("data-state"));
        Assert.Equal("refused", await rows.Nth(1).GetAttributeAsync("data-state"));
        Assert.Equal("refused", await rows.Nth(2).GetAttributeAsync("data-state"));
        Assert.True(await rows.Nth(0).Locator("img.thumb").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 900"));
        Assert.Equal(100, await rows.Nth(1).Locator("progress").EvaluateAsync<int>("p => p.value"));
        Assert.Contains("(F-3)", await rows.Nth(1).Locator(".outcome").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", await rows.Nth(2).Locator(".outcome").InnerTextAsync());
        Assert.Equal(1, await rows.Nth(0).Locator(".outcome a[href^='/api/certificates/']").CountAsync());
        Assert.Contains("1 张已认证，2 张被拒绝", await page.InnerTextAsync("#bulk-summary"), StringComparison.Ordinal);
        // The folder's list of pictures is read again once the last file is done, without a reload.
        await page.WaitForSelectorAsync("#pictures[data-refreshed='3']");
        Assert.Equal(["dress.png"], await page.Locator("#filings tbody tr td:first-child").AllInnerTextsAsync());

        // Pictures dropped on the page are filed the same way (a drop carries files, not a form).
        var dropped = new[] { Convert.ToBase64String(TestPictures.Original(93)), Convert.ToBase64String(TestPictures.Original(94)) };
        await page.EvaluateAsync("""
            pictures => {
              const transfer = new DataTransfer();
              pictures.forEach((b64, i) => transfer.items.add(new File([Uint8Array.from(atob(b64), c => c.charCodeAt(0))], `drop-${i}.png`, { type: "image/png" })));
              document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """, dropped);
        await page.WaitForSelectorAsync("#bulk-summary:has-text('已完成 5/5')");
        await ScreenshotAsync(page, "seller-bulk-upload-zh");

        Assert.Contains("3 张已认证", await page.InnerTextAsync("#bulk-summary"), StringComparison.Ordinal);
        await page.WaitForSelectorAsync("#pictures[data-refreshed='5']");
        Assert.Equal(3, await page.Locator("#filings tbody tr").CountAsync());
        var filings = await (await alice.Client.GetAsync($"/api/folders/{folder}/filings")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(3, filings.GetArrayLength());
    }
}
