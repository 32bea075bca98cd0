using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Originality.Domain;
using Originality.Server.Pages;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Pages;

/// <summary>
/// The page actions through the real host, once per database (on SQLite, the embedded default, one
/// held transaction stalls every writer): refusals reach the person on the page they acted on, in
/// their language, with what they typed kept; nothing holds the write lock while a page is rendered.
/// </summary>
public abstract partial class PageActionTests(Database database) : MarketplaceTest(database)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    private static async Task<HttpResponseMessage> PostFormAsync(TestMember member, string page, string action, params (string Key, string Value)[] fields)
    {
        var html = await member.Client.GetStringAsync(page);
        var values = new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(html) };
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }
        using var form = new FormUrlEncodedContent(values);
        return await member.Client.PostAsync(action, form);
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body;
    }

    private static string PageError(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "id=\"page-error\"[^>]*>(.*?)</p>", RegexOptions.Singleline).Groups[1].Value);

    /// <summary>Writers through the API, each timed, until stopped (at least <paramref name="minimum"/> writes each).</summary>
    private static async Task WriteUntilAsync(TestMember member, string phase, ConcurrentBag<TimeSpan> times, Task stop, int minimum)
    {
        for (var i = 0; i < minimum || !stop.IsCompleted; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await member.Client.PostJson("/api/folders", new { name = $"Writer {member.Nickname} {phase} {i}" });
            watch.Stop();
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            times.Add(watch.Elapsed);
            // A seller's pace, not a tight loop: what is measured is waiting for the lock.
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> beside writers through the API and a write-lock probe. The
    /// writers' slowest request alone first (the machine's own pace), then beside the action.
    /// </summary>
    private static async Task<(TimeSpan Alone, TimeSpan Beside, int Writes)> BesideWritersAsync(TestMember[] writers, Func<Task> action)
    {
        var alone = new ConcurrentBag<TimeSpan>();
        await Task.WhenAll(writers.Select(w => WriteUntilAsync(w, "alone", alone, Task.CompletedTask, 5)));
        var beside = new ConcurrentBag<TimeSpan>();
        var done = new TaskCompletionSource();
        var writing = writers.Select(w => WriteUntilAsync(w, "beside", beside, done.Task, 5)).ToArray();
        try
        {
            await action();
        }
        finally
        {
            done.TrySetResult();
        }
        await Task.WhenAll(writing);
        return (alone.Max(), beside.Max(), beside.Count);
    }

    private async Task<(TestMember Owner, TestMember Copier, TestMember Reviewer, string NoticeId)> NoticeAsync(int seed, string listing = "L-5001")
    {
        var owner = await Market.MemberAsync("alice");
        var copier = await Market.MemberAsync("mallory");
        var reviewer = await Market.ReviewerAsync();
        var picture = TestPictures.Original(seed);
        await Marketplace.FileAsync(owner, picture);
        await Market.PublishListingAsync(copier, listing, "apparel", TestPictures.Copy(picture));
        var notice = (await (await owner.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK))[0];
        return (owner, copier, reviewer, notice.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task The_certificates_list_searches_filters_by_folder_and_pages_by_cursor_without_losing_a_row()
    {
        var seller = await Market.MemberAsync("lister");
        var spring = await Marketplace.FolderAsync(seller, "Spring");
        var autumn = await Marketplace.FolderAsync(seller, "Autumn");
        await Marketplace.UploadAsync(seller, spring, ("dress-red.png", TestPictures.Original(71)), ("dress-blue.png", TestPictures.Original(72)));
        (await Market.Operator.PostJson("/api/clock/advance", new { minutes = 1 })).EnsureSuccessStatusCode();
        await Marketplace.UploadAsync(seller, autumn, ("coat.png", TestPictures.Original(73)));
        static List<string> Ids(string html) => [.. Regex.Matches(html, "<tr data-id=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];
        static string? NextLink(string html) =>
            Regex.Match(html, "id=\"certificates-next\" href=\"([^\"]+)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

        // Two per page: the first page links the next, which holds the rest; no row twice, none lost.
        var first = await seller.Client.GetStringAsync("/seller/certificates?size=2");
        Assert.Equal(2, Ids(first).Count);
        var second = await seller.Client.GetStringAsync(NextLink(first) ?? throw new Xunit.Sdk.XunitException("No next page: " + first));
        Assert.Single(Ids(second));
        Assert.Null(NextLink(second));
        Assert.Equal(3, Ids(first).Concat(Ids(second)).Distinct().Count());
        Assert.Contains("coat.png", first, StringComparison.Ordinal); // newest first
        var oldest = await seller.Client.GetStringAsync("/seller/certificates?sort=oldest");
        Assert.Equal(Ids(first)[0], Ids(oldest)[^1]); // the coat, filed a minute after the dresses
        Assert.Equal(3, Ids(oldest).Count);

        Assert.Equal(2, Ids(await seller.Client.GetStringAsync($"/seller/certificates?folder={spring}")).Count);
        var found = await seller.Client.GetStringAsync("/seller/certificates?q=BLUE");
        Assert.Single(Ids(found));
        Assert.Contains("dress-blue.png", found, StringComparison.Ordinal);
        var none = await seller.Client.GetStringAsync("/seller/certificates?q=nothing-like-it&lang=zh");
        Assert.Empty(Ids(none));
        Assert.Contains("没有符合筛选条件的证书", none, StringComparison.Ordinal);
        // A hand-edited cursor or size starts from the top instead of failing.
        Assert.Equal(3, Ids(await seller.Client.GetStringAsync("/seller/certificates?after=garbage&size=x")).Count);
    }

    [Fact]
    public async Task A_seller_marks_notifications_read_and_only_later_news_is_new_again()
    {
        var (_, copier, _, _) = await NoticeAsync(66, "L-6601");
        static int HomeCount(string html) =>
            Regex.Match(html, "href=\"/seller\">[^<]*<span class=\"count\"[^>]*>(\\d+)<") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

        var home = await copier.Client.GetStringAsync("/seller");
        Assert.Single(Regex.Matches(home, "data-new=\"true\""));
        Assert.Equal(1, HomeCount(home));

        var read = await PostFormAsync(copier, "/seller", "/seller", ("_handler", "read"));
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        home = await copier.Client.GetStringAsync("/seller");
        Assert.Contains("data-kind=\"warning\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("data-new=\"true\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"mark-read\"", home, StringComparison.Ordinal);
        Assert.Equal(0, HomeCount(home));

        // A warning after the read is new again; the earlier one stays read.
        (await Market.Operator.PostJson("/api/clock/advance", new { minutes = 1 })).EnsureSuccessStatusCode();
        await Market.PublishListingAsync(copier, "L-6602", "apparel", TestPictures.Copy(TestPictures.Original(66)));
        home = await copier.Client.GetStringAsync("/seller?lang=zh");
        var fresh = Assert.Single(Regex.Matches(home, "<li class=\"notification new\"[^>]*>(.*?)</li>", RegexOptions.Singleline));
        Assert.Contains("L-6602", fresh.Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains("全部标为已读", home, StringComparison.Ordinal);
        Assert.Equal(1, HomeCount(home));
    }

    [Fact]
    public async Task A_refused_folder_name_is_shown_on_the_page_with_the_name_kept_and_other_writers_are_not_held_up()
    {
        var alice = await Market.MemberAsync("alice");
        var writers = new[] { await Market.MemberAsync("w1"), await Market.MemberAsync("w2"), await Market.MemberAsync("w3") };
        await Marketplace.FolderAsync(alice, "Spring shoot");
        HttpResponseMessage[] refused = [];

        var token = Token(await alice.Client.GetStringAsync("/seller/folders"));

        var (alone, beside, writes) = await BesideWritersAsync(writers, async () =>
            refused = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["_handler"] = "new-folder", ["name"] = "Spring shoot" });
                return await alice.Client.PostAsync("/seller/folders?lang=zh", form);
            })));

        foreach (var response in refused)
        {
            var html = await BodyAsync(response, HttpStatusCode.Conflict);
            Assert.Contains("您已有同名文件夹", PageError(html), StringComparison.Ordinal);
            Assert.Contains("(F-2)", PageError(html), StringComparison.Ordinal);
            Assert.Contains("value=\"Spring shoot\"", html, StringComparison.Ordinal);
        }
        Assert.True(writes >= 15);
        Assert.True(beside < alone + TimeSpan.FromSeconds(1), $"A writer waited {beside} beside the refused page action ({alone} alone).");
        var folders = await (await alice.Client.GetAsync("/api/folders")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, folders.GetArrayLength());
    }

    [Fact]
    public async Task A_slow_upload_on_the_page_does_not_hold_up_other_writers()
    {
        var alice = await Market.MemberAsync("alice");
        var writers = new[] { await Market.MemberAsync("w1"), await Market.MemberAsync("w2") };
        var folder = await Marketplace.FolderAsync(alice);
        var html = await alice.Client.GetStringAsync($"/seller/folders/{folder}");
        using var form = new MultipartFormDataContent { { new StringContent(Token(html)), "__RequestVerificationToken" }, { new StringContent("upload"), "_handler" } };
        for (var i = 0; i < 3; i++)
        {
            form.Add(new ByteArrayContent(TestPictures.Original(300 + i, 1900, 1500)), "files", $"big{i}.png");
        }
        HttpResponseMessage upload = null!;

        var (alone, beside, _) = await BesideWritersAsync(writers, async () => upload = await alice.Client.PostAsync($"/seller/folders/{folder}", form));

        var page = await BodyAsync(upload, HttpStatusCode.OK);
        // Each certified file of the batch links its certificate from the outcome table.
        Assert.Equal(3, Regex.Count(page, "/api/certificates/[0-9a-f-]+/page"));
        Assert.True(beside < alone + TimeSpan.FromSeconds(1), $"A writer waited {beside} beside the upload ({alone} alone).");
    }

    [Fact]
    public async Task The_folder_pages_per_file_upload_without_its_token_is_a_400_problem_and_files_nothing()
    {
        var alice = await Market.MemberAsync("alice");
        var folder = await Marketplace.FolderAsync(alice);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestPictures.Original(310)), "files", "tokenless.png" } };

        var response = await alice.Client.PostAsync($"/seller/folders/{folder}/upload", form);

        var problem = await response.ReadJson(HttpStatusCode.BadRequest);
        Assert.Contains("anti-forgery", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await alice.Client.GetAsync($"/api/folders/{folder}/filings")).ReadJson(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public void Every_refusal_of_the_rulebook_has_a_Chinese_text()
    {
        var missing = Refusal.All.Where(r => !RefusalTexts.HasChinese(r)).Select(r => r.Code).ToList();

        Assert.True(missing.Count == 0, "No Chinese text for: " + string.Join(", ", missing));
        Assert.All(Refusal.All, r => Assert.NotEqual(r.Message, RefusalTexts.Message(r, Texts.Chinese)));
    }

    [Fact]
    public void Every_page_text_has_a_Chinese_resource()
    {
        var resources = new System.Resources.ResourceManager("Originality.Server.Pages.Resources.PageText", typeof(Texts).Assembly);
        var neutral = resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var chinese = resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("zh"), createIfNotExists: true, tryParents: false)!;
        var keys = neutral.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToList();

        Assert.True(keys.Count > 100);
        var missing = keys.Where(k => string.IsNullOrWhiteSpace(chinese.GetString(k))).ToList();
        Assert.True(missing.Count == 0, "No Chinese text for: " + string.Join(", ", missing));
        Assert.Equal("投诉成立", Texts.Chinese["status.Established"]);
        Assert.Equal("Established", Texts.English["status.Established"]);
        Assert.Equal("[no-such-key]", Texts.Chinese["no-such-key"]);
    }

    [Fact]
    public async Task An_acceptance_without_a_reason_stays_on_the_case_and_says_so()
    {
        var (owner, _, reviewer, noticeId) = await NoticeAsync(61);
        var complaint = await (await owner.Client.PostJson("/api/complaints", new { noticeId })).ReadJson(HttpStatusCode.Created);
        var id = complaint.GetProperty("id").GetString();

        var response = await PostFormAsync(reviewer, $"/reviewer/cases/{id}", $"/reviewer/cases/{id}?lang=zh", ("_handler", "decision"), ("Input.Decision", "establish"), ("Input.Reason", "   "));

        var html = await BodyAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("请填写理由。", PageError(html));
        Assert.Contains("id=\"acceptance-form\"", html, StringComparison.Ordinal);
        var after = await (await reviewer.Client.GetAsync($"/api/complaints/{id}")).ReadJson(HttpStatusCode.OK);
        Assert.Equal("awaitingAcceptance", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_refused_acceptance_says_why_in_the_reviewers_language_and_keeps_the_reason()
    {
        var (owner, _, reviewer, noticeId) = await NoticeAsync(62);
        var complaint = await (await owner.Client.PostJson("/api/complaints", new { noticeId })).ReadJson(HttpStatusCode.Created);
        var id = complaint.GetProperty("id").GetString();
        var page = await reviewer.Client.GetStringAsync($"/reviewer/cases/{id}");
        (await owner.Client.PostJson($"/api/complaints/{id}/withdrawal", new { })).EnsureSuccessStatusCode();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page), ["_handler"] = "decision", ["Input.Decision"] = "establish", ["Input.Reason"] = "Same picture as the filing.",
        });
        var html = await BodyAsync(await reviewer.Client.PostAsync($"/reviewer/cases/{id}?lang=zh", form), HttpStatusCode.Conflict);

        Assert.Equal("该投诉已撤回。 (C-6)", PageError(html));
    }

    [Fact]
    public async Task Complaining_twice_from_one_notice_files_one_complaint_until_the_first_has_ended()
    {
        var (owner, _, reviewer, noticeId) = await NoticeAsync(63);

        var first = await PostFormAsync(owner, "/seller/warnings", "/seller/warnings", ("_handler", $"complain-{noticeId}"));
        var second = await PostFormAsync(owner, "/seller/warnings", "/seller/warnings?lang=zh", ("_handler", $"complain-{noticeId}"));
        var api = await (await owner.Client.PostJson("/api/complaints", new { noticeId })).ReadJson(HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var html = await BodyAsync(second, HttpStatusCode.Conflict);
        Assert.Contains("您已就该商品和图片发起过投诉", PageError(html), StringComparison.Ordinal);
        Assert.Equal("/problems/complaint-already-open", api.GetProperty("type").GetString());
        var queue = await (await reviewer.Client.GetAsync("/api/review/queue")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, queue.GetProperty("acceptance").GetArrayLength());
        var warnings = await owner.Client.GetStringAsync("/seller/warnings?lang=en");
        Assert.DoesNotContain($"complain-{noticeId}", warnings, StringComparison.Ordinal);
        Assert.Contains("CP-000001", warnings, StringComparison.Ordinal);

        // Once the first has ended (withdrawn), the owner may complain again.
        var id = queue.GetProperty("acceptance")[0].GetProperty("complaintId").GetString();
        (await owner.Client.PostJson($"/api/complaints/{id}/withdrawal", new { })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(owner, "/seller/warnings", "/seller/warnings", ("_handler", $"complain-{noticeId}"))).StatusCode);
    }

    [Fact]
    public async Task After_an_appeal_decision_the_case_shows_the_appeals_reason_beside_the_acceptance_reason()
    {
        var (owner, copier, reviewer, noticeId) = await NoticeAsync(64);
        var id = (await (await owner.Client.PostJson("/api/complaints", new { noticeId })).ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString();
        (await reviewer.Client.PostJson($"/api/complaints/{id}/acceptance", new { decision = "establish", reason = "Acceptance: same picture." })).EnsureSuccessStatusCode();
        (await copier.Client.PostJson($"/api/complaints/{id}/appeals", new { statement = "I bought the rights." })).EnsureSuccessStatusCode();

        var decided = await PostFormAsync(reviewer, $"/reviewer/cases/{id}", $"/reviewer/cases/{id}", ("_handler", "decision"), ("Input.Upheld", "true"), ("Input.Reason", "Appeal: licence shown."));

        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var casePage = await reviewer.Client.GetStringAsync($"/reviewer/cases/{id}?lang=en");
        Assert.Contains("Appeal: licence shown.", casePage, StringComparison.Ordinal);
        Assert.Contains("Acceptance: same picture.", casePage, StringComparison.Ordinal);
        Assert.Contains("I bought the rights.", casePage, StringComparison.Ordinal);
        Assert.Contains("Appeal: licence shown.", await copier.Client.GetStringAsync("/seller/complaints"), StringComparison.Ordinal);
        Assert.Contains("Appeal: licence shown.", await owner.Client.GetStringAsync("/seller/complaints"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_appeals_and_withdrawals_are_shown_on_the_complaints_page_in_Chinese()
    {
        var (owner, copier, reviewer, noticeId) = await NoticeAsync(65);
        var id = (await (await owner.Client.PostJson("/api/complaints", new { noticeId })).ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString();
        (await reviewer.Client.PostJson($"/api/complaints/{id}/acceptance", new { decision = "establish", reason = "Same picture." })).EnsureSuccessStatusCode();
        var ownerPage = await owner.Client.GetStringAsync("/seller/complaints");
        (await copier.Client.PostJson($"/api/complaints/{id}/appeals", new { statement = "Mine." })).EnsureSuccessStatusCode();
        (await reviewer.Client.PostJson($"/api/complaints/{id}/appeals/decision", new { upheld = false, reason = "No licence." })).EnsureSuccessStatusCode();

        using var withdrawal = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(ownerPage), ["_handler"] = $"withdraw-{id}" });
        var withdrawn = await BodyAsync(await owner.Client.PostAsync("/seller/complaints?lang=zh", withdrawal), HttpStatusCode.Conflict);
        Assert.Equal("平台已对申诉作出裁决，投诉不能再撤回。 (C-6)", PageError(withdrawn));

        (await Market.Operator.PostJson("/api/clock/advance", new { days = 10 })).EnsureSuccessStatusCode();
        var appealed = await PostFormAsync(copier, "/seller/complaints", "/seller/complaints?lang=zh", ("_handler", $"appeal-{id}"), ("statement", "Second try, kept."));
        var html = await BodyAsync(appealed, HttpStatusCode.Conflict);
        Assert.Contains("申诉期已结束", PageError(html), StringComparison.Ordinal);
        Assert.Contains("Second try, kept.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_appeal_decision_made_twice_is_refused_on_the_case_which_shows_the_first_decision()
    {
        var (owner, copier, reviewer, noticeId) = await NoticeAsync(72);
        var id = (await (await owner.Client.PostJson("/api/complaints", new { noticeId })).ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString();
        (await reviewer.Client.PostJson($"/api/complaints/{id}/acceptance", new { decision = "establish", reason = "Same picture." })).EnsureSuccessStatusCode();
        (await copier.Client.PostJson($"/api/complaints/{id}/appeals", new { statement = "Mine." })).EnsureSuccessStatusCode();
        var page = await reviewer.Client.GetStringAsync($"/reviewer/cases/{id}");
        (await reviewer.Client.PostJson($"/api/complaints/{id}/appeals/decision", new { upheld = false, reason = "No licence." })).EnsureSuccessStatusCode();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page), ["_handler"] = "decision", ["Input.Upheld"] = "true", ["Input.Reason"] = "Licence shown.",
        });
        var html = await BodyAsync(await reviewer.Client.PostAsync($"/reviewer/cases/{id}?lang=zh", form), HttpStatusCode.Conflict);

        Assert.Equal("没有等待裁决的申诉。 (R-4)", PageError(html));
        Assert.Contains("No licence.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cases_filed_in_the_same_minute_have_short_unique_references()
    {
        var owner = await Market.MemberAsync("alice");
        var copier = await Market.MemberAsync("mallory");
        var reviewer = await Market.ReviewerAsync();
        var pictures = new[] { TestPictures.Original(66), TestPictures.Original(67) };
        foreach (var picture in pictures)
        {
            await Marketplace.FileAsync(owner, picture);
        }
        await Market.PublishListingAsync(copier, "L-6601", "apparel", TestPictures.Copy(pictures[0]));
        await Market.PublishListingAsync(copier, "L-6602", "apparel", TestPictures.Copy(pictures[1]));
        var notices = await (await owner.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK);
        foreach (var notice in notices.EnumerateArray())
        {
            (await owner.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString() })).EnsureSuccessStatusCode();
        }

        var queue = await reviewer.Client.GetStringAsync("/reviewer");
        var references = Regex.Matches(queue, "class=\"case-ref\">(CP-\\d{6})<").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["CP-000001", "CP-000002"], references.Order());
        var byReference = await reviewer.Client.GetAsync("/reviewer/cases/CP-000002");
        Assert.Contains("CP-000002", await BodyAsync(byReference, HttpStatusCode.OK), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sellers_warning_names_the_listing_and_says_it_is_a_SKU_picture()
    {
        var owner = await Market.MemberAsync("alice");
        var copier = await Market.MemberAsync("mallory");
        var picture = TestPictures.Original(68);
        await Marketplace.FileAsync(owner, picture);
        await Market.PublishListingAsync(copier, "L-6801", "apparel", TestPictures.Original(69), TestPictures.Original(70), TestPictures.Copy(picture));

        var en = await copier.Client.GetStringAsync("/seller/warnings?lang=en");
        var zh = await copier.Client.GetStringAsync("/seller/warnings?lang=zh");

        Assert.Contains("Your listing L-6801 uses a picture certified by another seller (SKU picture 2).", WebUtility.HtmlDecode(en), StringComparison.Ordinal);
        Assert.Contains("您的商品 L-6801 使用了其他卖家已认证的图片（SKU 图 2）。", WebUtility.HtmlDecode(zh), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_file_uploaded_twice_by_the_same_member_is_the_same_filing()
    {
        var alice = await Market.MemberAsync("alice");
        var picture = TestPictures.Original(71);
        var first = await Marketplace.UploadAsync(alice, await Marketplace.FolderAsync(alice, "One"), ("dress.png", picture));
        (await Market.Operator.PostJson("/api/clock/advance", new { minutes = 5 })).EnsureSuccessStatusCode();

        var second = await Marketplace.UploadAsync(alice, await Marketplace.FolderAsync(alice, "Two"), ("dress-again.png", picture));

        var a = first.GetProperty("files")[0];
        var b = second.GetProperty("files")[0];
        Assert.Equal("certified", b.GetProperty("outcome").GetString());
        Assert.Equal(a.GetProperty("filingId").GetString(), b.GetProperty("filingId").GetString());
        Assert.Equal(a.GetProperty("filedAt").GetString(), b.GetProperty("filedAt").GetString());
        var filings = await (await alice.Client.GetAsync("/api/filings")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, filings.GetArrayLength());
    }

    /// <summary>The text a person reads on a page: no markup, styles or attributes.</summary>
    private static string VisibleText(string html)
    {
        var text = Regex.Replace(html, "<(style|script)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        text = Regex.Replace(text, "<[^>]+>", " ");
        return WebUtility.HtmlDecode(text);
    }

    [Fact]
    public async Task Every_page_in_Chinese_shows_no_raw_code_names()
    {
        var owner = await Market.MemberAsync("alice", "apparel", "beauty");
        var copier = await Market.MemberAsync("mallory");
        var friend = await Market.MemberAsync("bob");
        var reviewer = await Market.ReviewerAsync();
        var pictures = new[] { TestPictures.Original(81), TestPictures.Original(82) };
        var folder = await Marketplace.FolderAsync(owner, "春季");
        var uploaded = await Marketplace.UploadAsync(owner, folder, ("a.png", pictures[0]), ("b.png", pictures[1]), ("small.png", TestPictures.Original(83, 500, 400)));
        var filingId = uploaded.GetProperty("files")[0].GetProperty("filingId").GetString();
        await Market.PublishListingAsync(copier, "L-8801", "apparel", TestPictures.Copy(pictures[0]));
        await Market.PublishListingAsync(copier, "L-8802", "apparel", TestPictures.Original(84), TestPictures.Copy(pictures[1]));
        var notices = await (await owner.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK);
        var ids = new List<string>();
        foreach (var notice in notices.EnumerateArray())
        {
            ids.Add((await (await owner.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString() })).ReadJson(HttpStatusCode.Created))
                .GetProperty("id").GetString()!);
        }
        (await reviewer.Client.PostJson($"/api/complaints/{ids[0]}/acceptance", new { decision = "establish", reason = "同一张图片。" })).EnsureSuccessStatusCode();
        (await copier.Client.PostJson($"/api/complaints/{ids[0]}/appeals", new { statement = "我们有授权。" })).EnsureSuccessStatusCode();
        (await owner.Client.PostJson("/api/authorizations", new { nickname = "bob", category = "apparel", pictures = new[] { filingId } })).EnsureSuccessStatusCode();
        var violation = (await (await Market.Operator.PostJson("/api/violations", new
        {
            memberId = copier.Id, productId = "P-8801", type = "ContactDetailsShown", productRemoved = true, searchDemoted = true, points = 2,
            category = "apparel", skus = new[] { "sku-red" },
        })).ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString();
        var application = await Market.RecoveryApplicationAsync(copier, "P-8802");
        _ = friend;

        string[] sellerPages = ["/seller", "/seller/folders", "/seller/certificates", "/seller/warnings",
            "/seller/complaints", "/seller/authorizations", "/seller/points", "/seller/violations"];
        var visits = new List<(TestMember Who, string Path)>();
        visits.AddRange(sellerPages.Append($"/seller/folders/{folder}").Select(p => (owner, p)));
        visits.AddRange(sellerPages.Select(p => (copier, p)));
        visits.Add((copier, $"/seller/violations/{violation}/apply"));
        visits.AddRange(sellerPages.Select(p => (friend, p)));
        visits.AddRange(ids.Select(id => (owner, $"/seller/complaints/{id}")));
        visits.AddRange(ids.Select(id => (copier, $"/seller/complaints/{id}")));
        visits.AddRange(new[] { "/reviewer", $"/reviewer/cases/{ids[0]}", $"/reviewer/cases/{ids[1]}", "/reviewer/recovery", $"/reviewer/recovery/{application}" }.Select(p => (reviewer, p)));
        var operatorMember = new TestMember("operator", "operator", "", ServerFactory.OperatorKey, Market.Operator);
        visits.Add((operatorMember, "/operator"));

        var codeNames = new[]
            {
                typeof(Originality.Domain.Complaints.ComplaintStatus), typeof(Originality.Domain.Complaints.ComplaintDeadlineKind),
                typeof(Originality.Domain.Penalties.PenaltyKind), typeof(Originality.Domain.Penalties.SanctionKind),
                typeof(Originality.Domain.Filings.FilingStatus), typeof(Originality.Domain.Violations.RecoveryStatus),
                typeof(Originality.Domain.Violations.ViolationState), typeof(Originality.Domain.Violations.PictureViolationType),
            }
            .SelectMany(Enum.GetNames).Concat(Refusal.All.Select(r => r.Code)).Concat(["apparel", "beauty"]).Distinct().ToList();
        var found = new List<string>();
        var texts = new Dictionary<(string, string), string>();
        foreach (var (who, path) in visits)
        {
            var response = await who.Client.GetAsync(path + "?lang=zh");
            var html = await BodyAsync(response, HttpStatusCode.OK);
            var text = VisibleText(html);
            texts[(who.Nickname, path)] = text;
            found.AddRange(codeNames.Where(n => Regex.IsMatch(text, $"(?<![A-Za-z-]){Regex.Escape(n)}(?![A-Za-z-])")).Select(n => $"{path} ({who.Nickname}): {n}"));
            found.AddRange(Regex.Matches(text, "\\[[a-zA-Z.-]+\\]").Select(m => $"{path} ({who.Nickname}): missing text {m.Value}"));
        }

        Assert.True(found.Count == 0, "Raw code names on Chinese pages:\n" + string.Join("\n", found.Distinct()));
        // The walk read what people read: the states and names it should have found are there.
        Assert.Contains("申诉审核中", texts[("mallory", "/seller/complaints")], StringComparison.Ordinal);
        Assert.Contains("待受理", texts[("mallory", "/seller/complaints")], StringComparison.Ordinal);
        Assert.Contains("bob", texts[("alice", "/seller/authorizations")], StringComparison.Ordinal);
        Assert.Contains("服装", texts[("Rita", "/reviewer")], StringComparison.Ordinal);
        // Violations and recovery applications are in the menus.
        Assert.Contains("图片违规", texts[("mallory", "/seller")], StringComparison.Ordinal);
        Assert.Contains("恢复申请审核", texts[("Rita", "/reviewer")], StringComparison.Ordinal);
        // The application's progress reads in Chinese, not in the domain's English notes.
        Assert.Contains("审核中", texts[("mallory", "/seller/violations")], StringComparison.Ordinal);
        Assert.DoesNotContain("waiting for review", texts[("mallory", "/seller/violations")], StringComparison.Ordinal);
    }
}

public sealed class PageActionOnSqliteTests() : PageActionTests(Database.Sqlite);

public sealed class PageActionOnPostgresTests() : PageActionTests(Database.Postgres);
