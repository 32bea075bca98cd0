using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Originality.Server.Tests.Infrastructure;
using Originality.Tests;

namespace Originality.Server.Tests.Browser;

/// <summary>
/// The web pages in real Chromium (Debian's, through Playwright's bundled driver; nothing is
/// downloaded). The host listens on a free localhost port. Screenshots go to
/// TestResults/screenshots beside the test binaries.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly ServerFactory _server = new(Database.Sqlite, kestrel: true);
    private Marketplace _market = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _baseUrl = "";

    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var chromium = TestEnvironment.Require(TestEnvironment.ChromiumPath, "Chromium (Debian package chromium)");
        _server.StartServer();
        _baseUrl = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        _server.KestrelAddress = new Uri(_baseUrl);
        _market = new Marketplace(_server);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<IPage> SignedInAsync(string apiKey, string language = "en")
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, Locale = language == "zh" ? "zh-CN" : "en-US" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/login?lang={language}");
        await page.FillAsync("#apiKey", apiKey);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    [Fact]
    public async Task A_seller_uploads_a_folder_and_sees_an_outcome_for_every_file()
    {
        var alice = await _market.MemberAsync("alice");
        var page = await SignedInAsync(alice.ApiKey);

        await page.GotoAsync("/seller/folders");
        await page.FillAsync("#name", "Browser shoot");
        await page.ClickAsync("#new-folder button[type=submit]");
        await page.SetInputFilesAsync("#files", new[]
        {
            new FilePayload { Name = "dress.png", MimeType = "image/png", Buffer = TestPictures.Original(41) },
            new FilePayload { Name = "thumbnail.png", MimeType = "image/png", Buffer = TestPictures.Original(42, 500, 400) },
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "not a picture"u8.ToArray() },
        });
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.WaitForSelectorAsync("#upload-results");
        await ScreenshotAsync(page, "seller-upload-results");

        var rows = page.Locator("#upload-results tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        Assert.Contains("Certified", await rows.Nth(0).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Refused", await rows.Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("F-3", await rows.Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Refused", await rows.Nth(2).InnerTextAsync(), StringComparison.Ordinal);

        await page.GotoAsync(page.Url.Replace("/upload", "", StringComparison.Ordinal));
        await page.ClickAsync("#lang-switch");
        await page.WaitForSelectorAsync("html[lang=zh-CN]");
        Assert.Contains("上传图片", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        await ScreenshotAsync(page, "seller-folder-zh");
    }

    [Fact]
    public async Task A_seller_sees_a_warning_with_both_pictures_side_by_side()
    {
        var alice = await _market.MemberAsync("alice");
        var mallory = await _market.MemberAsync("mallory");
        var picture = TestPictures.Original(43);
        await Marketplace.FileAsync(alice, picture);
        await _market.PublishListingAsync(mallory, "L-7001", "apparel", TestPictures.Copy(picture));
        var page = await SignedInAsync(mallory.ApiKey);

        await page.GotoAsync("/seller/warnings");
        await ScreenshotAsync(page, "seller-warning");

        // The suspect, the certified picture and the match's heat map.
        var images = page.Locator(".warning img");
        Assert.Equal(3, await images.CountAsync());
        Assert.True(await images.Nth(0).EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        Assert.True(await images.Nth(1).EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        Assert.True(await images.Nth(2).EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        Assert.Equal(2, await page.Locator(".warning .area").CountAsync());
    }

    [Fact]
    public async Task A_reviewer_decides_a_case_from_the_queue()
    {
        var alice = await _market.MemberAsync("alice");
        var mallory = await _market.MemberAsync("mallory");
        var reviewer = await _market.ReviewerAsync();
        var picture = TestPictures.Original(44);
        await Marketplace.FileAsync(alice, picture);
        await _market.PublishListingAsync(mallory, "L-8001", "apparel", TestPictures.Copy(picture));
        var notice = (await (await alice.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK))[0];
        (await alice.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString() })).EnsureSuccessStatusCode();
        var page = await SignedInAsync(reviewer.ApiKey, "zh");

        await page.ClickAsync("#queue-acceptance a");
        await page.WaitForSelectorAsync("#acceptance-form");
        await ScreenshotAsync(page, "reviewer-case");
        Assert.Equal(3, await page.Locator(".evidence img").CountAsync());
        await page.FillAsync("#reason", "主图与权利人备案图片一致。");
        await page.ClickAsync("#establish");
        await page.WaitForSelectorAsync("#decided");
        await ScreenshotAsync(page, "reviewer-decided");

        Assert.Contains("Established", await page.InnerTextAsync("#case-status"), StringComparison.Ordinal);
        var points = await (await mallory.Client.GetAsync("/api/points")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, points.GetProperty("penalties").GetArrayLength());
    }
}
