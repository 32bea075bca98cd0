using System.Net;
using System.Text;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Api;

public sealed class OperatorTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new(Database.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_policy_change_cannot_take_effect_in_the_past()
    {
        var problem = await (await _server.Operator().PostJson("/api/policies/assignments",
            new { policyId = "P-001", effectiveFrom = "2020-01-01T00:00:00Z" })).ReadJson(HttpStatusCode.Conflict);

        Assert.Equal("/problems/retroactive-policy-change", problem.GetProperty("type").GetString());
        Assert.Equal("P", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_future_policy_is_scheduled_and_the_current_one_stays()
    {
        (await _server.Operator().PostJson("/api/policies/assignments", new { policyId = "P-001", effectiveFrom = "2027-01-01T00:00:00Z" })).EnsureSuccessStatusCode();

        var policies = await (await _server.Operator().GetAsync("/api/policies")).ReadJson(HttpStatusCode.OK);

        Assert.Equal("P-003", policies.GetProperty("currentDefaultPolicy").GetString());
        Assert.Equal(1, policies.GetProperty("assignments").GetArrayLength());
    }

    [Fact]
    public async Task The_operator_replaces_the_calendar_and_a_broken_one_is_refused()
    {
        var client = _server.Operator();
        var good = new StringContent("""{"timeZone":"Asia/Shanghai","years":[2026],"holidays":["2026-03-04"],"makeUpWorkingDays":["2026-03-07"]}""", Encoding.UTF8, "application/json");
        var bad = new StringContent("""{"timeZone":"Europe/Paris"}""", Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync("/api/calendar", good)).StatusCode);
        var problem = await (await client.PutAsync("/api/calendar", bad)).ReadJson(HttpStatusCode.BadRequest);
        var calendar = await (await client.GetAsync("/api/calendar")).ReadJson(HttpStatusCode.OK);

        Assert.True(problem.GetProperty("errors").TryGetProperty("calendar", out _));
        Assert.Equal("2026-03-04", calendar.GetProperty("holidays")[0].GetString());
        // A year that is not a number was a 500 (the JSON reader's InvalidOperationException).
        using var wordYear = new StringContent("""{"years":["soon"]}""", Encoding.UTF8, "application/json");
        var refused = await (await client.PutAsync("/api/calendar", wordYear)).ReadJson(HttpStatusCode.BadRequest);
        Assert.Contains("soon", refused.GetProperty("errors").GetProperty("calendar")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deadline_in_a_year_the_calendar_does_not_cover_is_refused_not_guessed()
    {
        var market = new Marketplace(_server);
        var alice = await market.MemberAsync("alice");
        var mallory = await market.MemberAsync("mallory");
        var picture = TestPictures.Original(61);
        var filingId = await Marketplace.FileAsync(alice, picture);
        await market.PublishListingAsync(mallory, "L-6001", "apparel", TestPictures.Copy(picture));
        var calendar = new StringContent("""{"timeZone":"Asia/Shanghai","years":[2030],"holidays":["2030-01-01"]}""", Encoding.UTF8, "application/json");
        (await market.Operator.PutAsync("/api/calendar", calendar)).EnsureSuccessStatusCode();

        var problem = await (await alice.Client.PostJson("/api/complaints", new { pictures = new[] { filingId }, listings = new[] { "L-6001" } })).ReadJson(HttpStatusCode.Conflict);

        Assert.Equal("/problems/calendar-not-covered", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_member_cannot_use_operator_endpoints()
    {
        var alice = await new Marketplace(_server).MemberAsync("alice");

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Client.GetAsync("/api/policies")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Client.PostJson("/api/clock/advance", new { days = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Client.PostJson("/api/members", new { nickname = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_member_with_an_invalid_store_id_is_refused_field_by_field()
    {
        var problem = await (await _server.Operator().PostJson("/api/members", new { nickname = "bad", storeId = "AE-12", storeLevel = 9, categories = Array.Empty<string>() }))
            .ReadJson(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("storeId", out _));
        Assert.True(errors.TryGetProperty("storeLevel", out _));
        Assert.True(errors.TryGetProperty("categories", out _));
    }
}
