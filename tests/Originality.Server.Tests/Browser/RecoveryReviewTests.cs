using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Originality.Measurement.Checks;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Browser;

/// <summary>The recovery queue and an application's review page: the materials are on the page before the decision (V-8).</summary>
public sealed partial class BrowserTests
{
    private static byte[] ReplacementWithPhoneNumber() => TextPictures.DrawPng(new TextPictureSpec(900, 600, 0xFFFFFFFF,
    [
        new TextItem("Summer Dress", TextPictures.DejaVuSerif, 44, 40, 120),
        new TextItem("Tel: +86 138 1234 5678", TextPictures.DejaVuSans, 36, 40, 420),
    ], ShapeSeed: 5));

    /// <summary>A violation with two SKUs and its application: the signed and sealed letter, a camera file and one without EXIF, the red SKU replaced by a picture that shows a phone number, the blue one not at all.</summary>
    private async Task<(TestMember Seller, string ApplicationId)> RecoveryApplicationAsync(string productId)
    {
        var seller = await _market.MemberAsync("mallory");
        var violation = await (await _market.Operator.PostJson("/api/violations", new
        {
            memberId = seller.Id, productId, type = "ContactDetailsShown", productRemoved = true, searchDemoted = true, points = 2,
            category = "apparel", skus = new[] { "sku-red", "sku-blue" },
        })).ReadJson(HttpStatusCode.Created);
        static ByteArrayContent File(byte[] content, string type)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            return part;
        }
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Our designer printed the shop hotline on the SKU picture; we reshot the red dress on 3 March and removed every number."), "reason" },
            { new StringContent("true"), "letterSigned" },
            { new StringContent("true"), "letterSealed" },
            { File("%PDF-1.4 signed letter"u8.ToArray(), "application/pdf"), "commitmentLetter", "letter.pdf" },
            { File(ExifJpegBuilder.PhonePhoto().Picture(800, 800, 0xFFB04030).Build(), "image/jpeg"), "sourceFiles", "IMG_0001.jpg" },
            { File(ExifJpegBuilder.PlainJpeg(800, 800, 0xFF3050A0), "image/jpeg"), "sourceFiles", "screenshot.jpg" },
            { File(ReplacementWithPhoneNumber(), "image/png"), "replacement.sku-red", "red.png" },
        };
        var filed = await (await seller.Client.PostAsync($"/api/violations/{violation.GetProperty("id").GetString()}/recovery-applications", form)).ReadJson(HttpStatusCode.Created);
        return (seller, filed.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task A_reviewer_sees_the_letter_the_sources_EXIF_each_SKUs_replacement_and_the_findings_before_deciding()
    {
        var (seller, id) = await RecoveryApplicationAsync("P-9201");
        var reviewer = await _market.ReviewerAsync();
        var page = await SignedInAsync(reviewer.ApiKey);

        await page.GotoAsync("/reviewer/recovery");
        // The queue leads to the materials; it offers no decision of its own.
        Assert.Equal(0, await page.Locator("#recovery-queue form").CountAsync());
        Assert.Contains("source files: 2", await page.InnerTextAsync("#recovery-queue .materials-summary"), StringComparison.Ordinal);
        await ScreenshotAsync(page, "reviewer-recovery-queue");
        await page.ClickAsync("#recovery-queue a.review-link");
        await page.WaitForSelectorAsync("#decision-form");

        Assert.Equal("true", await page.GetAttributeAsync("#commitment-letter .letter-signed", "data-value"));
        Assert.Equal("true", await page.GetAttributeAsync("#commitment-letter .letter-sealed", "data-value"));
        var camera = page.Locator("#source-files tr[data-exif=yes]");
        Assert.Equal("Apple iPhone 14", await camera.Locator(".exif-camera").InnerTextAsync());
        Assert.Equal("2024-05-01 10:30:00 +08:00", await camera.Locator(".exif-taken").InnerTextAsync());
        Assert.Contains("screenshot.jpg", await page.InnerTextAsync("#source-files tr[data-exif=no]"), StringComparison.Ordinal);
        var red = page.Locator(".replacement[data-sku=sku-red] img");
        Assert.True(await red.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 900"), "The red SKU's replacement did not load.");
        Assert.Equal(1, await page.Locator(".replacement[data-sku=sku-blue] .missing-picture").CountAsync());
        foreach (var code in new[] { "contact-phone", "sku-not-replaced", "source-without-exif" })
        {
            Assert.Equal(1, await page.Locator($"#findings tr[data-code={code}]").CountAsync());
        }
        Assert.Contains("Our designer printed the shop hotline", await page.InnerTextAsync(".recovery-reason"), StringComparison.Ordinal);
        await ScreenshotAsync(page, "reviewer-recovery-application");

        // The letter is a download, never a page of this site; a file the application does not carry is not served.
        var letter = await reviewer.Client.GetAsync(new Uri(_baseUrl + await page.GetAttributeAsync("#commitment-letter a", "href")));
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        Assert.Equal("attachment", letter.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.Client.GetAsync($"/reviewer/recovery/{id}/files/{new string('0', 64)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.Client.GetAsync("/reviewer/recovery/not-an-id")).StatusCode);
        _ = seller;
    }

    [Fact]
    public async Task A_rejection_without_reasons_is_refused_on_the_application_in_Chinese_and_a_confirmed_one_goes_through()
    {
        var (seller, id) = await RecoveryApplicationAsync("P-9301");
        var reviewer = await _market.ReviewerAsync();
        var page = await SignedInAsync(reviewer.ApiKey, "zh");
        await page.GotoAsync($"/reviewer/recovery/{id}");

        // The findings in Chinese, without the checker's English sentences.
        Assert.Contains("图片中含有电话号码", await page.InnerTextAsync("#findings"), StringComparison.Ordinal);
        Assert.DoesNotMatch("[A-Za-z]{5,}", await page.InnerTextAsync("#findings tr[data-code=contact-phone] td:first-child"));

        await page.FillAsync("#reasons", "   ");
        await page.ClickAsync("#reject");
        await page.WaitForSelectorAsync("#page-error");
        Assert.Contains("驳回时必须至少给卖家一条理由", await page.InnerTextAsync("#page-error"), StringComparison.Ordinal);
        Assert.Equal("AwaitingReview", await page.GetAttributeAsync("#recovery-status", "data-status"));
        await ScreenshotAsync(page, "reviewer-recovery-refused-zh");

        await page.FillAsync("#reasons", "SKU 蓝色没有替换图片。\n替换图片仍有电话号码。");
        await page.ClickAsync("#reject");
        await page.WaitForSelectorAsync("#recovery-done");
        Assert.Contains(_confirmations, c => c.Contains("无法撤销", StringComparison.Ordinal));
        Assert.Equal(1, await page.Locator("#recovery-empty").CountAsync());
        var records = await (await seller.Client.GetAsync("/api/recovery-applications")).ReadJson(HttpStatusCode.OK);
        Assert.Equal("rejected", records[0].GetProperty("status").GetString());

        // The decided application keeps its page, with the reasons and no decision form.
        await page.GotoAsync($"/reviewer/recovery/{id}");
        Assert.Equal(2, await page.Locator("#rejection .rejection-reason").CountAsync());
        Assert.Equal(0, await page.Locator("#decision-form").CountAsync());
    }

    [Fact]
    public async Task A_seller_checks_the_materials_freely_and_files_the_one_application_only_after_confirming_it()
    {
        var seller = await _market.MemberAsync("mallory");
        var violation = (await (await _market.Operator.PostJson("/api/violations", new
        {
            memberId = seller.Id, productId = "P-9401", type = "ContactDetailsShown", productRemoved = true, searchDemoted = true, points = 2,
            category = "apparel", skus = new[] { "sku-red" },
        })).ReadJson(HttpStatusCode.Created)).GetProperty("id").GetString();
        var page = await SignedInAsync(seller.ApiKey, "zh");
        var materials = new[]
        {
            ("commitmentLetter", new FilePayload { Name = "letter.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4 letter"u8.ToArray() }),
            ("sourceFiles", new FilePayload { Name = "IMG_0001.jpg", MimeType = "image/jpeg", Buffer = ExifJpegBuilder.PhonePhoto().Picture(700, 700, 0xFFB04030).Build() }),
            ("replacement.sku-red", new FilePayload { Name = "red.png", MimeType = "image/png", Buffer = TestPictures.Original(78) }),
        };
        async Task FillAsync(IPage p)
        {
            await p.GotoAsync($"/seller/violations/{violation}/apply");
            await p.FillAsync("#reason", "店铺电话印在了 SKU 图片上；我们已于 3 月 3 日重新拍摄红色连衣裙并去掉所有号码。");
            foreach (var (field, file) in materials)
            {
                await p.SetInputFilesAsync($"#recovery-form input[name='{field}']", file);
            }
            await p.CheckAsync("#recovery-form input[name=letterSigned]");
            await p.CheckAsync("#recovery-form input[name=letterSealed]");
        }

        // Checking only files nothing and asks nothing.
        var asked = _confirmations.Count;
        await FillAsync(page);
        await page.ClickAsync("#recovery-form button[name=checkOnly]");
        await page.WaitForSelectorAsync("#check-only");
        Assert.Equal(asked, _confirmations.Count);

        // A seller who answers no to the question files nothing (a page without a dialog handler dismisses it).
        var declining = await page.Context.NewPageAsync();
        await FillAsync(declining);
        await declining.ClickAsync("#apply-submit");
        await declining.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(0, await declining.Locator("#apply-status").CountAsync());
        Assert.Equal(0, (await (await seller.Client.GetAsync("/api/recovery-applications")).ReadJson(HttpStatusCode.OK)).GetArrayLength());

        await FillAsync(page);
        await page.ClickAsync("#apply-submit");
        await page.WaitForSelectorAsync("#apply-status");
        await ScreenshotAsync(page, "seller-recovery-filed-zh");
        Assert.Contains(_confirmations, c => c.Contains("只能申请一次", StringComparison.Ordinal));
        Assert.Equal(1, (await (await seller.Client.GetAsync("/api/recovery-applications")).ReadJson(HttpStatusCode.OK)).GetArrayLength());
    }
}
