using System.Collections.Frozen;

namespace Originality.Server.Pages;

/// <summary>The pages' words in English and Chinese. A missing key shows itself, so it is noticed.</summary>
public sealed class Texts
{
    public static readonly Texts English = new("en");
    public static readonly Texts Chinese = new("zh");

    private static readonly FrozenDictionary<string, (string En, string Zh)> Words = new Dictionary<string, (string, string)>
    {
        ["app"] = ("Originality", "原创保护"),
        ["tagline"] = ("Original picture protection", "原创图片保护"),
        ["login"] = ("Sign in", "登录"),
        ["logout"] = ("Sign out", "退出"),
        ["apiKey"] = ("API key", "API 密钥"),
        ["loginHelp"] = ("Sign in with the API key the operator gave you.", "请使用运营方发放的 API 密钥登录。"),
        ["loginFailed"] = ("Unknown or revoked key.", "密钥无效或已被撤销。"),
        ["language"] = ("Language", "语言"),
        ["seller"] = ("Seller", "卖家"),
        ["member"] = ("Seller", "卖家"),
        ["reviewer"] = ("Reviewer", "审核员"),
        ["operator"] = ("Operator", "运营"),
        ["folders"] = ("Folders", "文件夹"),
        ["folder"] = ("Folder", "文件夹"),
        ["newFolder"] = ("New folder", "新建文件夹"),
        ["create"] = ("Create", "创建"),
        ["name"] = ("Name", "名称"),
        ["upload"] = ("Upload pictures", "上传图片"),
        ["uploadHelp"] = (".jpg, .jpeg or .png, at most 10 MB each, shorter side at least 700 px.", "支持 .jpg、.jpeg、.png，单张不超过 10 MB，短边不少于 700 像素。"),
        ["file"] = ("File", "文件"),
        ["outcome"] = ("Outcome", "结果"),
        ["reason"] = ("Reason", "原因"),
        ["certified"] = ("Certified", "已认证"),
        ["refused"] = ("Refused", "未通过"),
        ["certificates"] = ("Certificates", "认证证书"),
        ["certificate"] = ("Certificate", "证书"),
        ["filedAt"] = ("Filed at", "备案时间"),
        ["sha256"] = ("SHA-256", "SHA-256"),
        ["warnings"] = ("Stolen-picture warnings", "盗图预警"),
        ["notices"] = ("Match notices", "匹配通知"),
        ["complaints"] = ("Complaints", "投诉"),
        ["complaintsFiled"] = ("Complaints filed", "我发起的投诉"),
        ["complaintsReceived"] = ("Complaints received", "我收到的投诉"),
        ["appeals"] = ("Appeals", "申诉"),
        ["appeal"] = ("Appeal", "申诉"),
        ["deadline"] = ("Deadline", "截止时间"),
        ["remaining"] = ("Time left", "剩余时间"),
        ["authorizations"] = ("Authorizations", "授权管理"),
        ["points"] = ("Points and sanctions", "扣分与处罚"),
        ["pointsThisYear"] = ("Points this year", "本年度扣分"),
        ["sanctions"] = ("Sanctions", "处罚"),
        ["ledger"] = ("Ledger", "扣分记录"),
        ["state"] = ("State", "状态"),
        ["score"] = ("Score", "相似度"),
        ["yourPicture"] = ("Your certified picture", "您的认证图片"),
        ["certifiedPicture"] = ("Certified picture", "认证图片"),
        ["suspectPicture"] = ("Suspect picture", "疑似盗用图片"),
        ["matchHeatMap"] = ("Agreement in the matched area (green: same, red: different)", "匹配区域一致程度（绿色：相同，红色：不同）"),
        ["listing"] = ("Listing", "商品"),
        ["category"] = ("Category", "类目"),
        ["complain"] = ("Complain", "发起投诉"),
        ["queue"] = ("Queue", "待办队列"),
        ["acceptance"] = ("Awaiting acceptance", "待受理"),
        ["appealQueue"] = ("Appeals to decide", "待裁决申诉"),
        ["accept"] = ("Accept (establish)", "受理（成立）"),
        ["reject"] = ("Reject", "驳回"),
        ["uphold"] = ("Uphold appeal", "申诉成立"),
        ["dismiss"] = ("Dismiss appeal", "申诉不成立"),
        ["decide"] = ("Decide", "裁决"),
        ["decided"] = ("Decided", "已裁决"),
        ["evidence"] = ("Evidence", "证据"),
        ["members"] = ("Members", "会员"),
        ["reviewers"] = ("Reviewers", "审核员"),
        ["policies"] = ("Policies", "处罚规则"),
        ["calendar"] = ("Calendar", "工作日历"),
        ["webhooks"] = ("Webhooks", "Webhook 通知"),
        ["clock"] = ("Clock", "时钟"),
        ["none"] = ("Nothing here yet.", "暂无内容。"),
        ["nickname"] = ("Nickname", "昵称"),
        ["storeId"] = ("Store id", "店铺 ID"),
        ["storeLevel"] = ("Store level", "店铺等级"),
        ["categories"] = ("Categories", "经营类目"),
        ["submit"] = ("Submit", "提交"),
        ["reasonText"] = ("Reason", "理由"),
        ["withdraw"] = ("Withdraw", "撤回"),
        ["grant"] = ("Grant", "授权"),
        ["revoke"] = ("Revoke", "撤销"),
        ["grantee"] = ("Authorized member (nickname)", "被授权会员（昵称）"),
        ["pictures"] = ("Pictures", "图片"),
        ["home"] = ("Home", "首页"),
        ["matchArea"] = ("Matching area", "匹配区域"),
        ["notFound"] = ("Not found.", "未找到。"),
        ["respondentNote"] = ("The complainant is not disclosed (C-2).", "投诉方信息不予披露（C-2）。"),
        ["case"] = ("Case", "案件"),
        ["filedOn"] = ("Filed", "提交时间"),
        ["now"] = ("Now", "当前时间"),
        ["beijing"] = ("Beijing time", "北京时间"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private Texts(string language) => Language = language;

    /// <summary><c>en</c> or <c>zh</c>.</summary>
    public string Language { get; }

    public bool IsChinese => Language == "zh";

    public string this[string key] =>
        Words.TryGetValue(key, out var w) ? (IsChinese ? w.Zh : w.En) : $"[{key}]";

    public static IEnumerable<string> Keys => Words.Keys;

    public static bool HasKey(string key) => Words.ContainsKey(key);

    /// <summary>
    /// <c>?lang=</c> wins (and is remembered in a cookie), then the cookie, then the browser's
    /// Accept-Language.
    /// </summary>
    public static Texts For(HttpContext context)
    {
        var requested = context.Request.Query["lang"].ToString();
        if (requested is "zh" or "en")
        {
            context.Response.Cookies.Append("lang", requested, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            return requested == "zh" ? Chinese : English;
        }
        var cookie = context.Request.Cookies["lang"];
        if (cookie is "zh" or "en")
        {
            return cookie == "zh" ? Chinese : English;
        }
        return context.Request.Headers.AcceptLanguage.ToString().StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;
    }
}
