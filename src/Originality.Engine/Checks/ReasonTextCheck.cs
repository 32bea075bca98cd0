using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Originality.Engine.Checks;

/// <summary>What is left of a reason once boilerplate is taken out.</summary>
/// <param name="Remainder">The text left, for the reviewer.</param>
/// <param name="ContentUnits">How much content is left: Latin content words, number tokens, and CJK characters counted two per unit.</param>
/// <param name="BoilerplateFound">The boilerplate phrases that were removed.</param>
public sealed record ReasonAnalysis(string Remainder, int ContentUnits, IReadOnlyList<string> BoilerplateFound);

/// <summary>
/// V-6: a reason made only of boilerplate ("我司高度重视", "深表歉意", "we attach great importance",
/// "we deeply apologize" …) is not a reason ([002]: "申诉理由禁用模板话术…无实质信息内容,将被系统过滤").
/// </summary>
/// <remarks>
/// The phrases are removed, then function words and polite filler; what is left must say
/// something: at least <see cref="MinimumContentUnits"/> units, where one unit is a Latin content
/// word, a number, or two CJK characters (a Chinese word is mostly two characters). A reason such
/// as "图3包装上的电话已删除" keeps well over that; "我司高度重视,深表歉意" keeps nothing.
/// Stateless and thread-safe.
/// </remarks>
public static partial class ReasonTextCheck
{
    /// <summary>Content units a reason must keep after boilerplate is removed.</summary>
    public const int MinimumContentUnits = 4;

    // Whole phrases first (longest first), so that their words are not counted as content.
    private static readonly string[] Phrases =
    [
        // Chinese
        "我司高度重视", "我们高度重视", "高度重视", "非常重视", "十分重视", "深表歉意", "深感歉意", "深感抱歉", "非常抱歉", "十分抱歉",
        "敬请谅解", "请谅解", "望谅解", "给您带来的不便", "带来的不便", "带来不便", "加强管理", "加强内部管理", "加强审核",
        "今后一定注意", "以后一定注意", "今后会注意", "下次不会再犯", "保证不再犯", "不会再发生", "杜绝此类问题", "杜绝类似问题",
        "严格遵守平台规则", "严格遵守平台规定", "遵守平台规则", "遵守平台规定", "认真整改", "积极整改", "立即整改", "已深刻认识到",
        "深刻认识到错误", "深刻反省", "恳请平台", "恳请审核通过", "恳请通过", "望平台给予", "给予一次机会", "再给一次机会", "感谢平台",
        "感谢您的理解", "谢谢审核", "谢谢", "请求恢复", "申请恢复", "希望通过", "望批准", "予以恢复", "诚恳", "诚挚", "此次违规",
        // English
        "we attach great importance to this matter", "we attach great importance to this", "we attach great importance",
        "attach great importance", "we deeply apologize", "we deeply apologise", "we sincerely apologize", "we sincerely apologise",
        "we apologize for any inconvenience caused", "we apologize for the inconvenience", "we apologize", "we apologise",
        "sorry for the inconvenience", "sorry for any inconvenience", "we are very sorry", "we are sorry",
        "we will strengthen our management", "we will strengthen management", "strengthen management",
        "we will strictly abide by the platform rules", "we will strictly comply with the platform rules", "abide by the rules",
        "comply with the rules", "it will not happen again", "this will not happen again", "we will not let it happen again",
        "we have realized our mistake", "we have realised our mistake", "please restore our product", "please restore the product",
        "please kindly restore", "please restore", "we hope the platform can approve", "we hope you can approve",
        "thank you for your understanding", "thank you very much", "thank you", "thanks", "best regards", "kind regards",
        "we promise", "we guarantee",
    ];

