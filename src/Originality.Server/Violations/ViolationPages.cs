using System.Globalization;
using System.Text;
using NodaTime;
using Originality.Domain.Violations;
using Originality.Server.Api;
using Originality.Server.Hosting;
using Originality.Server.Pages;
using Originality.Server.Security;
using static Originality.Server.Pages.Html;

namespace Originality.Server.Violations;

/// <summary>
/// Web pages for picture violations: the seller's violations, recovery form and records (V-10), and
/// the reviewers' recovery queue with history and decisions (V-8).
/// </summary>
public static class ViolationPages
{
    public static IEndpointRouteBuilder MapViolationPages(this IEndpointRouteBuilder app)
    {
        var seller = app.PagesFor("/seller", Policies.Member);
        seller.MapGet("/violations", Violations);
        seller.MapGet("/violations/{id}/apply", ApplyForm);
        seller.MapPost("/violations/{id}/apply", Apply).AcceptsUploads();

        var reviewer = app.PagesFor("/reviewer", Policies.Staff);
        reviewer.MapGet("/recovery", Queue);
        reviewer.MapPost("/recovery/{id}/decision", Decide);
        reviewer.MapPost("/recovery/{id}/release", Release);
        return app;
    }

    private static string L(Texts t, string en, string zh) => t.IsChinese ? zh : en;

    private static string TypeText(Texts t, PictureViolationType type) => type switch
    {
        PictureViolationType.StolenPicture => L(t, "Stolen picture", "盗图"),
        PictureViolationType.UnauthorizedBrandLogo => L(t, "Unauthorized brand logo", "未授权品牌 Logo"),
        PictureViolationType.NonPlatformWatermark => L(t, "Non-platform watermark", "非官方水印"),
        PictureViolationType.ContactDetailsShown => L(t, "Contact details in picture", "图片含联系方式"),
        PictureViolationType.SensitiveContent => L(t, "Sensitive content", "违禁信息"),
        _ => L(t, "AI picture without label", "AI 图片未标注"),
    };

    private static string StateBadge(Texts t, ViolationState state) => state switch
    {
        ViolationState.Penalized => Badge(L(t, "Penalized", "处罚中"), "bad"),
        ViolationState.LiftedAutomatically => Badge(L(t, "Lifted automatically", "已自动解除"), "ok"),
        ViolationState.Revoked => Badge(L(t, "Revoked, product restored", "已撤销，商品已恢复"), "ok"),
        _ => Badge(L(t, "Not in force yet", "尚未生效"), "warn"),
    };

    private static string StatusBadge(Texts t, RecoveryStatus status) => status switch
    {
        RecoveryStatus.HeldForRiskControl => Badge(L(t, "Held for risk control", "风控暂缓"), "warn"),
        RecoveryStatus.AwaitingReview => Badge(L(t, "Awaiting review", "审核中"), "warn"),
        RecoveryStatus.Approved => Badge(L(t, "Approved", "已通过"), "ok"),
        _ => Badge(L(t, "Rejected", "已驳回"), "bad"),
    };

    private static string Penalty(Texts t, ViolationPenalty p)
    {
        var parts = new List<string>();
        if (p.ProductRemoved)
        {
            parts.Add(L(t, "removed", "下架"));
        }
        if (p.SearchDemoted)
        {
            parts.Add(L(t, "search demotion", "搜索降权"));
        }
        parts.Add(string.Format(CultureInfo.InvariantCulture, L(t, "{0} points", "扣 {0} 分"), p.Points));
        return E(string.Join(", ", parts));
    }

