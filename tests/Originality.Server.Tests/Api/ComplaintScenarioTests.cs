using System.Net;
using System.Text.Json;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Api;

/// <summary>
/// Complaints end to end through the real host: filing → a copying listing → warning → complaint →
/// acceptance → points → appeal → decision, with the manual clock walked across working days.
/// Run once per database.
/// </summary>
public abstract class ComplaintScenarioTests(Database database) : MarketplaceTest(database)
{

    private sealed record Case(TestMember Owner, TestMember Copier, TestMember Reviewer, string ComplaintId, string FilingId);

    /// <summary>Alice files a picture, Mallory publishes a copy, Alice complains from the match notice.</summary>
    private async Task<Case> ComplaintFromNoticeAsync(int seed = 21, TestMember? owner = null, TestMember? copier = null, string listingId = "L-9001")
    {
        owner ??= await Market.MemberAsync("alice");
        copier ??= await Market.MemberAsync("mallory");
        var reviewer = await Market.ReviewerAsync();
        var picture = TestPictures.Original(seed);
        var filingId = await Marketplace.FileAsync(owner, picture);
        await Market.PublishListingAsync(copier, listingId, "apparel", TestPictures.Copy(picture));
        var notices = await (await owner.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK);
        var notice = notices.EnumerateArray().First(n => n.GetProperty("listingId").GetString() == listingId);
        var complaint = await (await owner.Client.PostJson("/api/complaints", new { noticeId = notice.GetProperty("id").GetString(), description = "My own shoot." }))
            .ReadJson(HttpStatusCode.Created);
        return new Case(owner, copier, reviewer, complaint.GetProperty("id").GetString()!, filingId);
    }

    private Task<HttpResponseMessage> AdvanceAsync(int days, int hours = 0) =>
        Market.Operator.PostJson("/api/clock/advance", new { days, hours });

