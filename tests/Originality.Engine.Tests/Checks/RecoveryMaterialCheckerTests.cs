using Originality.Engine.Checks;
using Originality.Measurement.Checks;

namespace Originality.Engine.Tests.Checks;

public class RecoveryMaterialCheckerTests
{
    /// <summary>Returns fixed lines per picture (the first byte picks them), so no OCR is needed.</summary>
    private sealed class ScriptedReader(params string[][] linesPerPicture) : ITextReader
    {
        public Task<OcrText> ReadAsync(ReadOnlyMemory<byte> picture, CancellationToken cancellationToken) =>
            Task.FromResult(new OcrText(linesPerPicture[picture.Span[0]]
                .SelectMany((line, i) => line.Split(' ').Select((w, j) => new OcrWord(w, 90, j * 12, i * 100, 10, 10, i, 0, 0)))));
    }

    private static MaterialCheckInput Input(ReplacementInput[] replacements, string reason = "The phone number on the box in picture 3 was removed from all SKU pictures.") => new(
        "AE-1234567",
        "apparel",
        ["SKU-RED", "SKU-BLUE"],
        reason,
        [new SourceFileInput("IMG_0001.jpg", ExifJpegBuilder.PhonePhoto().Build(), null)],
        [new AuthorizationDocument("model.pdf", "model", "apparel")],
        replacements,
        PenalizedPicture: new byte[] { 9 });

    [Fact]
    public async Task Complete_clean_materials_give_no_findings()
    {
        var checker = new RecoveryMaterialChecker(new ScriptedReader(["100% Cotton", "AE-1234567"]), (_, _) => 0.2);
        var input = Input([new("SKU-RED", "red.png", new byte[] { 0 }, false), new("SKU-BLUE", "blue.png", new byte[] { 0 }, false)]);

        var findings = await checker.CheckAsync(input, CancellationToken.None);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var reader = new ScriptedReader(["100% Cotton"], ["WeChat: lily2024", "AE-7654321"]);
        var checker = new RecoveryMaterialChecker(reader, (_, replacement) => replacement.Span[0] == 1 ? 0.97 : 0.1);
        var input = Input([new("SKU-RED", "red.png", new byte[] { 1 }, AiGenerated: true)], reason: "我司高度重视，深表歉意。") with
        {
            SourceFiles = [new SourceFileInput("shot.png", ExifJpegBuilder.PlainJpeg(), null)],
        };

        var findings = await checker.CheckAsync(input, CancellationToken.None);

        Assert.Equal(
            [
                FindingCodes.SourceWithoutExif, FindingCodes.ReplacementTooSimilar, FindingCodes.ContactMessenger,
                FindingCodes.WatermarkOtherStore, FindingCodes.AiLabelMissing, FindingCodes.SkuNotReplaced,
                FindingCodes.AiLicenceMissing, FindingCodes.ReasonBoilerplate,
            ],
            findings.Select(f => f.Code));
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
    }
}
