using Originality.Engine.Checks;

namespace Originality.Engine.Tests.Checks;

public class PictureTextCheckTests
{
    private const string Own = "AE-1234567";

    private static OcrText Lines(params string[] lines) =>
        new(lines.SelectMany((line, i) => line.Split(' ').Select((w, j) => new OcrWord(w, 90, j * 12, i * 100, 10, 10, i, 0, 0))));

    private static IReadOnlyList<string> Codes(OcrText text, bool ai = false) =>
        [.. PictureTextCheck.Check(text, new PictureTextRules("red.jpg", Own, ai)).Select(f => f.Code)];

    [Fact]
    public void A_watermark_with_the_stores_own_id_is_accepted()
    {
        Assert.Empty(Codes(Lines("© AE-1234567")));
    }

    [Fact]
    public void A_watermark_with_the_own_id_as_OCR_misreads_it_is_accepted()
    {
        Assert.Empty(Codes(Lines("AE - 12345 67"), ai: false));
        Assert.Empty(Codes(Lines("AE-l234567")));
    }

    [Fact]
    public void A_watermark_with_another_stores_id_is_reported_with_that_id()
    {
        var findings = PictureTextCheck.Check(Lines("AE-7654321"), new PictureTextRules("red.jpg", Own, false));

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.WatermarkOtherStore, finding.Code);
        Assert.Contains("AE-7654321", finding.Reason, StringComparison.Ordinal);
        Assert.Contains(Own, finding.Reason, StringComparison.Ordinal);
        Assert.Equal("V-5", finding.RuleId);
    }

    [Theory]
    [InlineData("AE-1234561", true)]
    [InlineData("AE-1234567", true)]
    [InlineData("AE-1234516", false)]
    [InlineData("AE-7654321", false)]
    public void The_own_id_read_with_one_wrong_digit_still_counts_as_own(string read, bool own)
    {
        Assert.Equal(own, PictureTextCheck.IsOwn(read, Own));
        Assert.Equal(own, Codes(Lines(read)).Count == 0);
    }

    [Fact]
    public void A_copyright_watermark_with_another_stores_id_is_reported_once_as_another_stores()
    {
        Assert.Equal([FindingCodes.WatermarkOtherStore], Codes(Lines("© AE-7654321")));
    }

    [Theory]
    [InlineData("© 2024 Sunny Studio")]
    [InlineData("Photo by Lily Chen")]
    [InlineData("版权所有 盗图必究")]
    [InlineData("Copyright XYZ Trading")]
    [InlineData("AE-12345")]
    public void A_watermark_without_the_store_id_is_reported(string line)
    {
        Assert.Equal([FindingCodes.WatermarkWithoutStoreId], Codes(Lines(line)));
    }

    [Fact]
    public void A_copyright_line_next_to_the_own_store_id_is_accepted()
    {
        Assert.Empty(Codes(Lines("© 2024 Sunny Studio", "AE-1234567")));
    }

    [Theory]
    [InlineData("AI Generated")]
    [InlineData("Al Generated")]
    [InlineData("AI-generated")]
    [InlineData("A1 GENERATED")]
    public void An_AI_picture_with_the_label_passes(string label)
    {
        Assert.Empty(Codes(Lines("Summer Dress", label), ai: true));
    }

    [Fact]
    public void An_AI_picture_without_the_label_is_reported()
    {
        Assert.Equal([FindingCodes.AiLabelMissing], Codes(Lines("Summer Dress"), ai: true));
    }

    [Fact]
    public void A_picture_not_declared_AI_needs_no_label()
    {
        Assert.Empty(Codes(Lines("Summer Dress"), ai: false));
    }

    [Fact]
    public void Contact_findings_quote_what_was_found_for_the_seller()
    {
        var findings = PictureTextCheck.Check(Lines("WeChat: lily2024"), new PictureTextRules("blue.jpg", Own, false));

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.ContactMessenger, finding.Code);
        Assert.Equal("blue.jpg", finding.Subject);
        Assert.Contains("lily2024", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tesseract_tsv_word_rows_become_lines()
    {
        const string tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
            + "1\t1\t0\t0\t0\t0\t0\t0\t800\t600\t-1\t\n"
            + "5\t1\t1\t1\t1\t1\t40\t270\t60\t30\t95.5\tTel:\n"
            + "5\t1\t1\t1\t1\t2\t110\t270\t200\t30\t91.0\t13812345678\n"
            + "5\t1\t2\t1\t1\t1\t40\t500\t90\t30\t88.0\tsales@example.com\n";

        var text = OcrText.ParseTsv(tsv);

        Assert.Equal(["Tel: 13812345678", "sales@example.com"], text.Lines);
        Assert.Equal(95.5, text.Words[0].Confidence);
        Assert.Equal(110, text.Words[1].Left);
    }
}