    private static async Task<IResult> Violations(HttpContext context, ViolationService service, IClock clock, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var me = context.User.MemberId();
        var now = clock.GetCurrentInstant();
        var violations = await service.ListForMemberAsync(me, cancellationToken).ConfigureAwait(false);
        var records = await service.RecordsAsync(me, cancellationToken).ConfigureAwait(false);
        var applied = records.Select(r => r.ViolationId).ToHashSet();
        var rows = violations.Select(r =>
        {
            var v = r.Violation;
            var deadline = v.RecoveryDeadline(service.Policy);
            var canApply = v.IsPenaltyInForceAt(now) && now < deadline && !applied.Contains(v.Id);
            return new[]
            {
                E(v.ProductId.Value), E(TypeText(t, v.Type)), Penalty(t, v.Penalty), StateBadge(t, v.StateAt(now)),
                When(v.PenalizedAt, t), When(v.LiftsAt, t),
                canApply
                    ? $"{Countdown(deadline, now, t)} <a href=\"/seller/violations/{v.Id}/apply\" class=\"apply\">{E(L(t, "Apply for recovery", "申请恢复"))}</a>"
                    : E(applied.Contains(v.Id) ? L(t, "Applied", "已申请") : L(t, "Closed", "已关闭")),
            };
        });
        var recordRows = records.Select(r => new[]
        {
            E(r.ProductId.Value), StatusBadge(t, r.Status), When(r.FiledAt, t),
            string.Join("<br>", r.Progress.Select(p => $"{E(BeijingText(p.At))} {E(p.Note)}")),
        });
        var body = $"""
            <p class="muted">{E(L(t, "Apply within 7 days of the penalty (Beijing time). A violation lifts by itself after the configured days.", "请在处罚生效后 7 日内（北京时间）申请恢复；违规到期后将自动解除。"))}
              <a href="/api/violations/commitment-letter?lang={(t.IsChinese ? "zh" : "en")}" id="letter-template">{E(L(t, "Download the commitment letter template", "下载《图片合规承诺书》模板"))}</a></p>
            {Table([t["listing"], L(t, "Type", "违规类型"), L(t, "Penalty", "处罚"), t["state"], L(t, "Penalized", "处罚时间"), L(t, "Lifts", "自动解除"), L(t, "Recovery", "申请恢复")], rows, t, "violations")}
            <h2>{E(L(t, "Application records", "申请记录"))}</h2>
            {Table([t["listing"], t["state"], t["filedOn"], L(t, "Progress", "进度")], recordRows, t, "records")}
            """;
        return Page(context, t, L(t, "Picture violations", "图片违规"), body);
    }

    private static async Task<IResult> ApplyForm(string id, HttpContext context, ViolationService service, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        if (!Guid.TryParse(id, out var guid) || await service.GetAsync(new ViolationId(guid), cancellationToken).ConfigureAwait(false) is not { } recorded
            || recorded.Violation.MemberId != context.User.MemberId())
        {
            return Page(context, t, t["notFound"], "", 404);
        }
        var skus = new StringBuilder();
        foreach (var sku in recorded.Product.Skus.DefaultIfEmpty("main"))
        {
            skus.Append(CultureInfo.InvariantCulture, $"""
                <label>{E(L(t, "Replacement for SKU", "SKU 替换图"))} {E(sku)}</label>
                <input type="file" name="{E(RecoveryForm.ReplacementPrefix + sku)}" accept=".jpg,.jpeg,.png">
                <label><input type="checkbox" name="aiGenerated" value="{E(sku)}"> {E(L(t, "AI-generated", "AI 生成"))}</label>
                """);
        }
        var body = $"""
            <p>{E(t["listing"])}: <strong>{E(recorded.Violation.ProductId.Value)}</strong> · {E(TypeText(t, recorded.Violation.Type))}</p>
            <form class="card" method="post" action="/seller/violations/{E(id)}/apply" enctype="multipart/form-data" id="recovery-form">
              {Csrf(context)}
              <label for="reason">{E(t["reasonText"])}</label>
              <textarea id="reason" name="reason" rows="4" required></textarea>
              <label>{E(L(t, "Commitment letter (signed and sealed)", "合规承诺书（手写签名并加盖公章）"))} · <a href="/api/violations/commitment-letter?lang={(t.IsChinese ? "zh" : "en")}">{E(L(t, "template", "模板"))}</a></label>
              <input type="file" name="commitmentLetter">
              <label><input type="checkbox" name="letterSigned" value="true"> {E(L(t, "Signed by hand", "已手写签名"))}</label>
              <label><input type="checkbox" name="letterSealed" value="true"> {E(L(t, "Company seal applied", "已加盖公章"))}</label>
              <label>{E(L(t, "Original source files (with EXIF)", "原图文件（含 EXIF）"))}</label>
              <input type="file" name="sourceFiles" multiple accept=".jpg,.jpeg,.png">
              {skus}
              <div><button type="submit" name="checkOnly" value="true" class="secondary">{E(L(t, "Check only", "仅预检"))}</button>
                <button type="submit" id="apply-submit" data-confirm="{E(t["confirmApply"])}" onclick="return confirm(this.dataset.confirm)">{E(t["submit"])}</button></div>
            </form>
            """;
        return Page(context, t, L(t, "Apply for recovery", "申请恢复"), body);
    }

