using System.Globalization;
using System.Text;
using NodaTime;
using Originality.Domain.Violations;
using Originality.Server.Api;
using Originality.Server.Hosting;
using Originality.Server.Pages;
using Originality.Server.Security;
using static Originality.Server.Pages.Html;
using static Originality.Server.Violations.ViolationWords;

namespace Originality.Server.Violations;

/// <summary>
/// What is left of the picture-violation pages outside Razor components: the seller's recovery form
/// and its outcome (V-2..V-7), the words the component pages share, and the files of an application
/// for the reviewers' review page (V-8).
/// </summary>
public static class ViolationPages
{
    public static IEndpointRouteBuilder MapViolationPages(this IEndpointRouteBuilder app)
    {
        // The list of violations is a Razor component (Components/Seller/ViolationsPage.razor).
        var seller = app.PagesFor("/seller", Policies.Member);
        seller.MapGet("/violations/{id}/apply", ApplyForm);
        seller.MapPost("/violations/{id}/apply", Apply).AcceptsUploads();

        // The recovery queue and each application's review are Razor components (Components/Reviewer);
        // the materials they show are read here.
        var reviewer = app.PagesFor("/reviewer", Policies.Staff);
        reviewer.MapGet("/recovery/{id}/files/{sha}", MaterialFile);
        return app;
    }

    private static string StatusBadge(Texts t, RecoveryStatus status)
    {
        var (text, kind) = Status(t, status);
        return Badge(text, kind);
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
                <label>{E(t["violation.replacementForSku"])} {E(sku)}</label>
                <input type="file" name="{E(RecoveryForm.ReplacementPrefix + sku)}" accept=".jpg,.jpeg,.png">
                <label><input type="checkbox" name="aiGenerated" value="{E(sku)}"> {E(t["violation.aiGenerated"])}</label>
                """);
        }
        var body = $"""
            <p>{E(t["listing"])}: <strong>{E(recorded.Violation.ProductId.Value)}</strong> · {E(TypeText(t, recorded.Violation.Type))}</p>
            <form class="card" method="post" action="/seller/violations/{E(id)}/apply" enctype="multipart/form-data" id="recovery-form">
              {Csrf(context)}
              <label for="reason">{E(t["reasonText"])}</label>
              <textarea id="reason" name="reason" rows="4" required></textarea>
              <label>{E(t["violation.commitmentLetterSignedAndSealed"])} · <a href="/api/violations/commitment-letter?lang={(t.IsChinese ? "zh" : "en")}">{E(t["violation.template"])}</a></label>
              <input type="file" name="commitmentLetter">
              <label><input type="checkbox" name="letterSigned" value="true"> {E(t["violation.signedByHand"])}</label>
              <label><input type="checkbox" name="letterSealed" value="true"> {E(t["violation.companySealApplied"])}</label>
              <label>{E(t["violation.originalSourceFilesWithExif"])}</label>
              <input type="file" name="sourceFiles" multiple accept=".jpg,.jpeg,.png">
              {skus}
              <div><button type="submit" name="checkOnly" value="true" class="secondary">{E(t["violation.checkOnly"])}</button>
                <button type="submit" id="apply-submit" data-confirm="{E(t["confirmApply"])}">{E(t["submit"])}</button></div>
            </form>
            """;
        return Page(context, t, t["violation.applyForRecovery"], body);
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
            return Page(context, t, t["violation.applyForRecovery"],
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
            return Page(context, t, t["violation.applyForRecovery"],
                $"<p class=\"error\" id=\"apply-error\" role=\"alert\">{E(RefusalTexts.WithRule(refusal, t))}</p>", 409);
        }
        var body = new StringBuilder();
        body.Append(checkOnly
            ? $"<p id=\"check-only\">{E(t["violation.checkedOnlyNothingWasFiledFix"])}</p>"
            : $"<p id=\"apply-status\">{StatusBadge(t, result.Application!.Status)}</p>");
        if (result.HeldMessage is { } held)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"card\" id=\"held-message\">{E(held)}</p>");
        }
        body.Append(CultureInfo.InvariantCulture, $"<h2>{E(t["violation.machineChecks"])}</h2>");
        body.Append(Table([t["violation.check"], t["violation.rule"], t["reason"], t["file"]],
            (result.Findings ?? []).Select(f => new[] { E(f.Code), E(f.RuleId), E(f.Reason), E(f.Subject) }), t, "findings"));
        body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/seller/violations\">{E(t["violation.backToViolations"])}</a></p>");
        return checkOnly
            ? Page(context, t, t["violation.machineChecks"], body.ToString())
            : Page(context, t, t["violation.applicationFiled"], body.ToString(), 201);
    }

    /// <summary>
    /// A file of an application, for the reviewer. Pictures are shown in the page; anything else
    /// (the letter's scan, a PDF) is a download, so an uploaded document never runs in the site's origin.
    /// </summary>
    private static async Task<IResult> MaterialFile(string id, string sha, RecoveryReviews reviews, CancellationToken cancellationToken)
    {
        if (await reviews.FileAsync(id, sha, cancellationToken).ConfigureAwait(false) is not var (content, name))
        {
            return Results.NotFound();
        }
        return PictureType(content) is { } type
            ? Results.File(content, type)
            : Results.File(content, "application/octet-stream", name);
    }

    private static string? PictureType(byte[] content) => content switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        _ => null,
    };
}
