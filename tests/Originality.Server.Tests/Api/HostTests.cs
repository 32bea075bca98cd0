using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Api;

public sealed class HostTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new(Database.Sqlite, new Dictionary<string, string?>
    {
        ["Limits:MaxRequestBytes"] = "4096",
        ["Limits:MaxUploadBytes"] = "65536",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_request_without_a_key_is_refused_with_problem_details()
    {
        var response = await _server.Anonymous().GetAsync("/api/me");

        var problem = await response.ReadJson(HttpStatusCode.Unauthorized);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/problems/unauthorized", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_unknown_key_is_refused()
    {
        var response = await _server.ClientWithKey("ok_member_not-a-real-key").GetAsync("/api/me");

        await response.ReadJson(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_operator_key_from_configuration_authenticates_the_operator()
    {
        var me = await (await _server.Operator().GetAsync("/api/me")).ReadJson(HttpStatusCode.OK);

        Assert.Equal("operator", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_operator_creates_a_reviewer_whose_key_then_works_and_is_stored_only_as_a_hash()
    {
        var created = await (await _server.Operator().PostJson("/api/reviewers", new { name = "Rita" })).ReadJson(HttpStatusCode.Created);
        var key = created.GetProperty("apiKey").GetString()!;

        var me = await (await _server.ClientWithKey(key).GetAsync("/api/me")).ReadJson(HttpStatusCode.OK);

        Assert.Equal("reviewer", me.GetProperty("role").GetString());
        Assert.Equal("Rita", me.GetProperty("name").GetString());
        var database = File.ReadAllBytes(Directory.GetFiles(_server.DataDirectoryForTests(), "*.db").Single());
        Assert.DoesNotContain(key, Encoding.UTF8.GetString(database), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reviewer_cannot_create_reviewers()
    {
        var created = await (await _server.Operator().PostJson("/api/reviewers", new { name = "Rita" })).ReadJson(HttpStatusCode.Created);
        var reviewer = _server.ClientWithKey(created.GetProperty("apiKey").GetString());

        var response = await reviewer.PostJson("/api/reviewers", new { name = "Sneaky" });

        var problem = await response.ReadJson(HttpStatusCode.Forbidden);
        Assert.Equal("/problems/forbidden", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_reviewer_without_a_name_is_refused_with_a_field_error()
    {
        var response = await _server.Operator().PostJson("/api/reviewers", new { name = "" });

        var problem = await response.ReadJson(HttpStatusCode.BadRequest);
        Assert.Equal("/problems/validation", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task A_body_over_the_request_limit_is_refused_with_413()
    {
        var content = new StringContent(new string('x', 5000), Encoding.UTF8, "application/json");

        var response = await _server.Operator().PostAsync("/api/reviewers", content);

        var problem = await response.ReadJson(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("/problems/payload-too-large", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_manual_clock_is_advanced_by_the_operator_and_never_goes_back()
    {
        var client = _server.Operator();
        var before = await (await client.GetAsync("/api/clock")).ReadJson(HttpStatusCode.OK);
        Assert.Equal("manual", before.GetProperty("mode").GetString());

        var after = await (await client.PostJson("/api/clock/advance", new { days = 1, hours = 2 })).ReadJson(HttpStatusCode.OK);
        var back = await client.PostJson("/api/clock/set", new { instant = "2020-01-01T00:00:00Z" });

        Assert.Equal(DateTimeOffset.Parse(before.GetProperty("now").GetString()!).AddHours(26), DateTimeOffset.Parse(after.GetProperty("now").GetString()!));
        var problem = await back.ReadJson(HttpStatusCode.Conflict);
        Assert.Equal("/problems/clock-cannot-go-back", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_is_served()
    {
        var document = await (await _server.Anonymous().GetAsync("/openapi/v1.json")).ReadJson(HttpStatusCode.OK);

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/clock/advance", out _));
    }

    [Fact]
    public async Task The_login_page_speaks_Chinese_and_English()
    {
        var client = _server.Anonymous();

        var chinese = await (await client.GetAsync("/login?lang=zh")).Content.ReadAsStringAsync();
        var english = await (await client.GetAsync("/login?lang=en")).Content.ReadAsStringAsync();

        Assert.Contains("登录", chinese, StringComparison.Ordinal);
        Assert.Contains("Sign in", english, StringComparison.Ordinal);
    }
}

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new(Database.Sqlite, new Dictionary<string, string?> { ["Limits:RequestsPerMinute"] = "5" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Requests_over_the_rate_limit_are_refused_with_429_and_retry_after()
    {
        var client = _server.Operator();
        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("/api/me")).EnsureSuccessStatusCode();
        }

        var response = await client.GetAsync("/api/me");

        var problem = await response.ReadJson(HttpStatusCode.TooManyRequests);
        Assert.Equal("/problems/rate-limited", problem.GetProperty("type").GetString());
        Assert.True(response.Headers.RetryAfter is not null || response.Headers.Contains("Retry-After"));
    }
}
