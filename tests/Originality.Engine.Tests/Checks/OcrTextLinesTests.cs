using Originality.Engine.Checks;

namespace Originality.Engine.Tests.Checks;

public class OcrTextLinesTests
{
    private static OcrWord Word(string text, int left, int top, int block, int width = 60, int height = 30) =>
        new(text, 90, left, top, width, height, block, 1, 1);

    [Fact]
    public void Words_of_one_printed_line_in_different_blocks_are_joined_left_to_right()
    {
        var text = new OcrText([Word(":shop_888", 120, 402, block: 2, width: 150), Word("微", 40, 400, block: 1, width: 35), Word("信", 78, 401, block: 1, width: 35)]);

        Assert.Equal(["微 信 :shop_888"], text.Lines);
    }

    [Fact]
    public void Overlapping_boxes_of_CJK_glyphs_stay_one_line_in_order()
    {
        // Boxes as tesseract 5.3 gave them for 版权所有 in Noto Sans CJK: the first box spans the next glyphs.
        var text = new OcrText([Word("版", 201, 269, 1, 141, 34), Word("权", 257, 265, 1, 32, 54), Word("所", 288, 265, 1, 31, 54), Word("有", 318, 265, 1, 21, 54)]);

        Assert.Equal(["版 权 所 有"], text.Lines);
    }

    [Fact]
    public void Slanted_text_stays_one_line()
    {
        // Each word 10 px lower than the one before, as text rotated about 7 degrees.
        var text = new OcrText([Word("+49", 40, 100, 1), Word("30", 110, 110, 2), Word("9145", 180, 120, 3), Word("1351", 250, 130, 4)]);

        Assert.Equal(["+49 30 9145 1351"], text.Lines);
    }

    [Fact]
    public void Separate_rows_and_far_apart_labels_are_separate_lines_in_reading_order()
    {
        var text = new OcrText([Word("AE-1234567", 680, 540, 3, width: 150), Word("Generated", 110, 540, 2), Word("AI", 40, 540, 2, width: 30), Word("Summer", 40, 70, 1)]);

        Assert.Equal(["Summer", "AI Generated", "AE-1234567"], text.Lines);
    }
}