    private static async Task<IResult> Apply(string id, HttpContext context, IFormCollection form, ViolationService service, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        if (!Guid.TryParse(id, out var guid))
        {
            return Page(context, t, t["notFound"], "", 404);
        }
        var (upload, errors) = await RecoveryForm.ReadAsync(form, cancellationToken).ConfigureAwait(false);
        if (upload is null)
        {
            return Page(context, t, L(t, "Apply for recovery", "申请恢复"),
                $"<p class=\"error\" id=\"apply-error\">{E(string.Join(" ", errors.SelectMany(e => e.Value)))}</p>", 400);
        }
        var checkOnly = form["checkOnly"].ToString() == "true";
        var result = await service.FileAsync(context.User.MemberId(), new ViolationId(guid), upload, ViolationEndpoints.ClientAddress(context), checkOnly, cancellationToken).ConfigureAwait(false);
        if (result.NotFound)
        {
            return Page(context, t, t["notFound"], "", 404);
        }
        if (result.Refusal is { } refusal)
        {
            return Page(context, t, L(t, "Apply for recovery", "申请恢复"),
                $"<p class=\"error\" id=\"apply-error\" role=\"alert\">{E(RefusalTexts.WithRule(refusal, t))}</p>", 409);
        }
        var body = new StringBuilder();
        body.Append(checkOnly
            ? $"<p id=\"check-only\">{E(L(t, "Checked only: nothing was filed. Fix what is listed, then submit.", "仅预检：尚未提交。请按下列提示修改后再提交。"))}</p>"
            : $"<p id=\"apply-status\">{StatusBadge(t, result.Application!.Status)}</p>");
        if (result.HeldMessage is { } held)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"card\" id=\"held-message\">{E(held)}</p>");
        }
        body.Append(CultureInfo.InvariantCulture, $"<h2>{E(L(t, "Machine checks", "系统预检"))}</h2>");
        body.Append(Table([L(t, "Check", "检查项"), L(t, "Rule", "规则"), t["reason"], t["file"]],
            (result.Findings ?? []).Select(f => new[] { E(f.Code), E(f.RuleId), E(f.Reason), E(f.Subject) }), t, "findings"));
        body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/seller/violations\">{E(L(t, "Back to violations", "返回违规列表"))}</a></p>");
        return checkOnly
            ? Page(context, t, L(t, "Machine checks", "系统预检"), body.ToString())
            : Page(context, t, L(t, "Application filed", "申请已提交"), body.ToString(), 201);
    }

    private static Task<IResult> Queue(HttpContext context, ViolationService service, IClock clock, CancellationToken cancellationToken) =>
        QueuePage(context, service, clock, null, null, StatusCodes.Status200OK, cancellationToken);

    private static async Task<IResult> QueuePage(
        HttpContext context, ViolationService service, IClock clock, string? error, (string Application, string Reasons)? kept, int status, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var now = clock.GetCurrentInstant();
        var queue = await service.QueueAsync(cancellationToken).ConfigureAwait(false);
        var held = await service.HeldAsync(cancellationToken).ConfigureAwait(false);
        var rows = queue.Select(e =>
        {
            var a = e.Application;
            var marks = new StringBuilder();
            if (e.History.IsHighRisk)
            {
                marks.Append(Badge(L(t, "High risk", "高风险"), "bad")).Append(' ');
            }
            if (e.StrictReview)
            {
                marks.Append(Badge(L(t, "Strict review", "严格审核"), "warn")).Append(' ');
            }
            if (e.PriorityStore)
            {
                marks.Append(Badge(L(t, "Priority store", "优先店铺"), "ok"));
            }
            var history = string.Join(", ", e.History.CountByType.OrderBy(c => c.Key).Select(c => $"{TypeText(t, c.Key)} × {c.Value}"));
            var findings = string.Join("<br>", (a.State.Request.MachineFindings ?? []).Select(f => $"<code>{E(f.Code)}</code> {E(f.Reason)}"));
            return new[]
            {
                E(a.ProductId.Value) + "<br><small class=\"muted\">" + E(a.Id.ToString()[..8]) + "</small>",
                When(e.ReviewDueAt, t) + "<br>" + Countdown(e.ReviewDueAt, now, t),
                E("Lv." + ((int)e.StoreLevel).ToString(CultureInfo.InvariantCulture)) + " · " + E(CategoryName(e.Category.Code, t)),
                marks.ToString(),
                E(history.Length == 0 ? "—" : history),
                E(a.State.Request.Reason) + (findings.Length == 0 ? "" : "<br>" + findings),
                $"""
                <form method="post" action="/reviewer/recovery/{a.Id}/decision" class="decision" {Confirm(t, "confirmDecision")}>
                  {Csrf(context)}
                  <label for="reasons-{a.Id}">{E(L(t, "Reasons (one per line) for a rejection", "驳回理由（每行一条）"))}</label>
                  <textarea id="reasons-{a.Id}" name="reasons" rows="2">{E(kept is { } k && k.Application == a.Id.ToString() ? k.Reasons : "")}</textarea>
                  <button type="submit" name="decision" value="approve">{E(L(t, "Approve and restore", "通过并恢复"))}</button>
                  <button type="submit" name="decision" value="reject" class="secondary">{E(t["reject"])}</button>
                </form>
                """,
            };
        });
        var heldRows = held.Select(a => new[]
        {
            E(a.ProductId.Value), When(a.FiledAt, t), E(a.History[0].Note),
            $"<form method=\"post\" action=\"/reviewer/recovery/{a.Id}/release\">{Csrf(context)}<button type=\"submit\">{E(L(t, "Release to queue", "放行进入队列"))}</button></form>",
        });
        var body = $"""
            {ErrorBox(error)}
            <p class="muted">{E(t["now"])}: {When(now, t)} · {E(L(t, "Ordered by review deadline, store level and category risk; history of the last 90 days.", "按审核截止日、店铺等级与类目风险排序；显示近 90 天违规记录。"))}</p>
            {Table([t["listing"], t["deadline"], L(t, "Store", "店铺"), L(t, "Marks", "标记"), L(t, "90-day history", "近 90 天违规"), t["reasonText"], t["decide"]], rows, t, "recovery-queue")}
            <h2>{E(L(t, "Held for risk control", "风控暂缓"))}</h2>
            {Table([t["listing"], t["filedOn"], t["reason"], ""], heldRows, t, "recovery-held")}
            """;
        return Page(context, t, L(t, "Recovery applications", "恢复申请审核"), body, status);
    }

    private static async Task<IResult> Decide(string id, HttpContext context, IFormCollection form, ViolationService service, IClock clock, CancellationToken cancellationToken)
    {
        var text = form["reasons"].ToString();
        var result = Guid.TryParse(id, out var guid)
            ? await service.DecideAsync(new RecoveryApplicationId(guid), form["decision"].ToString() == "approve",
                text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                ComplaintEndpoints.StaffActor(context.User), cancellationToken).ConfigureAwait(false)
            : new RecoveryStepResult(NotFound: true);
        return await AfterStepAsync(result, (id, text), context, service, clock, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> Release(string id, HttpContext context, IFormCollection form, ViolationService service, IClock clock, CancellationToken cancellationToken)
    {
        _ = form;
        var result = Guid.TryParse(id, out var guid)
            ? await service.ReleaseAsync(new RecoveryApplicationId(guid), ComplaintEndpoints.StaffActor(context.User), cancellationToken).ConfigureAwait(false)
            : new RecoveryStepResult(NotFound: true);
        return await AfterStepAsync(result, null, context, service, clock, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A step that went through goes back to the queue; a refused one says why there, in the reviewer's language, the reasons kept.</summary>
    private static async Task<IResult> AfterStepAsync(
        RecoveryStepResult result, (string, string)? kept, HttpContext context, ViolationService service, IClock clock, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        if (result.Refusal is { } refusal)
        {
            return await QueuePage(context, service, clock, RefusalTexts.WithRule(refusal, t), kept, StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false);
        }
        if (result.NotFound)
        {
            return await QueuePage(context, service, clock, t["notFound"], kept, StatusCodes.Status404NotFound, cancellationToken).ConfigureAwait(false);
        }
        if (result.Invalid is { } invalid)
        {
            return await QueuePage(context, service, clock, t["invalidInput"] + " " + invalid, kept, StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }
        return Results.Redirect("/reviewer/recovery");
    }
}
