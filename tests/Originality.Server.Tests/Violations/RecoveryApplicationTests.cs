using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Originality.Measurement.Checks;
using Originality.Server.Tests.Infrastructure;
using Originality.Tests;

namespace Originality.Server.Tests.Violations;

/// <summary>
/// Picture violations and recovery applications through the real host, with Debian's tesseract
/// reading the replacement pictures (V-1..V-10). Run once per database.
/// </summary>
public abstract class RecoveryApplicationTests : MarketplaceTest
{
    private const int DailyLimit = 2;

    protected RecoveryApplicationTests(Database database)
        : base(database, new Dictionary<string, string?>
        {
            ["Violations:TesseractPath"] = TestEnvironment.Require(TestEnvironment.TesseractPath, "tesseract"),
            ["Violations:MaxApplicationsPerIpPerDay"] = DailyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
    {
    }

    private static byte[] PictureWithPhoneNumber() => TextPictures.DrawPng(new TextPictureSpec(900, 600, 0xFFFFFFFF,
    [
        new TextItem("Summer Dress", TextPictures.DejaVuSerif, 44, 40, 120),
        new TextItem("Tel: +86 138 1234 5678", TextPictures.DejaVuSans, 36, 40, 420),
    ], ShapeSeed: 5));

    private static byte[] PlainPicture(int seed) => TextPictures.DrawPng(new TextPictureSpec(700, 700, 0xFFEDEDED, [], ShapeSeed: seed));

    private async Task<string> RecordViolationAsync(TestMember seller, string productId, params string[] skus)
    {
        var created = await (await Market.Operator.PostJson("/api/violations", new
        {
            memberId = seller.Id,
            productId,
            type = "ContactDetailsShown",
            productRemoved = true,
            searchDemoted = true,
            points = 2,
            category = "apparel",
            skus = skus.Length == 0 ? ["sku-red"] : skus,
        })).ReadJson(HttpStatusCode.Created);
        Assert.Equal("penalized", created.GetProperty("state").GetString());
        Assert.False(created.GetProperty("productListed").GetBoolean());
        return created.GetProperty("id").GetString()!;
    }

    private static MultipartFormDataContent Application(string reason, params (string Sku, byte[] Picture)[] replacements)
    {
        static ByteArrayContent File(byte[] content, string type)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            return part;
        }
        var form = new MultipartFormDataContent
        {
            { new StringContent(reason), "reason" },
            { new StringContent("true"), "letterSigned" },
            { new StringContent("true"), "letterSealed" },
            { File("signed and sealed letter"u8.ToArray(), "application/pdf"), "commitmentLetter", "letter.pdf" },
            { File(PlainPicture(3), "image/png"), "sourceFiles", "IMG_0001.png" },
        };
        foreach (var (sku, picture) in replacements)
        {
            form.Add(File(picture, "image/png"), "replacement." + sku, sku + ".png");
        }
        return form;
    }

    private const string GoodReason = "Our designer printed the shop hotline on the SKU picture; we reshot the red dress on 3 March and removed every number.";

    private static Task<HttpResponseMessage> FileAsync(TestMember seller, string violationId, MultipartFormDataContent form) =>
        seller.Client.PostAsync($"/api/violations/{violationId}/recovery-applications", form);

    [Fact]
    public async Task A_phone_number_in_the_replacement_is_reported_at_once_and_an_approval_restores_the_product()
    {
        var seller = await Market.MemberAsync("lily");
        var reviewer = await Market.ReviewerAsync();
        var violationId = await RecordViolationAsync(seller, "P-100", "sku-red");

        using (var check = Application(GoodReason, ("sku-red", PictureWithPhoneNumber())))
        {
            var checkedOnly = await (await seller.Client.PostAsync($"/api/violations/{violationId}/recovery-applications?checkOnly=true", check)).ReadJson(HttpStatusCode.OK);
            Assert.Contains(checkedOnly.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "contact-phone");
            Assert.Empty((await (await seller.Client.GetAsync("/api/recovery-applications")).ReadJson(HttpStatusCode.OK)).EnumerateArray());
        }

        using var form = Application(GoodReason, ("sku-red", PictureWithPhoneNumber()));
        var filed = await (await FileAsync(seller, violationId, form)).ReadJson(HttpStatusCode.Created);

        Assert.Equal("awaitingReview", filed.GetProperty("status").GetString());
        var phone = filed.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "contact-phone");
        Assert.Equal("V-5", phone.GetProperty("rule").GetString());
        Assert.False(string.IsNullOrWhiteSpace(phone.GetProperty("reason").GetString()));
        Assert.Equal("sku-red.png", phone.GetProperty("subject").GetString());

        var queue = await (await reviewer.Client.GetAsync("/api/recovery-applications/queue")).ReadJson(HttpStatusCode.OK);
        var item = Assert.Single(queue.EnumerateArray());
        Assert.True(item.GetProperty("strictReview").GetBoolean());
        Assert.Equal(1, item.GetProperty("violationsIn90Days").GetInt32());
        Assert.Contains(item.GetProperty("machineFindings").EnumerateArray(), f => f.GetProperty("code").GetString() == "contact-phone");

        var applicationId = filed.GetProperty("id").GetString();
        var approved = await (await reviewer.Client.PostJson($"/api/recovery-applications/{applicationId}/decision", new { decision = "approve" }))
            .ReadJson(HttpStatusCode.OK);

        Assert.Equal("approved", approved.GetProperty("status").GetString());
        var violation = await (await seller.Client.GetAsync($"/api/violations/{violationId}")).ReadJson(HttpStatusCode.OK);
        Assert.Equal("revoked", violation.GetProperty("state").GetString());
        Assert.True(violation.GetProperty("productListed").GetBoolean());
        var records = await (await seller.Client.GetAsync("/api/recovery-applications")).ReadJson(HttpStatusCode.OK);
        Assert.Equal("approved", Assert.Single(records.EnumerateArray()).GetProperty("status").GetString());
        Assert.Empty((await (await reviewer.Client.GetAsync("/api/recovery-applications/queue")).ReadJson(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task An_application_after_the_seven_day_window_is_refused_with_rule_V_2()
    {
        var seller = await Market.MemberAsync("late");
        var violationId = await RecordViolationAsync(seller, "P-200");
        // Filed at 10:00 Beijing time on day D; the window ends at 24:00 of day D+7.
        (await Market.Operator.PostJson("/api/clock/advance", new { days = 7, hours = 14 })).EnsureSuccessStatusCode();

        using var form = Application(GoodReason, ("sku-red", PlainPicture(8)));
        var problem = await (await FileAsync(seller, violationId, form)).ReadJson(HttpStatusCode.Conflict);

        Assert.Equal("/problems/recovery-window-closed", problem.GetProperty("type").GetString());
        Assert.Equal("V-2", problem.GetProperty("rule").GetString());
        Assert.Empty((await (await seller.Client.GetAsync("/api/recovery-applications")).ReadJson(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task The_application_beyond_the_daily_limit_from_one_address_is_held_with_a_message()
    {
        var seller = await Market.MemberAsync("busy");
        var violations = new List<string>();
        for (var i = 0; i <= DailyLimit; i++)
        {
            violations.Add(await RecordViolationAsync(seller, "P-30" + i));
        }

        var results = new List<JsonElement>();
        foreach (var violationId in violations)
        {
            using var form = Application(GoodReason, ("sku-red", PlainPicture(20)));
            results.Add(await (await FileAsync(seller, violationId, form)).ReadJson(HttpStatusCode.Created));
        }

        Assert.All(results.Take(DailyLimit), r => Assert.Equal("awaitingReview", r.GetProperty("status").GetString()));
        var held = results[DailyLimit];
        Assert.Equal("heldForRiskControl", held.GetProperty("status").GetString());
        Assert.True(held.GetProperty("held").GetBoolean());
        Assert.Contains("risk-control", held.GetProperty("message").GetString(), StringComparison.Ordinal);
        var reviewer = await Market.ReviewerAsync();
        var heldList = await (await reviewer.Client.GetAsync("/api/recovery-applications/held")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(held.GetProperty("id").GetString(), Assert.Single(heldList.EnumerateArray()).GetProperty("id").GetString());

        // Released from the queue page; the same release posted again (a page left open) is refused there, in Chinese.
        var heldId = held.GetProperty("id").GetString();
        var queuePage = await reviewer.Client.GetStringAsync("/reviewer/recovery");
        Assert.Contains($"value=\"release-{heldId}\"", queuePage, StringComparison.Ordinal);
        FormUrlEncodedContent Release() => new(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(queuePage),
            ["_handler"] = "release-" + heldId,
        });
        using (var release = Release())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await reviewer.Client.PostAsync("/reviewer/recovery", release)).StatusCode);
        }
        using (var again = Release())
        {
            var refused = await reviewer.Client.PostAsync("/reviewer/recovery?lang=zh", again);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("该申请不在待审核状态。", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var queue = await (await reviewer.Client.GetAsync("/api/recovery-applications/queue")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(DailyLimit + 1, queue.GetArrayLength());
    }

    [Fact]
    public async Task More_than_three_violations_of_one_type_in_90_days_mark_the_store_high_risk_and_violations_lift_by_themselves()
    {
        var seller = await Market.MemberAsync("repeat");
        var violations = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            violations.Add(await RecordViolationAsync(seller, "P-50" + i));
        }
        using (var form = Application(GoodReason, ("sku-red", PlainPicture(40))))
        {
            (await FileAsync(seller, violations[0], form)).EnsureSuccessStatusCode();
        }
        var reviewer = await Market.ReviewerAsync();

        var item = Assert.Single((await (await reviewer.Client.GetAsync("/api/recovery-applications/queue")).ReadJson(HttpStatusCode.OK)).EnumerateArray());

        Assert.True(item.GetProperty("highRisk").GetBoolean());
        Assert.Equal(4, item.GetProperty("violationsIn90Days").GetInt32());
        Assert.Equal("contactDetailsShown", Assert.Single(item.GetProperty("highRiskTypes").EnumerateArray()).GetString());

        // V-9: 15 days after the penalty day, at 24:00 Beijing time, the penalty lifts without any job.
        (await Market.Operator.PostJson("/api/clock/advance", new { days = 15, hours = 13, minutes = 59 })).EnsureSuccessStatusCode();
        var before = await (await seller.Client.GetAsync($"/api/violations/{violations[1]}")).ReadJson(HttpStatusCode.OK);
        (await Market.Operator.PostJson("/api/clock/advance", new { minutes = 1 })).EnsureSuccessStatusCode();
        var after = await (await seller.Client.GetAsync($"/api/violations/{violations[1]}")).ReadJson(HttpStatusCode.OK);

        Assert.Equal("penalized", before.GetProperty("state").GetString());
        Assert.Equal("liftedAutomatically", after.GetProperty("state").GetString());
        Assert.True(after.GetProperty("productListed").GetBoolean());
    }

    [Fact]
    public async Task A_rejected_application_cannot_be_filed_again_and_the_pages_show_it()
    {
        var seller = await Market.MemberAsync("again");
        var reviewer = await Market.ReviewerAsync();
        var violationId = await RecordViolationAsync(seller, "P-400");
        using (var form = Application(GoodReason, ("sku-red", PlainPicture(30))))
        {
            var filed = await (await FileAsync(seller, violationId, form)).ReadJson(HttpStatusCode.Created);
            var page = await reviewer.Client.GetStringAsync("/reviewer/recovery?lang=en");
            Assert.Contains("P-400", page, StringComparison.Ordinal);
            (await (await reviewer.Client.PostJson($"/api/recovery-applications/{filed.GetProperty("id").GetString()}/decision",
                new { decision = "reject", reasons = new[] { "The source file is a screenshot." } })).ReadJson(HttpStatusCode.OK)).GetProperty("status");
        }

        using var again = Application(GoodReason, ("sku-red", PlainPicture(31)));
        var problem = await (await FileAsync(seller, violationId, again)).ReadJson(HttpStatusCode.Conflict);

        Assert.Equal("/problems/recovery-rejected-before", problem.GetProperty("type").GetString());
        Assert.Equal("V-3", problem.GetProperty("rule").GetString());
        var sellerPage = await seller.Client.GetStringAsync("/seller/violations?lang=zh");
        Assert.Contains("The source file is a screenshot.", sellerPage, StringComparison.Ordinal);
        Assert.Contains("已驳回", sellerPage, StringComparison.Ordinal);
    }

    private static string Token(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

    [Fact]
    public async Task A_seller_applies_on_the_web_page_and_a_reviewer_approves_on_the_console()
    {
        var seller = await Market.MemberAsync("webby");
        var reviewer = await Market.ReviewerAsync();
        var violationId = await RecordViolationAsync(seller, "P-600", "sku-blue");
        var list = await seller.Client.GetStringAsync("/seller/violations?lang=en");
        Assert.Contains($"/seller/violations/{violationId}/apply", list, StringComparison.Ordinal);

        var formPage = await seller.Client.GetStringAsync($"/seller/violations/{violationId}/apply");
        Assert.Contains("name=\"replacement.sku-blue\"", formPage, StringComparison.Ordinal);
        using var form = Application(GoodReason, ("sku-blue", PlainPicture(60)));
        form.Add(new StringContent(Token(formPage)), "__RequestVerificationToken");
        form.Add(new StringContent("apply"), "_handler");
        var filed = await seller.Client.PostAsync($"/seller/violations/{violationId}/apply", form);
        var filedPage = await filed.Content.ReadAsStringAsync();
        Assert.True(filed.StatusCode == HttpStatusCode.Created, filedPage);
        Assert.Contains("id=\"apply-status\"", filedPage, StringComparison.Ordinal);

        var applicationId = Assert.Single((await (await reviewer.Client.GetAsync("/api/recovery-applications/queue")).ReadJson(HttpStatusCode.OK)).EnumerateArray())
            .GetProperty("applicationId").GetString();
        var reviewPage = await reviewer.Client.GetStringAsync($"/reviewer/recovery/{applicationId}");
        using var decision = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(reviewPage),
            ["_handler"] = "decision",
            ["decision"] = "approve",
        });
        var decided = await reviewer.Client.PostAsync($"/reviewer/recovery/{applicationId}", decision);

        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var violation = await (await seller.Client.GetAsync($"/api/violations/{violationId}")).ReadJson(HttpStatusCode.OK);
        Assert.Equal("revoked", violation.GetProperty("state").GetString());
    }

    [Fact]
    public async Task On_the_page_a_check_files_nothing_and_a_refusal_or_a_blank_reason_keeps_what_was_typed()
    {
        var seller = await Market.MemberAsync("kept");
        var violationId = await RecordViolationAsync(seller, "P-640", "sku-red");
        var url = $"/seller/violations/{violationId}/apply";
        async Task<HttpResponseMessage> PostAsync(MultipartFormDataContent form, string query = "")
        {
            form.Add(new StringContent(Token(await seller.Client.GetStringAsync(url))), "__RequestVerificationToken");
            form.Add(new StringContent("apply"), "_handler");
            return await seller.Client.PostAsync(url + query, form);
        }

        // Checking only shows each finding in the reader's words, files nothing, and keeps the form.
        using (var check = Application(GoodReason, ("sku-red", PictureWithPhoneNumber())))
        {
            check.Add(new StringContent("true"), "checkOnly");
            var checkedPage = await (await PostAsync(check, "?lang=zh")).Content.ReadAsStringAsync();
            Assert.Contains("id=\"check-only\"", checkedPage, StringComparison.Ordinal);
            Assert.Contains("data-code=\"contact-phone\"", checkedPage, StringComparison.Ordinal);
            Assert.Contains("id=\"recovery-form\"", checkedPage, StringComparison.Ordinal);
            Assert.Empty((await (await seller.Client.GetAsync("/api/recovery-applications")).ReadJson(HttpStatusCode.OK)).EnumerateArray());
        }

        // A blank reason (a client that skips the browser's check) is refused on the page, the ticks kept.
        using (var blank = Application("   ", ("sku-red", PlainPicture(61))))
        {
            var refused = await PostAsync(blank, "?lang=en");
            var page = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, page);
            Assert.Contains("Give a reason.", page, StringComparison.Ordinal);
            Assert.Matches("name=\"letterSigned\" value=\"true\" checked", page);
        }

        // The one application (V-3): a second is refused on the page, with its reason kept.
        using (var first = Application(GoodReason, ("sku-red", PlainPicture(62))))
        {
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(first)).StatusCode);
        }
        const string second = "A second try with another wording, which the one-application rule refuses.";
        using var again = Application(second, ("sku-red", PlainPicture(63)));
        var twice = await PostAsync(again, "?lang=zh");
        var twicePage = await twice.Content.ReadAsStringAsync();
        Assert.True(twice.StatusCode == HttpStatusCode.Conflict, twicePage);
        Assert.Contains("id=\"page-error\"", twicePage, StringComparison.Ordinal);
        Assert.Contains(second, twicePage, StringComparison.Ordinal);
        Assert.Single((await (await seller.Client.GetAsync("/api/recovery-applications")).ReadJson(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Another_members_violation_has_no_application_page()
    {
        var owner = await Market.MemberAsync("owner-v");
        var other = await Market.MemberAsync("other-v");
        var violationId = await RecordViolationAsync(owner, "P-641", "sku-red");

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/seller/violations/{violationId}/apply")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync("/seller/violations/not-an-id/apply")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/seller/violations/{violationId}/apply")).StatusCode);
    }

    [Fact]
    public async Task A_rejection_without_reasons_is_refused_on_the_application_in_the_reviewers_language()
    {
        var seller = await Market.MemberAsync("terse");
        var reviewer = await Market.ReviewerAsync();
        var violationId = await RecordViolationAsync(seller, "P-650");
        using var form = Application(GoodReason, ("sku-red", PlainPicture(65)));
        var filed = await (await FileAsync(seller, violationId, form)).ReadJson(HttpStatusCode.Created);
        var reviewPage = await reviewer.Client.GetStringAsync($"/reviewer/recovery/{filed.GetProperty("id").GetString()}");
        using var decision = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(reviewPage),
            ["_handler"] = "decision",
            ["decision"] = "reject",
            ["reasons"] = "  ",
        });

        var decided = await reviewer.Client.PostAsync($"/reviewer/recovery/{filed.GetProperty("id").GetString()}?lang=zh", decision);

        var page = await decided.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, decided.StatusCode);
        Assert.Contains("驳回时必须至少给卖家一条理由。 (V-10)", page, StringComparison.Ordinal);
        var queue = await (await reviewer.Client.GetAsync("/api/recovery-applications/queue")).ReadJson(HttpStatusCode.OK);
        Assert.Equal(filed.GetProperty("id").GetString(), Assert.Single(queue.EnumerateArray()).GetProperty("applicationId").GetString());
    }

    [Fact]
    public async Task Materials_above_the_ordinary_request_limit_are_accepted_and_a_source_without_EXIF_is_reported()
    {
        var seller = await Market.MemberAsync("bulky");
        var violationId = await RecordViolationAsync(seller, "P-700");
        var big = new byte[2 * 1024 * 1024];
        new Random(7).NextBytes(big);
        using var form = Application(GoodReason, ("sku-red", PlainPicture(70)));
        var part = new ByteArrayContent(big);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(part, "sourceFiles", "IMG_0002.jpg");

        var filed = await (await FileAsync(seller, violationId, form)).ReadJson(HttpStatusCode.Created);

        Assert.Contains(filed.GetProperty("findings").EnumerateArray(), f =>
            f.GetProperty("subject").GetString() == "IMG_0002.jpg" && f.GetProperty("code").GetString()!.StartsWith("source-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_commitment_letter_template_downloads_in_Chinese_and_English()
    {
        var zh = await Market.Server.Anonymous().GetAsync("/api/violations/commitment-letter");
        var en = await Market.Server.Anonymous().GetAsync("/api/violations/commitment-letter?lang=en");

        Assert.Equal(HttpStatusCode.OK, zh.StatusCode);
        Assert.Equal("commitment-letter-zh.html", zh.Content.Headers.ContentDisposition?.FileNameStar ?? zh.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("图片合规承诺书", await zh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("commitment letter", await en.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class SqliteRecoveryApplicationTests() : RecoveryApplicationTests(Database.Sqlite);

public sealed class PostgresRecoveryApplicationTests() : RecoveryApplicationTests(Database.Postgres);
