using System.Text;
using System.Text.RegularExpressions;

namespace Originality.Engine.Checks;

/// <summary>What a reason says once its polite, apologetic and promising sentences are set aside.</summary>
/// <param name="Remainder">The clauses kept as content, for the reviewer.</param>
/// <param name="ContentUnits">How many distinct concrete signals the kept clauses carry: numbers and ids, named things, evidence and action words.</param>
/// <param name="BoilerplateFound">The clauses set aside as polite filler (apology, gratitude, promise, request).</param>
public sealed record ReasonAnalysis(string Remainder, int ContentUnits, IReadOnlyList<string> BoilerplateFound);

/// <summary>
/// V-6: a reason made only of boilerplate ("我司高度重视", "深表歉意", "we attach great importance",
/// "we deeply apologize" …) is not a reason ([002]: "申诉理由禁用模板话术…无实质信息内容,将被系统过滤").
/// </summary>
/// <remarks>
/// A list of set phrases cannot keep up with new wordings, so the check asks the opposite
/// question: does the reason carry something a reviewer can check? The text is cut into clauses;
/// a clause with a politeness marker (apology, thanks, promise, request, "rules", "lesson" …) and no
/// hard evidence is set aside. The rest must carry at least <see cref="MinimumContentUnits"/>
/// distinct concrete signals, one of which is not a bare verb: hard evidence (numbers, ids, SKU
/// codes, file names, capitalised names, quoted titles), evidence nouns (licence, invoice, watermark,
/// 授权书, 发票, 水印 …) and action words saying what was changed (replaced, reshot, 删除, 重新拍摄 …).
/// "图3包装上的电话已删除" carries four; "我们一定吸取教训,向平台表示诚挚的歉意" carries none.
/// Stateless and thread-safe.
/// </remarks>
public static partial class ReasonTextCheck
{
    /// <summary>Distinct concrete signals a reason must carry outside its polite clauses.</summary>
    public const int MinimumContentUnits = 2;

    // Markers of a clause that is about the seller's attitude, not about the pictures.
    private static readonly string[] ChinesePoliteMarkers =
    [
        "歉", "抱歉", "对不起", "重视", "谅解", "原谅", "感谢", "谢谢", "多谢", "保证", "承诺", "一定", "不再", "杜绝", "教训",
        "反省", "检讨", "认识到", "恳请", "请求", "申请", "希望", "望", "规则", "规定", "政策", "整改", "管理", "注意", "机会",
        "恢复", "审核通过", "予以通过", "批准", "理解", "诚", "支持", "配合", "辛苦", "不便", "疏忽", "失误", "改正", "引以为戒",
    ];

    private static readonly string[] EnglishPoliteStems =
    [
        "sorry", "apolog", "regret", "forgiv", "pardon", "thank", "grateful", "gratitude", "appreciat", "promis", "guarantee",
        "assur", "ensure", "commit", "importance", "serious", "attention", "careful", "lesson", "mistake", "fault", "neglig",
        "oversight", "rule", "regulation", "polic", "compl", "abide", "strengthen", "improv", "train", "restor", "reinstat",
        "approv", "unblock", "reactivat", "kindly", "please", "hope", "wish", "understanding", "consider", "chance",
        "opportunit", "regards", "dear", "reviewer", "cooperat", "support", "patience", "inconvenien", "sincere", "humbl",
        "never", "reflect", "vigilan", "diligen", "responsib",
    ];

    // Evidence nouns: things a reviewer can open, see or compare.
    private static readonly string[] ChineseEvidence =
    [
        "授权书", "授权", "合同", "发票", "收据", "凭证", "证书", "原图", "原始文件", "原片", "源文件", "附件", "截图", "视频", "水印",
        "标志", "商标", "logo", "电话", "微信", "网址", "邮箱", "二维码", "包装", "摄影师", "设计师", "模特", "工作室", "仓库", "工厂",
        "车间", "白底图", "主图", "详情图", "详情页", "尺码表", "背景", "类目", "相机", "镜头", "品牌", "供应商", "图库", "购买记录",
        "订单", "店铺id", "sku", "exif", "raw",
    ];

    private static readonly string[] EnglishEvidenceStems =
    [
        "licen", "contract", "invoice", "receipt", "authori", "consent", "release", "certificat", "raw", "exif", "metadata",
        "watermark", "logo", "trademark", "phone", "wechat", "whatsapp", "email", "e-mail", "website", "url", "qr", "packag",
        "box", "label", "photographer", "designer", "studio", "warehouse", "factory", "workshop", "model", "background",
        "chart", "camera", "lens", "brand", "supplier", "catalog", "stock", "order", "sku", "variant", "screenshot", "video",
        "attach", "file", "purchase", "signed", "outdoor",
    ];

    // Action words: what was done to the pictures.
    private static readonly string[] ChineseActions =
    [
        "更换", "换成", "替换", "删除", "去掉", "去除", "移除", "删掉", "下架", "重拍", "重新拍摄", "重新拍", "拍摄", "实拍", "自拍",
        "新拍", "裁剪", "遮盖", "覆盖", "打码", "重新导出", "导出", "上传", "重新制作", "重做", "改为", "加上", "标注", "购买", "签署",
    ];