    private static void AssertNothingNamesTheComplainant(string json, Case c)
    {
        Assert.DoesNotContain(c.Owner.Id, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(c.Owner.Nickname, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(c.Owner.StoreId, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(c.FilingId, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("complainantId", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_whole_case_runs_from_filing_to_final_decision_across_working_days()
    {
        // Filing, a copying listing, the warning and the complaint (D-1, C-1).
        var c = await ComplaintFromNoticeAsync();
        var warnings = await (await c.Copier.Client.GetAsync("/api/warnings")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, warnings.GetArrayLength());

        // The reviewer's queue holds it, due 3 working days after filing (C-3).
        var queue = await (await c.Reviewer.Client.GetAsync("/api/review/queue")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(c.ComplaintId, queue.GetProperty("acceptance")[0].GetProperty("complaintId").GetString());

        // Next day the reviewer establishes it: goods removed, first offence (P-1: no points).
        (await AdvanceAsync(1)).EnsureSuccessStatusCode();
        var established = await (await c.Reviewer.Client.PostJson($"/api/complaints/{c.ComplaintId}/acceptance",
            new { decision = "establish", reason = "Same picture, filed earlier by the owner." })).ReadJson(HttpStatusCode.OK);
        Assert.Equal("established", established.GetProperty("status").GetString());
        var points = await (await c.Copier.Client.GetAsync("/api/points")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(0, points.GetProperty("points").GetInt32());
        Assert.Equal(1, points.GetProperty("penalties").GetArrayLength());

        // The respondent sees the notice and its appeal window, never the complainant (C-2).
        var received = await c.Copier.Client.GetAsync($"/api/complaints/{c.ComplaintId}");
        var receivedJson = await received.Content.ReadAsStringAsync();
        var asRespondent = await received.ReadJson(HttpStatusCode.OK);
        AssertNothingNamesTheComplainant(receivedJson, c);
        Assert.True(asRespondent.GetProperty("mayAppeal").GetBoolean());

        // First appeal, dismissed; a second window of 3 working days opens.
        (await AdvanceAsync(0, 2)).EnsureSuccessStatusCode();
        var appealed = await (await c.Copier.Client.PostJson($"/api/complaints/{c.ComplaintId}/appeals", new { statement = "I bought the picture." })).ReadJson(HttpStatusCode.OK);
        Assert.Equal("appealPending", appealed.GetProperty("status").GetString());
        AssertNothingNamesTheComplainant(appealed.GetRawText(), c);
        var appealQueue = await (await c.Reviewer.Client.GetAsync("/api/review/queue")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(1, appealQueue.GetProperty("appeals").GetArrayLength());
        (await AdvanceAsync(1)).EnsureSuccessStatusCode();
        var dismissed = await (await c.Reviewer.Client.PostJson($"/api/complaints/{c.ComplaintId}/appeals/decision",
            new { upheld = false, reason = "No licence shown." })).ReadJson(HttpStatusCode.OK);
        Assert.Equal("appealRejected", dismissed.GetProperty("status").GetString());

        // After the decision the complainant can no longer withdraw (C-6).
        var withdraw = await (await c.Owner.Client.PostJson($"/api/complaints/{c.ComplaintId}/withdrawal", new { reason = "changed my mind" })).ReadJson(HttpStatusCode.Conflict);
        Assert.Equal("/problems/appeal-already-decided", withdraw.GetProperty("type").GetString());
        Assert.Equal("C-6", withdraw.GetProperty("rule").GetString());

        // No second appeal in time: a week later (a weekend included) the window has closed and the penalty stands.
        (await AdvanceAsync(7)).EnsureSuccessStatusCode();
        var late = await (await c.Copier.Client.PostJson($"/api/complaints/{c.ComplaintId}/appeals", new { statement = "Too late?" })).ReadJson(HttpStatusCode.Conflict);
        Assert.Equal("/problems/appeal-window-closed", late.GetProperty("type").GetString());
        Assert.Equal("R-3", late.GetProperty("rule").GetString());
        var final = await (await c.Owner.Client.GetAsync($"/api/complaints/{c.ComplaintId}")).ReadJson(HttpStatusCode.OK);
        Assert.Equal("penaltyStands", final.GetProperty("status").GetString());

        // A second established complaint more than 5 days after the first deducts 6 points (P-2)
        // and restricts publishing (P-3).
        var second = await ComplaintFromNoticeAsync(22, c.Owner, c.Copier, "L-9002");
        (await c.Reviewer.Client.PostJson($"/api/complaints/{second.ComplaintId}/acceptance", new { decision = "establish", reason = "Copied again." })).EnsureSuccessStatusCode();
        points = await (await c.Copier.Client.GetAsync("/api/points")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(6, points.GetProperty("points").GetInt32());
        Assert.False(points.GetProperty("mayPublish").GetBoolean());
    }

    [Fact]
    public async Task The_respondent_never_sees_the_complainant_in_lists_views_or_refusals()
    {
        var c = await ComplaintFromNoticeAsync(23);

        var list = await (await c.Copier.Client.GetAsync("/api/complaints?as=respondent")).Content.ReadAsStringAsync();
        var view = await (await c.Copier.Client.GetAsync($"/api/complaints/{c.ComplaintId}")).Content.ReadAsStringAsync();
        var refusal = await c.Copier.Client.PostJson($"/api/complaints/{c.ComplaintId}/withdrawal", new { reason = "x" });
        var refusalJson = await refusal.Content.ReadAsStringAsync();
        var early = await (await c.Copier.Client.PostJson($"/api/complaints/{c.ComplaintId}/appeals", new { statement = "x" })).Content.ReadAsStringAsync();

        Assert.Contains(c.ComplaintId, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, refusal.StatusCode);
        foreach (var json in new[] { list, view, refusalJson, early })
        {
            AssertNothingNamesTheComplainant(json, c);
        }
    }

    [Fact]
    public async Task A_member_who_is_no_party_gets_404_for_a_complaint()
    {
        var c = await ComplaintFromNoticeAsync(24);
        var stranger = await Market.MemberAsync("stranger");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/complaints/{c.ComplaintId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostJson($"/api/complaints/{c.ComplaintId}/withdrawal", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostJson($"/api/complaints/{c.ComplaintId}/appeals", new { statement = "x" })).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_an_established_complaint_gives_the_penalty_back()
    {
        var c = await ComplaintFromNoticeAsync(25);
        (await c.Reviewer.Client.PostJson($"/api/complaints/{c.ComplaintId}/acceptance", new { decision = "establish", reason = "Copy." })).EnsureSuccessStatusCode();

        var withdrawn = await (await c.Owner.Client.PostJson($"/api/complaints/{c.ComplaintId}/withdrawal", new { reason = "Settled." })).ReadJson(HttpStatusCode.OK);

        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        var points = await (await c.Copier.Client.GetAsync("/api/points")).ReadJson(HttpStatusCode.OK);
        Assert.All(points.GetProperty("penalties").EnumerateArray(), p => Assert.NotEqual(JsonValueKind.Null, p.GetProperty("revokedAt").ValueKind));
    }

    [Fact]
    public async Task A_complaint_without_a_listing_is_refused_with_a_field_error()
    {
        var alice = await Market.MemberAsync("alice");
        var filingId = await Marketplace.FileAsync(alice, TestPictures.Original(26));

        var problem = await (await alice.Client.PostJson("/api/complaints", new { pictures = new[] { filingId }, listings = new[] { "L-unknown" } })).ReadJson(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("listings", out _));
    }

    [Fact]
    public async Task Only_reviewers_decide_acceptance()
    {
        var c = await ComplaintFromNoticeAsync(27);

        var response = await c.Owner.Client.PostJson($"/api/complaints/{c.ComplaintId}/acceptance", new { decision = "establish", reason = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

public sealed class ComplaintScenarioOnSqliteTests() : ComplaintScenarioTests(Database.Sqlite);

public sealed class ComplaintScenarioOnPostgresTests() : ComplaintScenarioTests(Database.Postgres);
