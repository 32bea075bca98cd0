using System.Collections.Frozen;
using Originality.Domain;

namespace Originality.Server.Pages;

/// <summary>
/// Every refusal of the rulebook in the reader's language. English is the domain's own message;
/// Chinese is kept here beside it, one line per stable code, and a test fails when a refusal has none.
/// </summary>
public static class RefusalTexts
{
    private static readonly FrozenDictionary<string, string> Chinese = new Dictionary<string, string>
    {
        ["not-eligible"] = "试运行期间，原创保护服务暂未向该会员或类目开放。",
        ["folder-name-taken"] = "您已有同名文件夹，请换一个名称。",
        ["invalid-folder-name"] = "文件夹名称不能为空，且不超过 100 个字符。",
        ["not-your-folder"] = "图片只能备案到您自己的文件夹中。",
        ["invalid-evidence"] = "备案证据需要 SHA-256（64 位十六进制）和十六进制指纹。",
        ["service-ended"] = "该会员的原创保护服务已被终止。",
        ["service-already-ended"] = "该会员的服务已经终止。",
        ["filing-not-of-member"] = "该备案不属于此会员。",
        ["not-the-owner"] = "只有认证图片的所有者才能进行此操作。",
        ["picture-not-certified"] = "该图片未认证（或其保护已被取消）。",
        ["unknown-nickname"] = "没有会员使用这个昵称。",
        ["cannot-authorize-self"] = "不能授权给自己。",
        ["no-picture-given"] = "请至少选择一张认证图片。",
        ["not-the-grantor"] = "只有授权的发起方才能撤销该授权。",
        ["authorization-already-revoked"] = "该授权已被撤销。",
        ["respondent-authorized"] = "被投诉方已获授权在该类目使用此图片，投诉不能成立。",
        ["no-listing-given"] = "请至少填写一个涉嫌侵权的商品（链接或 ID）。",
        ["complaint-against-self"] = "不能投诉自己的商品。",
        ["complaint-already-open"] = "您已就该商品和图片发起过投诉，且尚未结束；请在原投诉中跟进。",
        ["complaint-not-awaiting-acceptance"] = "该投诉已被受理、驳回或撤回。",
        ["not-the-complainant"] = "只有投诉方才能进行此操作。",
        ["complaint-withdrawn"] = "该投诉已撤回。",
        ["appeal-already-decided"] = "平台已对申诉作出裁决，投诉不能再撤回。",
        ["complaint-already-decided"] = "该投诉已有最终结果。",
        ["not-the-respondent"] = "只有被投诉的卖家才能申诉。",
        ["not-established"] = "只有成立的投诉才能申诉。",
        ["appeal-window-closed"] = "申诉期已结束，处罚维持。",
        ["appeal-window-still-open"] = "申诉期尚未结束。",
        ["appeal-already-pending"] = "已有一个申诉在等待平台裁决。",
        ["no-appeal-rounds-left"] = "两次申诉机会均已用完。",
        ["no-appeal-pending"] = "没有等待裁决的申诉。",
        ["penalty-not-found"] = "该会员的扣分记录中没有这项处罚。",
        ["penalty-already-revoked"] = "该处罚已被撤销。",
        ["sanction-still-running"] = "处罚尚未到期。",
        ["sanction-already-ended"] = "该处罚已结束、已解除或没有结束时间。",
        ["year-not-ended"] = "本年度尚未结束（北京时间）。",
        ["reset-already-recorded"] = "年度清零已记录。",
        ["retroactive-policy-change"] = "规则变更不能早于变更当时生效。",
        ["stale-instant"] = "该变更的时间早于上一次记录的变更。",
        ["violation-not-penalized"] = "该违规当前没有生效的处罚，无需申请恢复。",
        ["recovery-window-closed"] = "申请期已结束：截止于处罚生效当日后第 7 天的北京时间 24:00。",
        ["recovery-window-not-open"] = "处罚尚未生效；生效后才能提交恢复申请。",
        ["not-the-members-violation"] = "该违规记录属于其他会员的商品。",
        ["violation-product-mismatch"] = "该违规并非针对此商品；请按商品分别申请。",
        ["recovery-already-filed"] = "该违规和商品已提交过恢复申请，只能申请一次。",
        ["recovery-rejected-before"] = "该违规和商品的恢复申请已被驳回，不能再次提交。",
        ["commitment-letter-missing"] = "请上传平台模板的《图片合规承诺书》，须手写签名并加盖公章。",
        ["source-files-missing"] = "请上传图片的原图文件（含完整 EXIF 的 JPG/PNG）。",
        ["replacements-missing"] = "请为商品的每个 SKU 上传整改后的替换图片。",
        ["recovery-not-awaiting-review"] = "该申请不在待审核状态。",
        ["recovery-held-for-risk-control"] = "该申请处于风控暂缓中，需先放行才能裁决。",
        ["rejection-needs-reason"] = "驳回时必须至少给卖家一条理由。",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when <paramref name="refusal"/> has a Chinese text.</summary>
    public static bool HasChinese(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return Chinese.ContainsKey(refusal.Code);
    }

    /// <summary>The refusal's message in the reader's language.</summary>
    public static string Message(Refusal refusal, Texts t)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(t);
        return t.IsChinese && Chinese.TryGetValue(refusal.Code, out var zh) ? zh : refusal.Message;
    }

    /// <summary>The message with the rule it enforces, e.g. "The appeal window has closed … (R-3)".</summary>
    public static string WithRule(Refusal refusal, Texts t) =>
        refusal.RuleId == "-" ? Message(refusal, t) : $"{Message(refusal, t)} ({refusal.RuleId})";
}
