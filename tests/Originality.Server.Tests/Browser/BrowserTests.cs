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
public sealed partial class BrowserTests : IAsyncLifetime
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

    /// <summary>The questions the pages asked before irreversible steps (each accepted, as a person would).</summary>
    private readonly List<string> _confirmations = [];

    private async Task<IPage> SignedInAsync(string apiKey, string language = "en", bool javaScript = true)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, Locale = language == "zh" ? "zh-CN" : "en-US", JavaScriptEnabled = javaScript });
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) =>
        {
            lock (_confirmations)
            {
                _confirmations.Add(dialog.Message);
            }
            await dialog.AcceptAsync();
        };
        await page.GotoAsync($"/login?lang={language}");
        await page.FillAsync("#apiKey", apiKey);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    [Fact]
    public async Task Without_the_script_a_seller_uploads_a_folder_and_sees_an_outcome_for_every_file()
    {
        var alice = await _market.MemberAsync("alice");
        var page = await SignedInAsync(alice.ApiKey, javaScript: false);

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

        await page.ClickAsync("#queue a.case-ref");
        await page.WaitForSelectorAsync("#acceptance-form");
        await ScreenshotAsync(page, "reviewer-case");
        // Side by side, the original laid on the suspect, the difference map and the server's blend.
        var images = page.Locator(".evidence img");
        Assert.Equal(6, await images.CountAsync());
        for (var i = 0; i < 6; i++)
        {
            Assert.True(await images.Nth(i).EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), $"Picture {i} did not load.");
        }
        await page.FillAsync("#reason", "主图与权利人备案图片一致。");
        await page.ClickAsync("#establish");
        await page.WaitForSelectorAsync("#decided");
        await ScreenshotAsync(page, "reviewer-decided");

        Assert.Equal("Established", await page.GetAttributeAsync("#case-status", "data-status"));
        Assert.Contains("投诉成立", await page.InnerTextAsync("#case-status"), StringComparison.Ordinal);
        Assert.Contains(_confirmations, c => c.Contains("无法撤销", StringComparison.Ordinal));
        var points = await (await mallory.Client.GetAsync("/api/points")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, points.GetProperty("penalties").GetArrayLength());
    }

    private async Task<(TestMember Owner, TestMember Copier, TestMember Reviewer)> NoticeAsync(int seed, string listing)
    {
        var alice = await _market.MemberAsync("alice");
        var mallory = await _market.MemberAsync("mallory");
        var reviewer = await _market.ReviewerAsync();
        var picture = TestPictures.Original(seed);
        await Marketplace.FileAsync(alice, picture);
        await _market.PublishListingAsync(mallory, listing, "apparel", TestPictures.Original(seed + 100), TestPictures.Copy(picture));
        return (alice, mallory, reviewer);
    }

    [Fact]
    public async Task A_taken_folder_name_is_refused_on_the_same_page_in_Chinese_with_the_name_kept()
    {
        var alice = await _market.MemberAsync("alice");
        await Marketplace.FolderAsync(alice, "春季拍摄");
        var page = await SignedInAsync(alice.ApiKey, "zh");

        await page.GotoAsync("/seller/folders");
        await page.FillAsync("#name", "春季拍摄");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await page.ClickAsync("#new-folder button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        watch.Stop();
        await ScreenshotAsync(page, "seller-folder-name-taken-zh");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"The refusal took {watch.Elapsed}.");
        Assert.Contains("您已有同名文件夹", await page.InnerTextAsync("#page-error"), StringComparison.Ordinal);
        Assert.Equal("春季拍摄", await page.InputValueAsync("#name"));
        // Other writes go on at once.
        var other = await (await alice.Client.PostJson("/api/folders", new { name = "夏季拍摄" })).ReadJson(HttpStatusCode.Created);
        Assert.Equal("夏季拍摄", other.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_reviewer_is_told_on_the_case_that_an_acceptance_needs_a_reason()
    {
        var (alice, _, reviewer) = await NoticeAsync(45, "L-8101");
        var notice = (await (await alice.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK))[0];
        (await alice.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString() })).EnsureSuccessStatusCode();
        var page = await SignedInAsync(reviewer.ApiKey, "zh");

        await page.ClickAsync("#queue a.case-ref");
        await page.FillAsync("#reason", "   ");
        await page.ClickAsync("#establish");
        await page.WaitForSelectorAsync("#page-error");
        await ScreenshotAsync(page, "reviewer-reason-required-zh");

        Assert.Equal("请填写理由。", await page.InnerTextAsync("#page-error"));
        Assert.Equal("AwaitingAcceptance", await page.GetAttributeAsync("#case-status", "data-status"));
        Assert.Contains("CP-000001", await page.TitleAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_complains_once_from_a_notice_and_a_second_click_is_refused_in_Chinese()
    {
        var (alice, _, reviewer) = await NoticeAsync(46, "L-8201");
        var first = await SignedInAsync(alice.ApiKey, "zh");
        var second = await first.Context.NewPageAsync();
        await first.GotoAsync("/seller/warnings");
        await second.GotoAsync("/seller/warnings");

        await first.ClickAsync(".notice form.complain button");
        await first.WaitForSelectorAsync("#complaints-filed");
        await second.ClickAsync(".notice form.complain button");
        await second.WaitForSelectorAsync("#page-error");
        await ScreenshotAsync(second, "seller-complain-twice-zh");

        Assert.Contains("您已就该商品和图片发起过投诉", await second.InnerTextAsync("#page-error"), StringComparison.Ordinal);
        Assert.Equal(0, await second.Locator(".notice form.complain").CountAsync());
        Assert.Contains("CP-000001", await second.InnerTextAsync(".notice .complained"), StringComparison.Ordinal);
        var queue = await (await reviewer.Client.GetAsync("/api/review/queue")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, queue.GetProperty("acceptance").GetArrayLength());
    }

    [Fact]
    public async Task After_an_appeal_decision_the_case_page_shows_the_appeals_reason()
    {
        var (alice, mallory, reviewer) = await NoticeAsync(47, "L-8301");
        var notice = (await (await alice.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK))[0];
        var id = (await (await alice.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString() })).ReadJson(HttpStatusCode.Created))
            .GetProperty("id").GetString();
        (await reviewer.Client.PostJson($"/api/complaints/{id}/acceptance", new { decision = "establish", reason = "Same picture as the filing." })).EnsureSuccessStatusCode();
        var seller = await SignedInAsync(mallory.ApiKey);
        await seller.GotoAsync("/seller/complaints");
        await seller.FillAsync("#complaints-received textarea", "I licensed this picture.");
        await seller.ClickAsync("#complaints-received .appeal-form button");
        await seller.WaitForSelectorAsync("#complaints-received .appeal-statement");
        var page = await SignedInAsync(reviewer.ApiKey);

        await page.GotoAsync($"/reviewer/cases/{id}");
        await page.FillAsync("#reason", "The licence is genuine.");
        await page.ClickAsync("#uphold");
        await page.WaitForSelectorAsync(".appeal-reason");
        await ScreenshotAsync(page, "reviewer-appeal-decided");

        Assert.Equal("The licence is genuine.", await page.InnerTextAsync(".appeal-reason"));
        Assert.Equal("Same picture as the filing.", await page.InnerTextAsync(".acceptance-reason"));
        Assert.Equal("AppealUpheld", await page.GetAttributeAsync("#case-status", "data-status"));
        Assert.Contains(_confirmations, c => c.Contains("two appeals", StringComparison.Ordinal));
        await seller.ReloadAsync();
        Assert.Equal("The licence is genuine.", await seller.InnerTextAsync("#complaints-received .appeal-reason"));
    }

    [Fact]
    public async Task A_sellers_warning_says_which_listing_and_that_it_is_a_SKU_picture()
    {
        var (_, mallory, _) = await NoticeAsync(48, "L-8401");
        var page = await SignedInAsync(mallory.ApiKey, "zh");

        await page.GotoAsync("/seller/warnings");
        await ScreenshotAsync(page, "seller-warning-sku-zh");

        Assert.Equal("L-8401", await page.InnerTextAsync(".warning .warning-listing"));
        Assert.Equal("SKU 图 1", await page.InnerTextAsync(".warning .warning-picture"));
    }

    [Fact]
    public async Task An_owner_grants_a_member_by_nickname_sees_the_grantee_and_revokes()
    {
        var alice = await _market.MemberAsync("alice");
        await _market.MemberAsync("bob");
        await Marketplace.FileAsync(alice, TestPictures.Original(49), "dress.png");
        var page = await SignedInAsync(alice.ApiKey, "zh");
        await page.GotoAsync("/seller/authorizations");

        // A nickname no member has: refused on the page in Chinese, the form as it was.
        await page.FillAsync("#nickname", "nobody");
        await page.FillAsync("#category", "apparel");
        await page.CheckAsync("#grant-form input[name=pictures]");
        await page.ClickAsync("#grant-form button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Contains("没有会员使用这个昵称", await page.InnerTextAsync("#page-error"), StringComparison.Ordinal);
        Assert.Equal("nobody", await page.InputValueAsync("#nickname"));
        Assert.True(await page.IsCheckedAsync("#grant-form input[name=pictures]"));

        await page.FillAsync("#nickname", "bob");
        await page.ClickAsync("#grant-form button[type=submit]");
        await page.WaitForSelectorAsync("#authorizations-granted");
        await ScreenshotAsync(page, "seller-authorizations-zh");
        Assert.Equal("bob", await page.InnerTextAsync("#authorizations-granted .grantee"));
        Assert.Contains("服装", await page.InnerTextAsync("#authorizations-granted"), StringComparison.Ordinal);
        Assert.Contains("dress.png", await page.InnerTextAsync("#authorizations-granted"), StringComparison.Ordinal);

        await page.ClickAsync("#authorizations-granted form.revoke button");
        await page.WaitForSelectorAsync("#authorizations-granted:not(:has(form.revoke))");
        Assert.Contains("已撤销", await page.InnerTextAsync("#authorizations-granted"), StringComparison.Ordinal);
        Assert.Contains(_confirmations, c => c.Contains("撤销", StringComparison.Ordinal));
        var list = await (await alice.Client.GetAsync("/api/authorizations")).ReadJson(HttpStatusCode.OK);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, list[0].GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task A_reviewer_sees_the_parties_who_was_first_the_authorization_check_the_timeline_and_aligns_the_original_onto_the_suspect()
    {
        var (alice, _, reviewer) = await NoticeAsync(50, "L-8501");
        var notice = (await (await alice.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK))[0];
        var id = (await (await alice.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString(), description = "Copied from our spring shoot." }))
            .ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString();
        var page = await SignedInAsync(reviewer.ApiKey);

        await page.GotoAsync($"/reviewer/cases/{id}");
        await ScreenshotAsync(page, "reviewer-case-evidence");

        // Staff see both parties (the respondent never does, C-2) and the complainant's words.
        Assert.StartsWith("alice", await page.InnerTextAsync("#parties .complainant"), StringComparison.Ordinal);
        Assert.StartsWith("mallory", await page.InnerTextAsync("#parties .respondent"), StringComparison.Ordinal);
        Assert.Equal("Copied from our spring shoot.", await page.InnerTextAsync(".complaint-description"));
        // Filed before the listing was published; no authorization covers the use.
        Assert.Equal("owner", await page.GetAttributeAsync(".who-first [data-first]", "data-first"));
        Assert.Equal("Unauthorized", await page.GetAttributeAsync(".authorization-check", "data-use"));
        Assert.Equal("complaint.filed", await page.GetAttributeAsync("#timeline li", "data-action"));
        Assert.Contains("SKU picture 1", await page.InnerTextAsync(".viewer h3"), StringComparison.Ordinal);

        // The original is laid onto the suspect by the detector's map, not merely stacked.
        var warped = page.Locator(".viewer img.warped");
        Assert.Equal("true", await warped.GetAttributeAsync("data-fitted"));
        Assert.NotEqual("none", await warped.EvaluateAsync<string>("img => getComputedStyle(img).transform"));
        var layer = page.Locator(".viewer .layer");
        Assert.Equal("0.5", await layer.EvaluateAsync<string>("e => getComputedStyle(e).opacity"));
        await page.Locator(".viewer .viewer-opacity").FillAsync("80");
        Assert.Equal("0.8", await layer.EvaluateAsync<string>("e => getComputedStyle(e).opacity"));
        await page.Locator(".viewer .viewer-swipe").FillAsync("30");
        Assert.Contains("70%", await layer.EvaluateAsync<string>("e => getComputedStyle(e).clipPath"), StringComparison.Ordinal);
        var before = await page.Locator(".viewer .pair .pic img").First.EvaluateAsync<double>("img => img.getBoundingClientRect().width");
        await page.Locator(".viewer .viewer-zoom").FillAsync("2");
        var after = await page.Locator(".viewer .pair .pic img").First.EvaluateAsync<double>("img => img.getBoundingClientRect().width");
        Assert.True(after > before * 1.9, $"Zoom 2 made the picture {after} px wide from {before} px.");
        await page.CheckAsync(".viewer .viewer-blink");
        Assert.NotEqual("none", await layer.EvaluateAsync<string>("e => getComputedStyle(e).animationName"));
    }

    [Fact]
    public async Task The_case_page_reads_in_Chinese_at_phone_width_without_sideways_scrolling()
    {
        var (alice, _, reviewer) = await NoticeAsync(51, "L-8601");
        var notice = (await (await alice.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK))[0];
        var id = (await (await alice.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString() })).ReadJson(HttpStatusCode.Created))
            .GetProperty("id").GetString();
        var page = await SignedInAsync(reviewer.ApiKey, "zh");
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync($"/reviewer/cases/{id}");
        await ScreenshotAsync(page, "reviewer-case-phone-zh");

        Assert.Contains("谁在先", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("投诉已提交", await page.InnerTextAsync("#timeline"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "The page is wider than the phone.");
    }

    [Fact]
    public async Task The_operator_sets_the_clock_schedules_a_policy_loads_a_calendar_limits_the_trial_and_manages_keys()
    {
        await _market.MemberAsync("alice");
        var page = await SignedInAsync(ServerFactory.OperatorKey);
        await page.GotoAsync("/operator");

        // The manual clock moves forward, and never back.
        await page.FillAsync("#clock-at", "2026-03-09T10:00");
        await page.ClickAsync("#clock-form button[type=submit]");
        await page.WaitForSelectorAsync("#operator-done");
        Assert.Contains("2026-03-09 10:00", await page.InnerTextAsync("#clock-now"), StringComparison.Ordinal);
        await page.FillAsync("#clock-at", "2026-03-02T10:00");
        await page.ClickAsync("#clock-form button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Contains("2026-03-09 10:00", await page.InnerTextAsync("#clock-now"), StringComparison.Ordinal);

        // P-: a policy from a later instant is scheduled; one from the past is refused by the rulebook.
        await page.SelectOptionAsync("#policy-id", "P-001");
        await page.FillAsync("#policy-from", "2026-04-01T00:00");
        await page.ClickAsync("#policy-form button[type=submit]");
        await page.WaitForSelectorAsync("#operator-done");
        Assert.Contains("P-001", await page.InnerTextAsync("#policy-assignments"), StringComparison.Ordinal);
        Assert.Equal("P-003", await page.InnerTextAsync("#policy-now"));
        await page.FillAsync("#policy-from", "2026-03-01T00:00");
        await page.ClickAsync("#policy-form button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Equal("2026-03-01T00:00", await page.InputValueAsync("#policy-from"));

        // The calendar: a broken file is refused with the file kept; a good one is in force.
        await page.FillAsync("#calendar-json", "{ \"holidays\": [\"2026-13-01\"] }");
        await page.ClickAsync("#calendar-form button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Contains("2026-13-01", await page.InputValueAsync("#calendar-json"), StringComparison.Ordinal);
        await page.FillAsync("#calendar-json", "{ \"years\": [2026], \"holidays\": [\"2026-05-01\", \"2026-05-04\"], \"makeUpWorkingDays\": [\"2026-05-09\"] }");
        await page.ClickAsync("#calendar-form button[type=submit]");
        await page.WaitForSelectorAsync("#operator-done");
        var calendar = await (await _market.Operator.GetAsync("/api/calendar")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(2, calendar.GetProperty("holidays").GetArrayLength());

        // F-1: a trial names members by nickname; an unknown one is refused.
        await page.CheckAsync("#trial-on");
        await page.FillAsync("#trial-categories", "apparel");
        await page.FillAsync("#trial-members", "alice, nobody");
        await page.ClickAsync("#trial-form button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Contains("nobody", await page.InnerTextAsync("#page-error"), StringComparison.Ordinal);
        await page.FillAsync("#trial-members", "alice");
        await page.ClickAsync("#trial-form button[type=submit]");
        await page.WaitForSelectorAsync("#operator-done");
        Assert.True(await page.IsCheckedAsync("#trial-on"));
        Assert.Equal("alice", await page.InputValueAsync("#trial-members"));
        var bob = await _market.MemberAsync("bob");
        var refused = await bob.Client.PostJson("/api/folders", new { name = "Outside the trial" });
        Assert.NotEqual(HttpStatusCode.Created, refused.StatusCode);

        // A reviewer's key is shown once and can be revoked.
        await page.FillAsync("#reviewer-name", "Rosa");
        await page.ClickAsync("#new-reviewer button[type=submit]");
        await page.WaitForSelectorAsync("#new-key");
        var key = await page.InnerTextAsync("#new-key");
        Assert.Equal(HttpStatusCode.OK, (await _server.ClientWithKey(key).GetAsync("/api/review/queue")).StatusCode);
        await page.ClickAsync("#reviewers tr:has-text('Rosa') button");
        await page.WaitForSelectorAsync("#operator-done");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.ClientWithKey(key).GetAsync("/api/review/queue")).StatusCode);
        Assert.Contains(_confirmations, c => c.Contains("no longer sign in", StringComparison.Ordinal));
        await ScreenshotAsync(page, "operator-console");
    }

    [Fact]
    public async Task The_operator_adds_a_webhook_sends_it_a_test_and_removes_it()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var url = $"http://127.0.0.1:{port}/hooks/";
        using var receiver = new HttpListener();
        receiver.Prefixes.Add(url);
        receiver.Start();
        var page = await SignedInAsync(ServerFactory.OperatorKey, "zh");
        await page.GotoAsync("/operator");

        await page.FillAsync("#webhook-url", "not a url");
        await page.ClickAsync("#new-webhook button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Contains("http(s)", await page.InnerTextAsync("#page-error"), StringComparison.Ordinal);
        await page.FillAsync("#webhook-url", url);
        await page.ClickAsync("#new-webhook button[type=submit]");
        await page.WaitForSelectorAsync("#new-key");
        var secret = await page.InnerTextAsync("#new-key");

        var received = receiver.GetContextAsync();
        var clicked = page.ClickAsync("#webhooks button.test");
        var request = await received;
        using (var reader = new StreamReader(request.Request.InputStream))
        {
            var body = await reader.ReadToEndAsync();
            Assert.Equal("test", request.Request.Headers["X-Originality-Event"]);
            Assert.Equal(Originality.Server.Application.WebhookDispatcher.Sign(secret, body), request.Request.Headers["X-Originality-Signature"]);
        }
        request.Response.StatusCode = 204;
        request.Response.Close();
        await clicked;
        await page.WaitForSelectorAsync("#operator-done");
        Assert.Equal("测试已送达。", await page.InnerTextAsync("#operator-done"));

        // An event the receiver refuses is shown with its error, waiting for its retry.
        var alice = await _market.MemberAsync("alice");
        var delivery = receiver.GetContextAsync();
        await Marketplace.FileAsync(alice, TestPictures.Original(56));
        var refused = await delivery.WaitAsync(TimeSpan.FromMinutes(2));
        refused.Response.StatusCode = 500;
        refused.Response.Close();
        var failure = page.Locator("#deliveries tr[data-state=pending] .delivery-error", new PageLocatorOptions { HasTextString = "HTTP 500" });
        for (var attempt = 0; attempt < 50 && await failure.CountAsync() == 0; attempt++)
        {
            // The dispatcher records the answer just after it arrives: look again until it has.
            await Task.Delay(200);
            await page.GotoAsync("/operator");
        }
        Assert.True(await failure.CountAsync() > 0, "The refused delivery is not shown with its error.");

        await page.ClickAsync("#webhooks button.remove");
        await page.WaitForSelectorAsync("#operator-done");
        await ScreenshotAsync(page, "operator-webhooks-zh");
        Assert.Equal(0, await page.Locator("#webhooks tbody tr").CountAsync());
        Assert.Contains(_confirmations, c => c.Contains("Webhook", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_signing_in_the_reader_is_on_the_page_they_asked_for_and_never_sent_off_the_site()
    {
        var alice = await _market.MemberAsync("alice");
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/seller/authorizations?lang=en");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#apiKey", "wrong-key");
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForSelectorAsync("#login-error");
        await page.FillAsync("#apiKey", alice.ApiKey);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForSelectorAsync("#grant-form");
        Assert.EndsWith("/seller/authorizations?lang=en", page.Url, StringComparison.Ordinal);

        var other = await (await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl })).NewPageAsync();
        await other.GotoAsync("/login?ReturnUrl=%2F%2Fexample.com%2Fphish");
        await other.FillAsync("#apiKey", alice.ApiKey);
        await other.ClickAsync("#login-form button[type=submit]");
        await other.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/seller$"));
        Assert.StartsWith(_baseUrl, other.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reviewer_searches_filters_and_pages_the_queue_and_the_menu_counts_what_waits()
    {
        var alice = await _market.MemberAsync("alice");
        var mallory = await _market.MemberAsync("mallory");
        var reviewer = await _market.ReviewerAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var picture = TestPictures.Original(52 + i);
            await Marketplace.FileAsync(alice, picture);
            await _market.PublishListingAsync(mallory, $"L-87{i:00}", "apparel", TestPictures.Copy(picture));
        }
        foreach (var notice in (await (await alice.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK)).EnumerateArray())
        {
            ids.Add((await (await alice.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString() })).ReadJson(HttpStatusCode.Created))
                .GetProperty("id").GetString()!);
        }
        (await reviewer.Client.PostJson($"/api/complaints/{ids[0]}/acceptance", new { decision = "establish", reason = "Same picture." })).EnsureSuccessStatusCode();
        (await mallory.Client.PostJson($"/api/complaints/{ids[0]}/appeals", new { statement = "Ours." })).EnsureSuccessStatusCode();
        var page = await SignedInAsync(reviewer.ApiKey);

        await page.GotoAsync("/reviewer");
        Assert.Equal("3", await page.InnerTextAsync("header nav a[href='/reviewer'] .count"));
        Assert.Equal(3, await page.Locator("#queue tbody tr").CountAsync());

        await page.SelectOptionAsync("#queue-filters select[name=queue]", "appeals");
        await page.ClickAsync("#queue-filters button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("queue=appeals"));
        Assert.Equal(1, await page.Locator("#queue tbody tr").CountAsync());
        Assert.Equal("appeals", await page.GetAttributeAsync("#queue tbody tr", "data-queue"));

        await page.GotoAsync("/reviewer?q=L-8702");
        Assert.Equal(1, await page.Locator("#queue tbody tr").CountAsync());
        Assert.Contains("L-8702", await page.InnerTextAsync("#queue"), StringComparison.Ordinal);
        await page.GotoAsync("/reviewer?q=no-such-case");
        Assert.Equal(1, await page.Locator("#queue-empty").CountAsync());

        // One case a page, by cursor: three pages, each case once, then no next page.
        await page.GotoAsync("/reviewer?size=1&sort=filed");
        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            seen.Add(await page.InnerTextAsync("#queue a.case-ref"));
            if (i < 2)
            {
                await page.ClickAsync("#queue-next");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            }
        }
        Assert.Equal(3, seen.Distinct().Count());
        Assert.Equal(0, await page.Locator("#queue-next").CountAsync());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        await ScreenshotAsync(page, "reviewer-queue");
    }
}
