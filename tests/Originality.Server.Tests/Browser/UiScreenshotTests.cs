using System.Net;
using Microsoft.Playwright;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Browser;

/// <summary>
/// Every role's pages over one marketplace story, photographed for docs/ui.md. The pictures go to
/// TestResults/ui; with <c>ORIGINALITY_UI_DOCS</c> set to a directory (docs/ui) they are written
/// there too, small: half the pixels of the screen, at most 1800 px of page height.
/// </summary>
public sealed partial class BrowserTests
{
    private static readonly string[] DocsDirectories =
        [Path.Combine(AppContext.BaseDirectory, "TestResults", "ui"), .. Environment.GetEnvironmentVariable("ORIGINALITY_UI_DOCS") is { Length: > 0 } d ? new[] { d } : []];

    private async Task<IPage> DocsPageAsync(string? apiKey, string language, int width)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseUrl, Locale = language == "zh" ? "zh-CN" : "en-US",
            ViewportSize = new ViewportSize { Width = width, Height = 900 }, DeviceScaleFactor = width < 500 ? 1 : 0.6f,
        });
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync($"/login?lang={language}");
        if (apiKey is not null)
        {
            await page.FillAsync("#apiKey", apiKey);
            await page.ClickAsync("#login-form button[type=submit]");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        return page;
    }

    /// <summary>Opens <paramref name="path"/>, checks it is a whole page in the reader's words, and photographs it.</summary>
    private static async Task PhotographAsync(IPage page, string path, string name)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response!.Status == 200, $"{path} answered {response.Status}");
        Assert.NotEqual("", (await page.InnerTextAsync("main h1")).Trim());
        Assert.DoesNotMatch(@"\[[a-zA-Z.-]+\]", await page.InnerTextAsync("body"));
        // Lazy pictures below the fold load only when scrolled to; the photograph shows the whole page, so they load now.
        await page.EvaluateAsync("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')");
        try
        {
            await page.WaitForFunctionAsync("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{path}: a picture did not load");
        }
        await SnapAsync(page, name);
    }

    private static async Task SnapAsync(IPage page, string name)
    {
        var height = Math.Min(1800, await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight"));
        var width = page.ViewportSize!.Width;
        foreach (var directory in DocsDirectories)
        {
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(directory, name + ".png"), FullPage = true,
                Clip = new Clip { X = 0, Y = 0, Width = width, Height = height },
            });
        }
    }

    [Fact]
    public async Task Every_roles_pages_are_photographed_over_one_story()
    {
        var alice = await _market.MemberAsync("alice", "apparel");
        var mallory = await _market.MemberAsync("mallory");
        await _market.MemberAsync("bob");
        var reviewer = await _market.ReviewerAsync();
        var folder = await Marketplace.FolderAsync(alice, "Spring 2026 shoot");
        var pictures = Enumerable.Range(0, 3).Select(i => TestPictures.Original(60 + i)).ToArray();
        var uploaded = await Marketplace.UploadAsync(alice, folder, [.. pictures.Select((p, i) => ($"dress-{i + 1}.png", p))]);
        var filingId = uploaded.GetProperty("files")[0].GetProperty("filingId").GetString();
        for (var i = 0; i < 3; i++)
        {
            await _market.PublishListingAsync(mallory, $"L-100{i + 1}", "apparel", TestPictures.Original(160 + i), TestPictures.Copy(pictures[i]));
        }
        var ids = new List<string>();
        foreach (var notice in (await (await alice.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK)).EnumerateArray())
        {
            ids.Add((await (await alice.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString(), description = "Copied from our spring shoot." }))
                .ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString()!);
        }
        foreach (var id in ids.Take(2))
        {
            (await reviewer.Client.PostJson($"/api/complaints/{id}/acceptance", new { decision = "establish", reason = "The SKU picture is the owner's certified picture." })).EnsureSuccessStatusCode();
        }
        (await mallory.Client.PostJson($"/api/complaints/{ids[0]}/appeals", new { statement = "We bought this picture from a photographer." })).EnsureSuccessStatusCode();
        (await alice.Client.PostJson("/api/authorizations", new { nickname = "bob", category = "apparel", pictures = new[] { filingId } })).EnsureSuccessStatusCode();
        var application = await _market.RecoveryApplicationAsync(mallory, "P-2001");

        var visitor = await DocsPageAsync(null, "en", 1200);
        await PhotographAsync(visitor, "/login", "login");
        var owner = await DocsPageAsync(alice.ApiKey, "en", 1200);
        await PhotographAsync(owner, "/seller", "seller-home");
        await PhotographAsync(owner, $"/seller/folders/{folder}", "seller-folder");
        var more = new[] { Convert.ToBase64String(TestPictures.Original(70)), Convert.ToBase64String(TestPictures.Original(71, 600, 500)) };
        await owner.EvaluateAsync("""
            pictures => {
              const transfer = new DataTransfer();
              pictures.forEach((b64, i) => transfer.items.add(new File([Uint8Array.from(atob(b64), c => c.charCodeAt(0))], `look-${i + 1}.png`, { type: "image/png" })));
              document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """, more);
        await owner.WaitForSelectorAsync("#bulk-summary:has-text('2 of 2 done')");
        await SnapAsync(owner, "seller-bulk-upload");
        await PhotographAsync(owner, "/seller/certificates", "seller-certificates");
        await PhotographAsync(owner, "/seller/complaints", "seller-complaints");
        await PhotographAsync(owner, $"/seller/complaints/{ids[1]}", "seller-complaint-owner");
        await PhotographAsync(owner, "/seller/authorizations", "seller-authorizations");
        var copier = await DocsPageAsync(mallory.ApiKey, "zh", 1200);
        await PhotographAsync(copier, "/seller/warnings", "seller-warnings-zh");
        await PhotographAsync(copier, $"/seller/complaints/{ids[1]}", "seller-complaint-respondent-zh");
        await PhotographAsync(copier, "/seller/points", "seller-points-zh");
        await PhotographAsync(copier, "/seller/violations", "seller-violations-zh");
        var phone = await DocsPageAsync(mallory.ApiKey, "zh", 390);
        await PhotographAsync(phone, "/seller/complaints", "seller-complaints-phone-zh");
        var staff = await DocsPageAsync(reviewer.ApiKey, "en", 1200);
        await PhotographAsync(staff, "/reviewer", "reviewer-queue");
        await PhotographAsync(staff, $"/reviewer/cases/{ids[2]}", "reviewer-case");
        await PhotographAsync(staff, "/reviewer/recovery", "reviewer-recovery-queue");
        await PhotographAsync(staff, $"/reviewer/recovery/{application}", "reviewer-recovery-application");
        var console = await DocsPageAsync(ServerFactory.OperatorKey, "en", 1200);
        await PhotographAsync(console, "/operator", "operator-console");

        var written = Directory.GetFiles(DocsDirectories[0], "*.png");
        Assert.Equal(18, written.Length);
        Assert.All(written, f => Assert.True(new FileInfo(f).Length < 400_000, $"{f} is {new FileInfo(f).Length} bytes"));
    }
}