    private static readonly HashSet<string> EnglishFiller = new(
    [
        "we", "our", "us", "i", "my", "me", "the", "a", "an", "to", "this", "that", "these", "those", "of", "and", "or", "for",
        "in", "on", "at", "by", "is", "are", "was", "were", "be", "been", "will", "would", "shall", "should", "can", "could",
        "have", "has", "had", "do", "does", "did", "very", "highly", "sincerely", "deeply", "really", "truly", "all", "any",
        "it", "its", "again", "matter", "issue", "problem", "platform", "rule", "rules", "please", "kindly", "hope", "you",
        "your", "with", "as", "so", "not", "which", "caused", "inconvenience", "sorry", "apologize", "apologise", "apology",
        "importance", "great", "attach", "serious", "seriously", "mistake", "mistakes", "future", "again", "strictly",
        "company", "store", "shop", "team", "dear", "sir", "madam", "reviewer", "regards", "hereby", "also", "more", "careful",
        "attention", "pay", "management", "strengthen", "comply", "abide", "violation", "approve", "restore", "understanding",
    ], StringComparer.Ordinal);

    private static readonly string[] ChineseFiller =
    [
        "我们会", "我们", "我司", "本店", "本公司", "公司", "店铺", "非常", "十分", "一定", "已经", "问题", "此事", "平台", "规则",
        "规定", "希望", "感谢", "审核", "处理", "违规", "错误", "今后", "以后", "的", "了", "对", "此", "这", "次", "请", "并",
        "和", "将", "会", "已", "再", "也", "都", "给予", "予以", "我", "您", "贵", "能", "是", "在", "有", "为", "与", "及",
    ];

    /// <summary>Returns a finding when the reason is only boilerplate (or empty), otherwise none.</summary>
    public static IReadOnlyList<CheckFinding> Check(string reason)
    {
        var analysis = Analyze(reason);
        if (analysis.ContentUnits >= MinimumContentUnits)
        {
            return [];
        }
        var message = analysis.BoilerplateFound.Count > 0
            ? "The reason is made of set phrases (such as \"" + string.Join("\", \"", analysis.BoilerplateFound.Take(3)) + "\") and says nothing concrete. Say what was wrong in which picture, what you changed, and what the attached files prove."
            : "The reason says nothing concrete. Say what was wrong in which picture, what you changed, and what the attached files prove.";
        return [new CheckFinding(FindingCodes.ReasonBoilerplate, "V-6", message, "reason", analysis.Remainder)];
    }

    /// <summary>Removes boilerplate and filler and measures what is left.</summary>
    public static ReasonAnalysis Analyze(string? reason)
    {
        var text = TextNormal.Fold(reason ?? string.Empty).ToLowerInvariant();
        text = Spaces().Replace(text, " ");
        var found = new List<string>();
        foreach (var phrase in Phrases)
        {
            var index = text.IndexOf(phrase, StringComparison.Ordinal);
            if (index < 0)
            {
                continue;
            }
            found.Add(phrase);
            text = text.Replace(phrase, " ", StringComparison.Ordinal);
        }

        var remainder = new StringBuilder();
        var units = 0;
        var cjk = 0;
        foreach (Match token in Tokens().Matches(text))
        {
            var t = token.Value;
            if (t.All(IsCjk))
            {
                var kept = t;
                foreach (var filler in ChineseFiller)
                {
                    kept = kept.Replace(filler, string.Empty, StringComparison.Ordinal);
                }
                cjk += kept.Length;
                if (kept.Length > 0)
                {
                    remainder.Append(kept).Append(' ');
                }
            }
            else if (t.Any(char.IsAsciiDigit) || (t.Length >= 2 && !EnglishFiller.Contains(t)))
            {
                units++;
                remainder.Append(t).Append(' ');
            }
        }
        units += cjk / 2;
        return new ReasonAnalysis(remainder.ToString().Trim(), units, found);
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    // Runs of CJK, or of Latin letters/digits (with inner ' - . _ /), anything else separates.
    [GeneratedRegex(@"[\u3400-\u4dbf\u4e00-\u9fff]+|[a-z0-9\u00e0-\u00ff]+(?:['._/\-][a-z0-9\u00e0-\u00ff]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Tokens();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
