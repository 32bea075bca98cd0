using System.Net;
using Microsoft.Playwright;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Browser;

/// <summary>The complaint's own page for each party: the owner's full view, the accused seller's anonymous one (C-2).</summary>
public sealed partial class BrowserTests
{
    private async Task<(TestMember Owner, TestMember Copier, string Id)> EstablishedComplaintAsync(int seed, string listing)
    {
        var (alice, mallory, reviewer) = await NoticeAsync(seed, listing);
        var notice = (await (await alice.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK))[0];
        var id = (await (await alice.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString(), description = "Shot by alice in our Hangzhou studio." }))
            .ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        (await reviewer.Client.PostJson($"/api/complaints/{id}/acceptance", new { decision = "establish", reason = "Same picture as the filing." })).EnsureSuccessStatusCode();
        return (alice, mallory, id);
    }

    [Fact]
    public async Task The_accused_seller_sees_the_case_without_the_complainant_and_a_refused_appeal_keeps_its_statement_in_Chinese()
    {
        var (_, mallory, id) = await EstablishedComplaintAsync(57, "L-9001");
        var first = await SignedInAsync(mallory.ApiKey, "zh");
        await first.GotoAsync("/seller/complaints");
        await first.ClickAsync($"#complaints-received a[href='/seller/complaints/{id}']");
        await first.WaitForSelectorAsync("#appeal-form");
        var second = await first.Context.NewPageAsync();
        second.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await second.GotoAsync($"/seller/complaints/{id}");

        // C-2: nothing of the complainant: not its nickname, its words or its certified pictures.
        var body = await first.InnerTextAsync("body");
        Assert.DoesNotContain("alice", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Hangzhou", body, StringComparison.Ordinal);
        Assert.Equal(0, await first.Locator("#case-pictures, .certificate-link, .complaint-description").CountAsync());
        Assert.Equal("respondent", await first.GetAttributeAsync("#complaint-facts", "data-side"));
        Assert.Contains("bad", await first.GetAttributeAsync("#case-status .badge", "class") ?? "", StringComparison.Ordinal);
        Assert.Contains("申诉截止", await first.InnerTextAsync("#case-deadline"), StringComparison.Ordinal);
        await ScreenshotAsync(first, "seller-complaint-respondent-zh");

        await first.FillAsync("#statement", "该图片由我方摄影师拍摄。");
        await first.ClickAsync("#appeal-form button[type=submit]");
        await first.WaitForSelectorAsync("#complaint-done");
        Assert.Equal("AppealPending", await first.GetAttributeAsync("#case-status", "data-status"));
        Assert.Equal("该图片由我方摄影师拍摄。", await first.InnerTextAsync("#decided .appeal-statement"));
        Assert.Contains(_confirmations, c => c.Contains("两次申诉", StringComparison.Ordinal));

        // The tab left open still offers the appeal; the rulebook refuses it there, in Chinese, the statement kept.
        await second.FillAsync("#statement", "再次申诉。");
        await second.ClickAsync("#appeal-form button[type=submit]");
        await second.WaitForSelectorAsync("#page-error");
        var error = await second.InnerTextAsync("#page-error");
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error);
        Assert.DoesNotMatch("[A-Za-z]{4,}", error);
        Assert.Equal("再次申诉。", await second.InputValueAsync("#statement"));
        var appeals = await (await mallory.Client.GetAsync($"/api/complaints/{id}")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, appeals.GetProperty("appeals").GetArrayLength());
    }

    [Fact]
    public async Task The_owner_sees_its_complaint_and_withdraws_it_after_confirming_and_others_are_not_told_it_exists()
    {
        var (alice, mallory, id) = await EstablishedComplaintAsync(58, "L-9101");
        var page = await SignedInAsync(alice.ApiKey);
        await page.GotoAsync("/seller/complaints");
        Assert.Contains("ok", await page.GetAttributeAsync("#complaints-filed .badge", "class") ?? "", StringComparison.Ordinal);
        await page.ClickAsync($"#complaints-filed a[href='/seller/complaints/{id}']");
        await page.WaitForSelectorAsync("#withdraw-form");

        Assert.Equal("complainant", await page.GetAttributeAsync("#complaint-facts", "data-side"));
        Assert.Equal("Shot by alice in our Hangzhou studio.", await page.InnerTextAsync(".complaint-description"));
        Assert.Equal("CP-000001", await page.InnerTextAsync("#case-ref"));
        Assert.Equal(1, await page.Locator("#case-pictures a.certificate-link").CountAsync());
        Assert.Equal("Same picture as the filing.", await page.InnerTextAsync("#decided .acceptance-reason"));
        // The owner's won case is good news for the owner: not painted red.
        Assert.Contains("ok", await page.GetAttributeAsync("#case-status .badge", "class") ?? "", StringComparison.Ordinal);
        await ScreenshotAsync(page, "seller-complaint-complainant");

        await page.GotoAsync($"/seller/complaints/{id}");
        await page.FillAsync("#withdraw-reason", "Settled with the seller.");
        await page.ClickAsync("#withdraw-form button[type=submit]");
        await page.WaitForSelectorAsync("#complaint-done");
        Assert.Equal("Withdrawn", await page.GetAttributeAsync("#case-status", "data-status"));
        Assert.Equal(0, await page.Locator("#withdraw-form").CountAsync());
        Assert.Contains(_confirmations, c => c.Contains("cannot be undone", StringComparison.Ordinal));
        var penalties = await (await mallory.Client.GetAsync("/api/points")).ReadJson(HttpStatusCode.OK);
        var list = penalties.GetProperty("penalties").EnumerateArray().ToList();
        Assert.NotEmpty(list);
        Assert.All(list, p => Assert.NotEqual(System.Text.Json.JsonValueKind.Null, p.GetProperty("revokedAt").ValueKind));

        // A member who is neither party, and an address that is no case, get the same answer.
        var bob = await _market.MemberAsync("bob");
        var other = await SignedInAsync(bob.ApiKey);
        var response = await other.GotoAsync($"/seller/complaints/{id}");
        Assert.Equal(404, response!.Status);
        Assert.DoesNotContain("L-9101", await other.InnerTextAsync("body"), StringComparison.Ordinal);
        Assert.Equal(404, (await other.GotoAsync("/seller/complaints/not-a-case"))!.Status);
    }
}
