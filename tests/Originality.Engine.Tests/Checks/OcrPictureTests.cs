using Originality.Engine.Checks;
using Originality.Measurement.Checks;
using Originality.Tests;

namespace Originality.Engine.Tests.Checks;

/// <summary>
/// Draws three pictures with real fonts (DejaVu for Latin, Noto CJK for Chinese), reads each once
/// with Debian's tesseract, and shares the readings between the tests below.
/// </summary>
public sealed class DrawnPicturesFixture : IAsyncLifetime
{
    public const int Width = 900;
    public const int Height = 600;

    public OcrText ContactSheet { get; private set; } = OcrText.Empty;
    public OcrText WatermarkedAiPicture { get; private set; } = OcrText.Empty;
    public OcrText UnlabelledPicture { get; private set; } = OcrText.Empty;

    public static byte[] DrawContactSheet() => TextPictures.DrawPng(new TextPictureSpec(Width, Height, 0xFFFFFFFF,
    [
        new TextItem("Tel: +86 138 1234 5678", TextPictures.DejaVuSans, 36, 40, 120),
        new TextItem("sales@example.com", TextPictures.DejaVuSerif, 34, 40, 300, 0, 0xFF1A237E),
        new TextItem("微信: shop_888", TextPictures.NotoSansCjk, 38, 40, 480),
    ], ShapeSeed: 7));

    public static byte[] DrawWatermarkedAiPicture() => TextPictures.DrawPng(new TextPictureSpec(Width, Height, 0xFFF3E9D2,
    [
        new TextItem("Summer Dress", TextPictures.DejaVuSerif, 44, 40, 100),
        new TextItem("AI Generated", TextPictures.DejaVuSansBold, 28, 30, 570),
        new TextItem("AE-1234567", TextPictures.DejaVuSans, 30, 680, 570, 0, 0xFF7A7A7A),
    ], ShapeSeed: 11));

    public static byte[] DrawUnlabelledPicture() => TextPictures.DrawPng(new TextPictureSpec(Width, Height, 0xFFEDEDED,
    [
        new TextItem("100% Cotton T-shirt", TextPictures.NotoSansCjk, 40, 40, 140),
        new TextItem("纯棉 舒适透气", TextPictures.NotoSansCjk, 40, 40, 400),
    ], ShapeSeed: 13));

    public async Task InitializeAsync()
    {
        var path = TestEnvironment.Require(TestEnvironment.TesseractPath, "tesseract");
        var reader = new TesseractTextReader(TesseractOptions.Default with { ExecutablePath = path });
        ContactSheet = await reader.ReadAsync(DrawContactSheet(), CancellationToken.None);
        WatermarkedAiPicture = await reader.ReadAsync(DrawWatermarkedAiPicture(), CancellationToken.None);
        UnlabelledPicture = await reader.ReadAsync(DrawUnlabelledPicture(), CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public class OcrPictureTests(DrawnPicturesFixture pictures) : IClassFixture<DrawnPicturesFixture>
{
    private const string OwnStoreId = "AE-1234567";

    private static IReadOnlyList<string> Codes(OcrText text, string ownStoreId = OwnStoreId, bool ai = false) =>
        [.. PictureTextCheck.Check(text, new PictureTextRules("picture.png", ownStoreId, ai)).Select(f => f.Code)];

    [Fact]
    public void A_phone_number_drawn_in_the_picture_is_found()
    {
        Assert.Contains(FindingCodes.ContactPhone, Codes(pictures.ContactSheet));
    }

    [Fact]
    public void An_email_address_drawn_in_the_picture_is_found()
    {
        var email = ContactDetails.Find(pictures.ContactSheet).Where(d => d.Kind == ContactKind.Email).Select(d => d.Value);

        Assert.Contains("sales@example.com", email);
    }

    [Fact]
    public void A_WeChat_id_drawn_in_Chinese_is_found()
    {
        var messenger = ContactDetails.Find(pictures.ContactSheet).Where(d => d.Kind == ContactKind.Messenger).Select(d => d.Value);

        Assert.True(messenger.Any(m => m.Contains("shop_888", StringComparison.OrdinalIgnoreCase)), "OCR read: " + pictures.ContactSheet.Text);
    }

    [Fact]
    public void The_stores_own_id_in_the_watermark_is_accepted()
    {
        var codes = Codes(pictures.WatermarkedAiPicture, OwnStoreId, ai: true);

        Assert.DoesNotContain(FindingCodes.WatermarkOtherStore, codes);
        Assert.DoesNotContain(FindingCodes.WatermarkWithoutStoreId, codes);
        Assert.Contains(PictureTextCheck.StoreIds(pictures.WatermarkedAiPicture), m => m.StoreId == OwnStoreId);
    }

    [Fact]
    public void Another_stores_id_in_the_watermark_is_reported()
    {
        var findings = PictureTextCheck.Check(pictures.WatermarkedAiPicture, new PictureTextRules("picture.png", "AE-7654321", false));

        var finding = Assert.Single(findings, f => f.Code == FindingCodes.WatermarkOtherStore);
        Assert.Contains(OwnStoreId, finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_AI_Generated_label_drawn_in_the_picture_is_found()
    {
        Assert.True(PictureTextCheck.HasAiLabel(pictures.WatermarkedAiPicture));
        Assert.DoesNotContain(FindingCodes.AiLabelMissing, Codes(pictures.WatermarkedAiPicture, ai: true));
    }

    [Fact]
    public void An_AI_picture_without_the_label_is_reported_and_nothing_else()
    {
        Assert.Equal([FindingCodes.AiLabelMissing], Codes(pictures.UnlabelledPicture, ai: true));
    }

    [Fact]
    public void Word_boxes_are_in_the_pictures_own_pixels()
    {
        var storeIdWord = pictures.WatermarkedAiPicture.Words.First(w => w.Text.Contains("1234567", StringComparison.Ordinal));

        // Drawn with its baseline at (680, 570) in a 900 x 600 picture.
        Assert.InRange(storeIdWord.Left, 640, 720);
        Assert.InRange(storeIdWord.Top, 520, 570);
    }
}
