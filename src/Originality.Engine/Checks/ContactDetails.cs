using System.Text.RegularExpressions;

namespace Originality.Engine.Checks;

/// <summary>The kinds of contact detail a picture must not show (V-1, V-5).</summary>
public enum ContactKind
{
    /// <summary>A phone number: international (+CC …), Chinese mobile (1[3-9] + 9 digits), Chinese landline, or digits after a phone label.</summary>
    Phone = 1,

    /// <summary>An e-mail address.</summary>
    Email = 2,

    /// <summary>A messenger id after a label: 微信/WeChat/VX/WX, QQ, WhatsApp, Telegram, Line, …</summary>
    Messenger = 3,

    /// <summary>A web address (http(s)://, www., or a bare domain with a common top-level domain).</summary>
    Url = 4,
}

/// <summary>One contact detail found in text.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Value">The text as found.</param>
public sealed record ContactDetail(ContactKind Kind, string Value);

/// <summary>
/// Finds contact details in text read from a picture. Works line by line on OCR output, so it
/// tolerates what OCR does to such text: spaces inside CJK words and around '@' or '.', full-width
/// colons, and letters read for digits (O/0, l/1) inside digit runs.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static partial class ContactDetails
{
    /// <summary>Finds the contact details in each line of <paramref name="text"/>.</summary>
    public static IReadOnlyList<ContactDetail> Find(OcrText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. text.Lines.SelectMany(FindInLine).Distinct()];
    }

    /// <summary>Finds the contact details in one line of text.</summary>
    public static IReadOnlyList<ContactDetail> FindInLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var found = new List<ContactDetail>();
        var rest = TextNormal.Fold(line);

        foreach (Match m in EmailPattern().Matches(rest))
        {
            found.Add(new ContactDetail(ContactKind.Email, TextNormal.Compact(m.Value)));
        }
        rest = EmailPattern().Replace(rest, " ");

        foreach (Match m in UrlPattern().Matches(rest))
        {
            found.Add(new ContactDetail(ContactKind.Url, m.Value.TrimEnd('.', ',', ';')));
        }
        rest = UrlPattern().Replace(rest, " ");

        // Messenger labels are matched on the compacted line: OCR splits 微信 into "微 信".
        var compact = TextNormal.Compact(rest);
        foreach (Match m in MessengerPattern().Matches(compact))
        {
            var id = m.Groups["id"].Value;
            var label = m.Groups["label"].Value;
            if (IsQq(label) && !QqNumber().IsMatch(TextNormal.DigitsFromOcr(id)))
            {
                continue;
            }
            found.Add(new ContactDetail(ContactKind.Messenger, m.Value));
        }

        // Store ids (AE-1234567) are not phone numbers; drop them before looking for digits.
        var withoutStoreIds = StoreIdLike().Replace(rest, " ");
        foreach (var phone in Phones(withoutStoreIds))
        {
            found.Add(new ContactDetail(ContactKind.Phone, phone));
        }
        return found;
    }

    private static bool IsQq(string label) =>
        label.Equals("QQ", StringComparison.OrdinalIgnoreCase) || label is "扣扣" or "企鹅";

    private static IEnumerable<string> Phones(string line)
    {
        var mapped = MapDigitLikeTokens(line);
        foreach (Match m in PhoneCandidate().Matches(mapped))
        {
            var value = m.Value.Trim();
            var digits = new string([.. value.Where(char.IsAsciiDigit)]);
            var before = mapped[..m.Index];
            var labelled = PhoneLabel().IsMatch(before.Length > 16 ? before[^16..] : before);
            if (IsPhone(value, digits, labelled))
            {
                yield return value;
            }
        }
    }

    private static bool IsPhone(string value, string digits, bool labelled)
    {
        if (ChineseMobile().IsMatch(digits))
        {
            return true;
        }
        if (value.StartsWith('+') && digits.Length is >= 8 and <= 15)
        {
            return true;
        }
        if (ChineseLandline().IsMatch(value) || ServiceNumber().IsMatch(digits))
        {
            return true;
        }
        return labelled && digits.Length is >= 7 and <= 15;
    }

    // Inside tokens that are mostly digits, letters OCR confuses with digits are read as digits.
    private static string MapDigitLikeTokens(string line) =>
        Token().Replace(line, m =>
        {
            var t = m.Value;
            var digits = t.Count(char.IsAsciiDigit);
            return digits >= 2 && digits * 10 >= t.Length * 6 ? TextNormal.DigitsFromOcr(t) : t;
        });

    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9._%+\-]*\s?@\s?[A-Za-z0-9\-]+(?:\s?\.\s?[A-Za-z0-9\-]+)*\s?\.\s?[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?:https?\s?:\s?//\S+|\bwww\s?\.\s?\S+|\b[a-z0-9][a-z0-9\-]{1,62}(?:\.[a-z0-9\-]{1,63})*\.(?:com|cn|net|org|shop|store|top|xyz|io|co|me|info|biz|cc|tv|site|online|vip|hk|tw|ru|de|uk|us|es|fr)\b(?:/\S*)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    // Short, ambiguous labels (wa, tg, line, ins, fb) need a colon; distinctive ones may be followed directly by the id.
    [GeneratedRegex(@"(?<![A-Za-z])(?:(?<label>微信号?|威信|薇信|徽信|V信|v信|加V|加v|VX|vx|Vx|WX|wx|WeChat|Wechat|wechat|WECHAT|Weixin|weixin|QQ|qq|扣扣|企鹅|WhatsApp|Whatsapp|whatsapp|WHATSAPP|Telegram|telegram|Skype|skype|Viber|viber)(?:号|ID|Id|id)?(?:同号)?[:;]?|(?<label>WA|Wa|wa|TG|tg|Line|LINE|line|Ins|ins|INS|FB|fb)(?:ID|id)?[:;])(?<id>\+?[A-Za-z0-9][A-Za-z0-9_.\-]{3,29})", RegexOptions.CultureInvariant)]
    private static partial Regex MessengerPattern();

    [GeneratedRegex(@"^[1-9][0-9]{4,11}$", RegexOptions.CultureInvariant)]
    private static partial Regex QqNumber();

    [GeneratedRegex(@"\bA\s?E\s?-?\s?[0-9OolI|]{7}\b", RegexOptions.CultureInvariant)]
    private static partial Regex StoreIdLike();

    [GeneratedRegex(@"[^\s\-().+]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"(?<![\w+])\+?\(?\d[\d ().\-]{5,22}\d(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCandidate();

    [GeneratedRegex(@"^(?:0{0,2}86)?1[3-9]\d{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseMobile();

    [GeneratedRegex(@"^\(?0\d{2,3}\)?[\s\-]\d{7,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseLandline();

    // Chinese 400/800 service numbers: 400-820-8820.
    [GeneratedRegex(@"^[48]00\d{7}$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceNumber();

    [GeneratedRegex(@"(?:tel|phone|mobile|mob|call|cell|hotline|whats\s?app|电话|手机|联系|热线|座机|☎|📞)\.?\s*(?:no\.?|number)?\s*[:：]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhoneLabel();
}
