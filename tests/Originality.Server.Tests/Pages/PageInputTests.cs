using System.Net;
using System.Text.RegularExpressions;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Pages;

/// <summary>No address or form a person (or a script) can send to a page ends in a 500.</summary>
public sealed partial class PageInputTests() : MarketplaceTest(Database.Sqlite)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [Theory]
    [InlineData("/reviewer?size=abc")]
    [InlineData("/reviewer?size=99999999999999")]
    [InlineData("/reviewer?after=__x&sort=%ff")]
    [InlineData("/reviewer?queue=%00&due=tomorrow&category=%3Cscript%3E")]
    [InlineData("/reviewer/cases/not-a-case")]
    [InlineData("/reviewer/cases/CP-0")]
    [InlineData("/reviewer/cases/CP-99999999999999999999")]
    [InlineData("/reviewer/matches/nope/overlay")]
    [InlineData("/operator?done=%00")]
    [InlineData("/seller/complaints/not-a-case")]
    [InlineData("/reviewer/recovery?done=%00")]
    [InlineData("/reviewer/recovery/not-an-id")]
    [InlineData("/reviewer/recovery/01a236dd-c642-7053-9a21-dfa2d20040ae")]
    [InlineData("/reviewer/recovery/not-an-id/files/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/login?ReturnUrl=%0d%0a//evil")]
    public async Task A_strange_address_is_answered_without_a_server_error(string path)
    {
        var response = await Market.Operator.GetAsync(path);

        Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("[1]", "en", "the file must be one JSON object")]
    [InlineData("{ \"timeZone\": \"UTC\" }", "zh", "\"timeZone\" 如填写，必须为 \"Asia/Shanghai\"")]
    [InlineData("{ \"years\": 2026 }", "zh", "\"years\" 必须是年份列表")]
    [InlineData("{ \"years\": [\"soon\"] }", "en", "soon in \"years\" is not a year")]
    [InlineData("{ \"years\": [2026], \"holidays\": [\"2027-01-01\"] }", "zh", "2027-01-01 不在 \"years\" 声明的年份内")]
    [InlineData("{ \"holidays\": [\"2026-05-01\"], \"makeUpWorkingDays\": [\"2026-05-01\"] }", "zh", "2026-05-01 同时被列为节假日和调休工作日")]
    [InlineData("{ \"holidays\": \"2026-05-01\" }", "en", "\"holidays\" must be a list of dates")]
    [InlineData("{ \"holidays\": [20260501] }", "zh", "20260501 不是 yyyy-MM-dd 格式的日期")]
    [InlineData("{\n  \"holidays\": [\"2026-05-01\",\n  oops ] }", "zh", "JSON 在第 3 行无法解析")]
    public async Task A_calendar_that_does_not_read_is_refused_saying_what_is_wrong_in_the_operators_language(string json, string language, string expected)
    {
        var page = await Market.Operator.GetStringAsync("/operator");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value,
            ["_handler"] = "calendar",
            ["CalendarInput.Json"] = json,
        });

        var response = await Market.Operator.PostAsync($"/operator?lang={language}", form);

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {html}");
        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_handler=trial&TrialInput.InTrial=maybe&TrialInput.Members=%00")]
    [InlineData("_handler=clock&ClockInput.At=garbage")]
    [InlineData("_handler=policy&PolicyInput.PolicyId=P-999&PolicyInput.EffectiveFrom=2099-01-01T00:00")]
    [InlineData("_handler=calendar&CalendarInput.Json=%5B")]
    [InlineData("_handler=calendar&CalendarInput.Json=%7B%22holidays%22%3A%5B1%5D%7D")]
    [InlineData("_handler=member&MemberInput.Nickname=&MemberInput.StoreLevel=99999999999")]
    [InlineData("_handler=member-key&KeyInput.Subject=nobody")]
    [InlineData("_handler=revoke&RevokeInput.Subject=")]
    [InlineData("_handler=webhook&WebhookInput.Url=javascript%3Aalert(1)")]
    [InlineData("_handler=webhook-test&TestInput.Id=nope")]
    [InlineData("_handler=webhook-remove")]
    [InlineData("_handler=no-such-form")]
    public async Task A_strange_operator_form_is_refused_on_the_page_not_with_a_server_error(string body)
    {
        var page = await Market.Operator.GetStringAsync("/operator");
        using var form = new StringContent($"__RequestVerificationToken={Uri.EscapeDataString(TokenPattern().Match(page).Groups[1].Value)}&{body}",
            System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await Market.Operator.PostAsync("/operator", form);

        Assert.True((int)response.StatusCode is >= 200 and < 500, $"{body} answered {(int)response.StatusCode}");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/reviewer/recovery", "_handler=release-nope")]
    [InlineData("/reviewer/recovery", "_handler=release-01a236dd-c642-7053-9a21-dfa2d20040ae")]
    [InlineData("/reviewer/recovery/not-an-id", "_handler=decision&decision=approve")]
    [InlineData("/reviewer/recovery/01a236dd-c642-7053-9a21-dfa2d20040ae", "_handler=decision&decision=maybe&reasons=%00")]
    [InlineData("/reviewer/recovery/01a236dd-c642-7053-9a21-dfa2d20040ae", "_handler=release")]
    public async Task A_strange_recovery_form_is_refused_not_with_a_server_error(string path, string body)
    {
        var page = await Market.Operator.GetStringAsync("/reviewer/recovery");
        using var form = new StringContent($"__RequestVerificationToken={Uri.EscapeDataString(TokenPattern().Match(page).Groups[1].Value)}&{body}",
            System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await Market.Operator.PostAsync(path, form);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path} {body} answered {(int)response.StatusCode}");
    }
}
