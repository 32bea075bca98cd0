using System.Net;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Originality.Server.Tests.Infrastructure;
using Originality.Tests;

namespace Originality.Server.Tests.Browser;

/// <summary>
/// Every page of every role through axe-core (bundled with Deque.AxeCore.Playwright, injected into
/// Debian's Chromium): no serious or critical violation, in English at desktop width and in
/// Chinese at phone width (390 px), where nothing may be wider than the screen either.
/// </summary>
public sealed class AccessibilityTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new(Database.Sqlite, kestrel: true);
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var chromium = TestEnvironment.Require(TestEnvironment.ChromiumPath, "Chromium (Debian package chromium)");
        _server.StartServer();
        _baseUrl = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        _server.KestrelAddress = new Uri(_baseUrl);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true, Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_page_has_no_serious_accessibility_violation_at_desktop_and_phone_width()
    {
        var market = new Marketplace(_server);
        var owner = await market.MemberAsync("alice", "apparel");
        var copier = await market.MemberAsync("mallory");
        var reviewer = await market.ReviewerAsync();
        var picture = TestPictures.Original(95);
        var folder = await Marketplace.FolderAsync(owner, "Spring");
        await Marketplace.UploadAsync(owner, folder, ("a.png", picture));
        await market.PublishListingAsync(copier, "L-9501", "apparel", TestPictures.Copy(picture));
        var notice = (await (await owner.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK))[0];
        var id = (await (await owner.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString() })).ReadJson(HttpStatusCode.Created))
            .GetProperty("id").GetString();

        string[] seller = ["/seller", "/seller/folders", $"/seller/folders/{folder}", "/seller/certificates", "/seller/warnings",
            "/seller/complaints", "/seller/authorizations", "/seller/points", "/seller/violations"];
        var visits = new List<(string? Key, string Path)> { (null, "/login") };
        visits.AddRange(seller.Select(p => ((string?)owner.ApiKey, p)));
        visits.Add((owner.ApiKey, $"/seller/complaints/{id}"));
        visits.AddRange(new[] { "/seller/warnings", "/seller/complaints", $"/seller/complaints/{id}" }.Select(p => ((string?)copier.ApiKey, p)));
        var application = await market.RecoveryApplicationAsync(copier, "P-9502");
        visits.AddRange(new[] { "/reviewer", $"/reviewer/cases/{id}", "/reviewer/recovery", $"/reviewer/recovery/{application}" }.Select(p => ((string?)reviewer.ApiKey, p)));
        visits.Add((ServerFactory.OperatorKey, "/operator"));

        var found = new List<string>();
        foreach (var (language, width, height) in new[] { ("en", 1280, 900), ("zh", 390, 844) })
        {
            var pages = new Dictionary<string, IPage>(StringComparer.Ordinal);
            foreach (var (key, path) in visits)
            {
                var page = await PageForAsync(key, language, width, height, pages);
                await page.GotoAsync($"{path}?lang={language}");
                var results = await page.RunAxe();
                found.AddRange(results.Violations
                    .Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{language} {width}px {path}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}"));
                if (width < 400 && !await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"))
                {
                    found.Add($"{language} {width}px {path}: wider than the screen");
                }
            }
        }

        Assert.True(found.Count == 0, "Accessibility:\n" + string.Join("\n", found));
    }

    private async Task<IPage> PageForAsync(string? key, string language, int width, int height, Dictionary<string, IPage> pages)
    {
        if (pages.TryGetValue(key ?? "", out var existing))
        {
            return existing;
        }
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseUrl, Locale = language == "zh" ? "zh-CN" : "en-US", ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        if (key is not null)
        {
            await page.GotoAsync($"/login?lang={language}");
            await page.FillAsync("#apiKey", key);
            await page.ClickAsync("#login-form button[type=submit]");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        pages[key ?? ""] = page;
        return page;
    }
}
