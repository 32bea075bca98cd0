using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Originality.Domain;
using Originality.Server.Pages;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Pages;

/// <summary>
/// The page actions through the real host (SQLite, the embedded default, where one held transaction
/// stalls every writer): refusals reach the person on the page they acted on, in their language,
/// with what they typed kept; nothing holds the write lock while a page is rendered.
/// </summary>
public sealed partial class PageActionTests() : MarketplaceTest(Database.Sqlite)
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
    private static async Task WriteUntilAsync(TestMember member, ConcurrentBag<TimeSpan> times, Task stop, int minimum)
    {
        for (var i = 0; i < minimum || !stop.IsCompleted; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await member.Client.PostJson("/api/folders", new { name = $"Writer {member.Nickname} {i}" });
            watch.Stop();
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            times.Add(watch.Elapsed);
        }
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
    public async Task A_refused_folder_name_is_shown_on_the_page_with_the_name_kept_and_other_writers_are_not_held_up()
    {
        var alice = await Market.MemberAsync("alice");
        var writers = new[] { await Market.MemberAsync("w1"), await Market.MemberAsync("w2"), await Market.MemberAsync("w3") };
        await Marketplace.FolderAsync(alice, "Spring shoot");
        var times = new ConcurrentBag<TimeSpan>();
        var refusalsDone = new TaskCompletionSource();
        var writing = writers.Select(w => WriteUntilAsync(w, times, refusalsDone.Task, minimum: 5)).ToArray();

        var watch = Stopwatch.StartNew();
        var refused = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            PostFormAsync(alice, "/seller/folders", "/seller/folders?lang=zh", ("name", "Spring shoot"))));
        watch.Stop();
        refusalsDone.SetResult();
        await Task.WhenAll(writing);

        foreach (var response in refused)
        {
            var html = await BodyAsync(response, HttpStatusCode.Conflict);
            Assert.Contains("您已有同名文件夹", PageError(html), StringComparison.Ordinal);
            Assert.Contains("(F-2)", PageError(html), StringComparison.Ordinal);
            Assert.Contains("value=\"Spring shoot\"", html, StringComparison.Ordinal);
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"The refusals took {watch.Elapsed}.");
        Assert.True(times.Count >= 15);
        Assert.True(times.Max() < TimeSpan.FromSeconds(1), $"A writer waited {times.Max()} beside the refused page action.");
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
        using var form = new MultipartFormDataContent { { new StringContent(Token(html)), "__RequestVerificationToken" } };
        for (var i = 0; i < 4; i++)
        {
            form.Add(new ByteArrayContent(TestPictures.Original(300 + i, 1900, 1500)), "files", $"big{i}.png");
        }
        var times = new ConcurrentBag<TimeSpan>();
        var uploadDone = new TaskCompletionSource();
        var writing = writers.Select(w => WriteUntilAsync(w, times, uploadDone.Task, minimum: 5)).ToArray();

        var upload = await alice.Client.PostAsync($"/seller/folders/{folder}/upload", form);
        uploadDone.SetResult();
        await Task.WhenAll(writing);

        var page = await BodyAsync(upload, HttpStatusCode.OK);
        // Each certified file of the batch links its certificate from the outcome table.
        Assert.Equal(4, Regex.Count(page, "/api/certificates/[0-9a-f-]+/page"));
        Assert.True(times.Max() < TimeSpan.FromSeconds(1), $"A writer waited {times.Max()} beside the upload.");
    }

    [Fact]
    public void Every_refusal_of_the_rulebook_has_a_Chinese_text()
    {
        var missing = Refusal.All.Where(r => !RefusalTexts.HasChinese(r)).Select(r => r.Code).ToList();

        Assert.True(missing.Count == 0, "No Chinese text for: " + string.Join(", ", missing));
        Assert.All(Refusal.All, r => Assert.NotEqual(r.Message, RefusalTexts.Message(r, Texts.Chinese)));
    }

    [Fact]
    public async Task An_acceptance_without_a_reason_stays_on_the_case_and_says_so()
    {
        var (owner, _, reviewer, noticeId) = await NoticeAsync(61);
        var complaint = await (await owner.Client.PostJson("/api/complaints", new { noticeId })).ReadJson(HttpStatusCode.Created);
        var id = complaint.GetProperty("id").GetString();

        var response = await PostFormAsync(reviewer, $"/reviewer/cases/{id}", $"/reviewer/cases/{id}/acceptance?lang=zh", ("decision", "establish"), ("reason", "   "));

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
            ["__RequestVerificationToken"] = Token(page), ["decision"] = "establish", ["reason"] = "Same picture as the filing.",
        });
        var html = await BodyAsync(await reviewer.Client.PostAsync($"/reviewer/cases/{id}/acceptance?lang=zh", form), HttpStatusCode.Conflict);

        Assert.Equal("该投诉已撤回。 (C-6)", PageError(html));
    }

    [Fact]
    public async Task Complaining_twice_from_one_notice_files_one_complaint_until_the_first_has_ended()
    {
        var (owner, _, reviewer, noticeId) = await NoticeAsync(63);

        var first = await PostFormAsync(owner, "/seller/warnings", $"/seller/notices/{noticeId}/complain");
        var second = await PostFormAsync(owner, "/seller/warnings", $"/seller/notices/{noticeId}/complain?lang=zh");
        var api = await (await owner.Client.PostJson("/api/complaints", new { noticeId })).ReadJson(HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var html = await BodyAsync(second, HttpStatusCode.Conflict);
        Assert.Contains("您已就该商品和图片发起过投诉", PageError(html), StringComparison.Ordinal);
        Assert.Equal("/problems/complaint-already-open", api.GetProperty("type").GetString());
        var queue = await (await reviewer.Client.GetAsync("/api/review/queue")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, queue.GetProperty("acceptance").GetArrayLength());
        var warnings = await owner.Client.GetStringAsync("/seller/warnings?lang=en");
        Assert.DoesNotContain($"/seller/notices/{noticeId}/complain", warnings, StringComparison.Ordinal);
        Assert.Contains("CP-000001", warnings, StringComparison.Ordinal);

        // Once the first has ended (withdrawn), the owner may complain again.
        var id = queue.GetProperty("acceptance")[0].GetProperty("complaintId").GetString();
        (await owner.Client.PostJson($"/api/complaints/{id}/withdrawal", new { })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(owner, "/seller/warnings", $"/seller/notices/{noticeId}/complain")).StatusCode);
    }

    [Fact]
    public async Task After_an_appeal_decision_the_case_shows_the_appeals_reason_beside_the_acceptance_reason()
    {
        var (owner, copier, reviewer, noticeId) = await NoticeAsync(64);
        var id = (await (await owner.Client.PostJson("/api/complaints", new { noticeId })).ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString();
        (await reviewer.Client.PostJson($"/api/complaints/{id}/acceptance", new { decision = "establish", reason = "Acceptance: same picture." })).EnsureSuccessStatusCode();
        (await copier.Client.PostJson($"/api/complaints/{id}/appeals", new { statement = "I bought the rights." })).EnsureSuccessStatusCode();

        var decided = await PostFormAsync(reviewer, $"/reviewer/cases/{id}", $"/reviewer/cases/{id}/appeal-decision", ("upheld", "true"), ("reason", "Appeal: licence shown."));

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

        using var withdrawal = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(ownerPage) });
        var withdrawn = await BodyAsync(await owner.Client.PostAsync($"/seller/complaints/{id}/withdraw?lang=zh", withdrawal), HttpStatusCode.Conflict);
        Assert.Equal("平台已对申诉作出裁决，投诉不能再撤回。 (C-6)", PageError(withdrawn));

        (await Market.Operator.PostJson("/api/clock/advance", new { days = 10 })).EnsureSuccessStatusCode();
        var appealed = await PostFormAsync(copier, "/seller/complaints", $"/seller/complaints/{id}/appeal?lang=zh", ("statement", "Second try, kept."));
        var html = await BodyAsync(appealed, HttpStatusCode.Conflict);
        Assert.Contains("申诉期已结束", PageError(html), StringComparison.Ordinal);
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
}