    private static readonly string[] EnglishActionStems =
    [
        "replac", "remov", "delet", "reshot", "re-shot", "retak", "retook", "shot", "shoot", "photographed", "taken", "took",
        "crop", "cover", "blur", "redrawn", "redrew", "re-export", "exported", "uploaded", "swapp", "erase", "mask", "added",
        "bought", "paid", "relabel", "recreat", "redesign",
    ];

    // Capitalised words that are not named things in a seller's letter.
    private static readonly HashSet<string> NotNames = new(
    [
        "we", "our", "us", "i", "the", "a", "an", "this", "it", "platform", "aliexpress", "team", "company", "store", "shop",
        "seller", "sellers", "customer", "customers", "dear", "sir", "madam", "reviewer", "hello", "hi", "ae", "ae-", "ok",
    ], StringComparer.Ordinal);

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

    /// <summary>Sets polite clauses aside and counts the concrete signals in the rest.</summary>
    public static ReasonAnalysis Analyze(string? reason)
    {
        var text = Spaces().Replace(TextNormal.Fold(reason ?? string.Empty), " ");
        var polite = new List<string>();
        var remainder = new StringBuilder();
        var hard = new HashSet<string>(StringComparer.Ordinal);
        var nouns = new HashSet<string>(StringComparer.Ordinal);
        var actions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in ClauseBreaks().Split(text))
        {
            var clause = raw.Trim();
            if (clause.Length == 0)
            {
                continue;
            }
            var lower = clause.ToLowerInvariant();
            var clauseHard = HardEvidence(clause);
            if (clauseHard.Count == 0 && IsPolite(lower))
            {
                polite.Add(lower);
                continue;
            }
            hard.UnionWith(clauseHard);
            var words = Words().Matches(lower).Select(m => m.Value).ToArray();
            Collect(lower, words, ChineseEvidence, EnglishEvidenceStems, nouns);
            Collect(lower, words, ChineseActions, EnglishActionStems, actions);
            remainder.Append(clause).Append(' ');
        }
        var units = hard.Count + nouns.Count + actions.Count;
        if (hard.Count + nouns.Count == 0)
        {
            // Verbs alone ("we removed and replaced the pictures") do not say which or with what.
            units = Math.Min(units, MinimumContentUnits - 1);
        }
        return new ReasonAnalysis(remainder.ToString().Trim(), units, polite);
    }

    private static bool IsPolite(string lower) =>
        ChinesePoliteMarkers.Any(m => lower.Contains(m, StringComparison.Ordinal))
        || Words().Matches(lower).Any(w => EnglishPoliteStems.Any(s => w.Value.StartsWith(s, StringComparison.Ordinal)));

    private static void Collect(string lower, string[] words, string[] chinese, string[] englishStems, HashSet<string> into)
    {
        foreach (var cue in chinese)
        {
            if (lower.Contains(cue, StringComparison.Ordinal))
            {
                into.Add(cue);
            }
        }
        foreach (var word in words)
        {
            var stem = englishStems.FirstOrDefault(s => word.StartsWith(s, StringComparison.Ordinal));
            if (stem is not null)
            {
                into.Add(stem);
            }
        }
    }

    // Numbers, ids, counted things (第二张, 两个), file names, quoted titles and capitalised names.
    private static HashSet<string> HardEvidence(string clause)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Numbers().Matches(clause))
        {
            found.Add(m.Value.ToLowerInvariant());
        }
        foreach (Match m in Quoted().Matches(clause))
        {
            found.Add(m.Value);
        }
        var first = true;
        foreach (Match m in LatinWords().Matches(clause))
        {
            var w = m.Value;
            var isFirst = first && m.Index == LeadingLatin(clause);
            first = false;
            var upper = w.Count(char.IsAsciiLetterUpper);
            var named = upper >= 2 || (upper == 1 && !char.IsAsciiLetterUpper(w[0])) || (char.IsAsciiLetterUpper(w[0]) && !isFirst);
            if (named && w.Length >= 2 && !NotNames.Contains(w.ToLowerInvariant()))
            {
                found.Add(w.ToLowerInvariant());
            }
        }
        return found;
    }

    // Index of the clause's first character when it starts with a Latin word (a capital there is sentence case), else -1.
    private static int LeadingLatin(string clause) =>
        clause.Length > 0 && char.IsAsciiLetter(clause[0]) ? 0 : -1;

    // Clauses end at sentence and clause punctuation; a dot inside "img_3.jpg" or "1.5" is not an end.
    [GeneratedRegex(@"[!?;,:\n、]|\.(?![A-Za-z0-9])|(?<![A-Za-z0-9])\.", RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreaks();

    [GeneratedRegex(@"[a-z][a-z\-']*", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    [GeneratedRegex(@"[A-Za-z][A-Za-z\-']*", RegexOptions.CultureInvariant)]
    private static partial Regex LatinWords();

    [GeneratedRegex(@"[A-Za-z_\-]*\d[\w\-./]*|第[一二两三四五六七八九十]+[张个款件幅]|[二两三四五六七八九十百]+[张个款件幅套色]|一[张款件幅套]", RegexOptions.CultureInvariant)]
    private static partial Regex Numbers();

    [GeneratedRegex(@"[“「《""][^”」》""]{2,40}[”」》""]", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
