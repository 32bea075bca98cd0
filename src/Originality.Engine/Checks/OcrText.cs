using System.Globalization;
using System.Text;

namespace Originality.Engine.Checks;

/// <summary>One word read by OCR with its box in picture pixels and confidence 0–100.</summary>
/// <param name="Text">The word.</param>
/// <param name="Confidence">Tesseract's confidence, 0–100.</param>
/// <param name="Left">Left edge of the box.</param>
/// <param name="Top">Top edge of the box.</param>
/// <param name="Width">Box width.</param>
/// <param name="Height">Box height.</param>
/// <param name="Block">Tesseract's block number.</param>
/// <param name="Paragraph">Tesseract's paragraph number.</param>
/// <param name="Line">Tesseract's line number.</param>
/// <param name="Reading">Which reading of the picture (0 upright; further ones are rotated copies, whose boxes are in the rotated frame).</param>
public sealed record OcrWord(string Text, double Confidence, int Left, int Top, int Width, int Height, int Block, int Paragraph, int Line, int Reading = 0);

/// <summary>The text read from one picture, as words and as lines.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class OcrText
{
    /// <summary>Creates the text from words in reading order.</summary>
    public OcrText(IEnumerable<OcrWord> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        Words = [.. words.Where(w => !string.IsNullOrWhiteSpace(w.Text))];
        Lines = [.. Words.GroupBy(w => w.Reading).OrderBy(g => g.Key).SelectMany(g => VisualLines(g))];
    }

    /// <summary>No text.</summary>
    public static OcrText Empty { get; } = new([]);

    /// <summary>The words, in reading order.</summary>
    public IReadOnlyList<OcrWord> Words { get; }

    /// <summary>The lines, words joined by one space.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>All lines joined by new lines.</summary>
    public string Text => string.Join('\n', Lines);

    /// <summary>
    /// Parses tesseract's TSV output (level, page_num, block_num, par_num, line_num, word_num,
    /// left, top, width, height, conf, text); only level-5 (word) rows are kept.
    /// </summary>
    public static OcrText ParseTsv(string tsv)
    {
        ArgumentNullException.ThrowIfNull(tsv);
        var words = new List<OcrWord>();
        foreach (var raw in tsv.Split('\n'))
        {
            var cells = raw.TrimEnd('\r').Split('\t');
            if (cells.Length < 12 || cells[0] != "5")
            {
                continue;
            }
            var text = cells[11];
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            words.Add(new OcrWord(
                text.Trim(),
                double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var conf) ? conf : 0,
                Int(cells[6]), Int(cells[7]), Int(cells[8]), Int(cells[9]),
                Int(cells[2]), Int(cells[3]), Int(cells[4])));
        }
        return new OcrText(words);
    }

    /// <summary>Appends the words of another reading (e.g. of a rotated copy) as a further reading.</summary>
    public OcrText Merge(OcrText other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var offset = Words.Count == 0 ? 0 : Words.Max(w => w.Reading) + 1;
        return new OcrText([.. Words, .. other.Words.Select(w => w with { Reading = w.Reading + offset })]);
    }

    // Sparse-text segmentation (psm 11) often puts the words of one printed line into different
    // blocks ("微 信" | ": shop_888"), which would part a label from its value. Lines are therefore
    // rebuilt from the boxes, left to right: a word continues the line whose last word is close on
    // its left and overlaps it vertically. Comparing with the neighbour rather than the line's
    // first word follows slanted text; a wide gap starts a new line (separate labels on one row).
    private static IEnumerable<string> VisualLines(IEnumerable<OcrWord> words)
    {
        var lines = new List<List<OcrWord>>();
        foreach (var word in words.OrderBy(w => w.Left).ThenBy(w => w.Top))
        {
            List<OcrWord>? best = null;
            var bestOverlap = 0.0;
            foreach (var line in lines)
            {
                var last = line[^1];
                var height = Math.Max(1, Math.Max(last.Height, word.Height));
                var gap = word.Left - (last.Left + last.Width);
                var overlap = Math.Min(last.Top + last.Height, word.Top + word.Height) - Math.Max(last.Top, word.Top);
                var share = overlap / (double)Math.Max(1, Math.Min(last.Height, word.Height));
                // Boxes may overlap (tesseract gives some CJK glyphs boxes wider than the glyph), so no lower bound on the gap.
                if (gap <= 2 * height && share >= 0.3 && share > bestOverlap)
                {
                    best = line;
                    bestOverlap = share;
                }
            }
            if (best is null)
            {
                lines.Add([word]);
            }
            else
            {
                best.Add(word);
            }
        }
        return lines
            .OrderBy(l => l.Average(w => w.Top + (w.Height / 2.0)))
            .ThenBy(l => l[0].Left)
            .Select(l => string.Join(' ', l.Select(w => w.Text.Trim())));
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static int Int(string s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
}

/// <summary>Reads the text in a picture.</summary>
public interface ITextReader
{
    /// <summary>Reads the text of an encoded picture (JPEG or PNG).</summary>
    Task<OcrText> ReadAsync(ReadOnlyMemory<byte> picture, CancellationToken cancellationToken);
}

/// <summary>Text normalisation shared by the text checks: OCR confusions, full-width forms, spacing.</summary>
internal static class TextNormal
{
    /// <summary>NFKC (full-width letters, digits and colons become ASCII) and unified dashes.</summary>
    public static string Fold(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            sb.Append(c switch
            {
                '–' or '—' or '−' or '‐' or '‑' => '-',
                '。' => '.',
                '＠' => '@',
                _ => c,
            });
        }
        return sb.ToString();
    }

    /// <summary>Removes all white space (CJK text comes out of OCR with spaces between characters).</summary>
    public static string Compact(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>Maps letters OCR confuses with digits (O→0, l/I/|→1, S→5, B→8, Z→2) inside a run meant to be digits.</summary>
    public static string DigitsFromOcr(string run)
    {
        var sb = new StringBuilder(run.Length);
        foreach (var c in run)
        {
            sb.Append(c switch
            {
                'O' or 'o' or 'D' or 'Q' => '0',
                'l' or 'I' or '|' or 'i' or '!' => '1',
                'S' or 's' => '5',
                'B' => '8',
                'Z' or 'z' => '2',
                'g' => '9',
                _ => c,
            });
        }
        return sb.ToString();
    }
}
