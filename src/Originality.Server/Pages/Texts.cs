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
        ["status.AwaitingAcceptance"] = ("Awaiting acceptance", "待受理"),
        ["status.Rejected"] = ("Rejected", "已驳回"),
        ["status.Established"] = ("Established", "投诉成立"),
        ["status.AppealPending"] = ("Appeal pending", "申诉审核中"),
        ["status.AppealRejected"] = ("Appeal not upheld", "申诉不成立"),
        ["status.AppealUpheld"] = ("Appeal upheld", "申诉成立"),
        ["status.PenaltyStands"] = ("Penalty stands", "处罚维持"),
        ["status.Withdrawn"] = ("Withdrawn", "已撤回"),
        ["deadline.AcceptanceDue"] = ("Platform decides acceptance by", "平台受理截止"),
        ["deadline.AppealWindowCloses"] = ("Appeal window closes", "申诉截止"),
        ["deadline.AppealDecisionDue"] = ("Platform decides the appeal by", "平台申诉裁决截止"),
        ["reasonRequired"] = ("Give a reason.", "请填写理由。"),
        ["statementRequired"] = ("The appeal needs a statement.", "申诉需要填写申诉说明。"),
        ["invalidInput"] = ("The request could not be processed:", "请求无法处理："),
        ["complaintFiled"] = ("Complaint filed", "投诉已提交"),
        ["complaintOpen"] = ("Complaint open", "投诉处理中"),
        ["viewCase"] = ("View the case", "查看案件"),
        ["acceptanceDecision"] = ("Acceptance decision", "受理结果"),
        ["appealRound"] = ("Appeal round", "申诉轮次"),
        ["appealStatement"] = ("Appeal statement", "申诉说明"),
        ["appealDecision"] = ("Appeal decision", "申诉裁决"),
        ["decisionReason"] = ("Reason given", "裁决理由"),
        ["history"] = ("Decisions", "处理记录"),
        ["mainPicture"] = ("main picture", "主图"),
        ["skuPicture"] = ("SKU picture {0}", "SKU 图 {0}"),
        ["whichPicture"] = ("Picture", "图片位置"),
        ["warningText"] = ("Your listing {0} uses a picture certified by another seller ({1}).", "您的商品 {0} 使用了其他卖家已认证的图片（{1}）。"),
        ["reference"] = ("Reference", "编号"),
        ["confirmWithdraw"] = ("Withdraw this complaint? The goods are restored and the penalty revoked; this cannot be undone.", "确定撤回该投诉吗？商品将恢复、处罚将撤销，且无法恢复投诉。"),
        ["confirmDecision"] = ("Record this decision? It cannot be undone.", "确定提交该裁决吗？提交后无法撤销。"),
        ["confirmAppeal"] = ("Submit this appeal? Each complaint allows two appeals.", "确定提交申诉吗？每个投诉最多两次申诉机会。"),
        ["confirmApply"] = ("Submit the one recovery application for this violation? A rejected application cannot be filed again.", "确定提交恢复申请吗？每个违规只能申请一次，被驳回后不能再次申请。"),
        ["confirmRevoke"] = ("Revoke this authorization? Use after revocation is unauthorized again.", "确定撤销该授权吗？撤销后再使用将视为未授权。"),
        ["active"] = ("Active", "生效中"),
        ["revoked"] = ("Revoked", "已撤销"),
        ["grantedBy"] = ("Granted by", "授权方"),
        ["grantedTo"] = ("Granted to", "被授权方"),
        ["grantedAt"] = ("Granted", "授权时间"),
        ["revokedAt"] = ("Revoked", "撤销时间"),
        ["authorizationsGranted"] = ("Authorizations you granted", "我发出的授权"),
        ["authorizationsReceived"] = ("Authorizations you received", "我获得的授权"),
        ["newAuthorization"] = ("Authorize a member", "新增授权"),
        ["choosePictures"] = ("Certified pictures", "认证图片"),
        ["authorizationGranted"] = ("Authorization granted.", "授权成功。"),
        ["noCertifiedPictures"] = ("You have no certified pictures to authorize yet.", "您还没有可授权的认证图片。"),
        ["kind"] = ("Kind", "类型"),
        ["start"] = ("Start", "开始"),
        ["end"] = ("End", "结束"),
        ["inEffect"] = ("In effect", "生效中"),
        ["ended"] = ("Ended", "已结束"),
        ["penalty.FirstOffence"] = ("First offence: warning, no points (P-1)", "首次违规：警告，不扣分（P-1）"),
        ["penalty.CountedAsFirst"] = ("Counted as the first offence (P-1)", "计入首次违规（P-1）"),
        ["penalty.Deduction"] = ("Points deducted (P-2)", "扣分（P-2）"),
        ["penalty.SameDayAsDeduction"] = ("Same day as a deduction, no extra points (P-2)", "与当日扣分合并，不重复扣分（P-2）"),
        ["sanction.Warning"] = ("Warning", "警告"),
        ["sanction.PublishingRestricted"] = ("No new products may be published", "限制发布新商品"),
        ["sanction.Frozen"] = ("Store frozen", "店铺冻结"),
        ["sanction.Closed"] = ("Store closed", "店铺关闭"),
        ["pointsCol"] = ("Points", "扣分"),
        ["established"] = ("Established", "投诉成立时间"),
        ["category.apparel"] = ("Apparel", "服装"),
        ["category.beauty"] = ("Beauty", "美妆"),
        ["category.shoes"] = ("Shoes", "鞋靴"),
        ["category.bags"] = ("Bags", "箱包"),
        ["category.jewelry"] = ("Jewelry", "珠宝饰品"),
        ["category.electronics"] = ("Electronics", "电子产品"),
        ["category.home"] = ("Home", "家居"),
        ["category.toys"] = ("Toys", "玩具"),
        ["category.general"] = ("General", "综合"),
        ["marketplace"] = ("Marketplace", "站点"),
        ["policy"] = ("Penalty policy", "处罚规则"),
        ["effectiveFrom"] = ("In force from", "生效时间"),
        ["calendarSummary"] = ("{0} public holidays, {1} make-up working days", "{0} 个法定节假日，{1} 个调休工作日"),
        ["url"] = ("Address", "地址"),
        ["addedOn"] = ("Added", "添加时间"),
        ["newKeyShownOnce"] = ("{0}: API key {1} (shown once)", "{0}：API 密钥 {1}（仅显示一次）"),
        ["filing.Certified"] = ("Certified", "已认证"),
        ["filing.NotOriginal"] = ("Not original", "非原创"),
        ["filing.ProtectionCancelled"] = ("Protection cancelled", "保护已取消"),
        ["upload.unsupported-format"] = ("Only .jpg, .jpeg and .png files are accepted.", "仅支持 .jpg、.jpeg、.png 格式的文件。"),
        ["upload.extension-mismatch"] = ("The file's content is not the format its extension says.", "文件内容与扩展名所示格式不符。"),
        ["upload.file-too-large"] = ("The file is larger than 10 MB.", "文件超过 10 MB。"),
        ["upload.too-many-pixels"] = ("The picture has too many pixels.", "图片像素过多。"),
        ["upload.corrupt-image"] = ("The picture could not be read; it may be damaged.", "无法读取图片，文件可能已损坏。"),
        ["upload.too-small"] = ("The picture's shorter side is under 700 px.", "图片短边不足 700 像素。"),
        ["upload.not-original"] = ("The picture matches one filed or published earlier by another member: not original, not certified.", "该图片与其他会员更早备案或发布的图片一致，不是原创，未予认证。"),
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
