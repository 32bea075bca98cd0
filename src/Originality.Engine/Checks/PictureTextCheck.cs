using System.Globalization;
using System.Text.RegularExpressions;

namespace Originality.Engine.Checks;

/// <summary>What the text in one replacement picture is checked against.</summary>
/// <param name="Subject">The picture's name in findings (file name or SKU).</param>
/// <param name="OwnStoreId">The applying store's id, <c>AE-</c> + 7 digits: the only id a watermark may carry.</param>
/// <param name="AiGenerated">The seller declares the picture AI-generated: it must show "AI Generated".</param>
public sealed record PictureTextRules(string Subject, string OwnStoreId, bool AiGenerated);

/// <summary>A store id read from a picture.</summary>
/// <param name="StoreId">Normalised <c>AE-</c> + 7 digits.</param>
/// <param name="AsRead">The text as OCR read it.</param>
public sealed record StoreIdMark(string StoreId, string AsRead);

/// <summary>
/// The V-5 checks on the text in a replacement picture: contact details, the store-id
/// watermark, and the "AI Generated" label.
/// </summary>
/// <remarks>Stateless and thread-safe. The OCR itself is done before, by an <see cref="ITextReader"/>.</remarks>
public static partial class PictureTextCheck
{
    /// <summary>All findings for one picture's text.</summary>
    public static IReadOnlyList<CheckFinding> Check(OcrText text, PictureTextRules rules)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rules);
        var findings = new List<CheckFinding>();
        findings.AddRange(ContactFindings(text, rules.Subject));
        findings.AddRange(WatermarkFindings(text, rules.OwnStoreId, rules.Subject));
        if (rules.AiGenerated && !HasAiLabel(text))
        {
            findings.Add(new CheckFinding(FindingCodes.AiLabelMissing, "V-5",
                "This picture is declared AI-generated but does not show the label \"AI Generated\". Add the words \"AI Generated\" in a corner of the picture, legible.",
                rules.Subject));
        }
        return findings;
    }

    /// <summary>Contact details in the picture, one finding each.</summary>
    public static IEnumerable<CheckFinding> ContactFindings(OcrText text, string subject)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var detail in ContactDetails.Find(text))
        {
            var (code, what) = detail.Kind switch
            {
                ContactKind.Phone => (FindingCodes.ContactPhone, "a phone number"),
                ContactKind.Email => (FindingCodes.ContactEmail, "an e-mail address"),
                ContactKind.Messenger => (FindingCodes.ContactMessenger, "a messenger id (WeChat, QQ, WhatsApp or similar)"),
                _ => (FindingCodes.ContactUrl, "a web address"),
            };
            yield return new CheckFinding(code, "V-5",
                $"The picture still shows {what}: \"{detail.Value}\". Pictures must not carry contact details; remove it and upload the picture again.",
                subject, detail.Value);
        }
    }

    /// <summary>Store ids found in the picture (AE- and 7 digits, tolerant of OCR spacing and O/0, l/1).</summary>
    public static IReadOnlyList<StoreIdMark> StoreIds(OcrText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var marks = new List<StoreIdMark>();
        foreach (var line in text.Lines)
        {
            foreach (Match m in StoreIdPattern().Matches(TextNormal.Fold(line)))
            {
                var digits = TextNormal.DigitsFromOcr(TextNormal.Compact(m.Groups["digits"].Value));
                if (digits.All(char.IsAsciiDigit))
                {
                    marks.Add(new StoreIdMark("AE-" + digits, m.Value));
                }
            }
        }
        return marks;
    }

    /// <summary>
    /// Watermark findings: a store id of another store, or a watermark (©, "copyright", 版权,
    /// "photo by" …, or an "AE" mark with the wrong number of digits) without the store's id.
    /// </summary>
    public static IEnumerable<CheckFinding> WatermarkFindings(OcrText text, string ownStoreId, string subject)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ownStoreId);
        var ids = StoreIds(text);
        foreach (var other in ids.Where(i => !IsOwn(i.StoreId, ownStoreId)).DistinctBy(i => i.StoreId))
        {
            yield return new CheckFinding(FindingCodes.WatermarkOtherStore, "V-5",
                string.Create(CultureInfo.InvariantCulture, $"The watermark carries the store id {other.StoreId}, which is not your store ({ownStoreId}). A watermark may only carry your own store id."),
                subject, other.AsRead);
        }
        if (ids.Any(i => IsOwn(i.StoreId, ownStoreId)))
        {
            yield break;
        }
        foreach (var line in text.Lines)
        {
            var folded = TextNormal.Fold(line);
            var compact = TextNormal.Compact(folded);
            // A watermark carrying another store's id was reported above; it does not also lack an id.
            if (StoreIdPattern().IsMatch(folded))
            {
                continue;
            }
            if (WatermarkMarker().IsMatch(folded) || WatermarkMarker().IsMatch(compact) || MalformedStoreId().IsMatch(folded))
            {
                yield return new CheckFinding(FindingCodes.WatermarkWithoutStoreId, "V-5",
                    $"The picture has a watermark (\"{line.Trim()}\") without your store id. Only a watermark with your store id {ownStoreId} is allowed (\"©2024 …\" alone is not); remove it or replace it.",
                    subject, line.Trim());
                yield break;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="read"/> is the own store id, allowing one differing digit: OCR
    /// misreads single digits (7 as 1, 8 as 3), and calling the seller's own watermark another
    /// store's would be a false alarm, while a real other store's id one digit away is rare.
    /// </summary>
    public static bool IsOwn(string read, string ownStoreId)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(ownStoreId);
        if (read.Length != ownStoreId.Length)
        {
            return false;
        }
        var differences = 0;
        for (var i = 0; i < read.Length; i++)
        {
            if (char.ToUpperInvariant(read[i]) != char.ToUpperInvariant(ownStoreId[i]))
            {
                differences++;
            }
        }
        return differences <= 1;
    }

    /// <summary>True when the picture shows "AI Generated" (any case, OCR reading "AI" as "Al" or "A1" accepted).</summary>
    public static bool HasAiLabel(OcrText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AiLabel().IsMatch(TextNormal.Compact(TextNormal.Fold(text.Text)));
    }

    // OCR may space out the id ("AE - 12345 67") but the letters must start a word.
    [GeneratedRegex(@"(?<![A-Za-z])A ?E ?[-~:.]? ?(?<digits>[0-9OolI|](?: ?[0-9OolI|]){6})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex StoreIdPattern();

    [GeneratedRegex(@"(?<![A-Za-z])AE ?-? ?(?:[0-9]{1,6}|[0-9]{8,})(?! ?[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex MalformedStoreId();

    [GeneratedRegex(@"©|®|\(c\)|copyright|all\s?rights\s?reserved|watermark|photo\s?by|版权|水印|摄影|盗图必究", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WatermarkMarker();

    [GeneratedRegex(@"A[Il1|!\]]-?Generat", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AiLabel();
}
