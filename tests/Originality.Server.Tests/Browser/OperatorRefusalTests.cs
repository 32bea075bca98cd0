using Microsoft.Playwright;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Browser;

/// <summary>The operator console's refusals in Chinese: on the same page, the form as it was typed.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task The_operators_refusals_read_in_Chinese_and_keep_what_was_typed()
    {
        await _market.MemberAsync("alice");
        var page = await SignedInAsync(ServerFactory.OperatorKey, "zh");
        await page.GotoAsync("/operator");

        // P-: a policy from before now is refused by the rulebook, the choice and the instant kept.
        await page.SelectOptionAsync("#policy-id", "P-001");
        await page.FillAsync("#policy-from", "2020-01-01T00:00");
        await page.ClickAsync("#policy-form button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Matches(@"^\P{IsBasicLatin}", await page.InnerTextAsync("#page-error"));
        Assert.DoesNotMatch("[A-Za-z]{4,}", await page.InnerTextAsync("#page-error"));
        Assert.Equal("P-001", await page.InputValueAsync("#policy-id"));
        Assert.Equal("2020-01-01T00:00", await page.InputValueAsync("#policy-from"));
        Assert.Equal("P-003", await page.InnerTextAsync("#policy-now"));

        // The clock only moves forward.
        await page.FillAsync("#clock-at", "2026-03-09T10:00");
        await page.ClickAsync("#clock-form button[type=submit]");
        await page.WaitForSelectorAsync("#operator-done");
        Assert.Equal("时钟已设置。", await page.InnerTextAsync("#operator-done"));
        await page.FillAsync("#clock-at", "2026-03-01T10:00");
        await page.ClickAsync("#clock-form button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Equal("时钟只能向前调。", await page.InnerTextAsync("#page-error"));
        Assert.Equal("2026-03-01T10:00", await page.InputValueAsync("#clock-at"));

        // F-1: an unknown nickname refuses the whole change; what was typed stays.
        await page.CheckAsync("#trial-on");
        await page.FillAsync("#trial-categories", "apparel");
        await page.FillAsync("#trial-members", "alice, 无此人");
        await page.ClickAsync("#trial-form button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Equal("没有会员使用昵称\"无此人\"。", await page.InnerTextAsync("#page-error"));
        Assert.True(await page.IsCheckedAsync("#trial-on"));
        Assert.Equal("alice, 无此人", await page.InputValueAsync("#trial-members"));

        // A calendar that does not read: refused in Chinese, naming the bad date, the text kept.
        await page.FillAsync("#calendar-json", "{ \"holidays\": [\"2026-13-01\"] }");
        await page.ClickAsync("#calendar-form button[type=submit]");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Equal("日历未保存：2026-13-01 不是 yyyy-MM-dd 格式的日期。", await page.InnerTextAsync("#page-error"));
        Assert.Contains("2026-13-01", await page.InputValueAsync("#calendar-json"), StringComparison.Ordinal);
        await ScreenshotAsync(page, "operator-refusal-zh");
    }
}
