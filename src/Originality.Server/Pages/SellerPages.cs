using Originality.Domain;
using Originality.Domain.Filings;
using Originality.Server.Application;
using Originality.Server.Hosting;
using Originality.Server.Security;

namespace Originality.Server.Pages;

/// <summary>
/// The seller portal's one endpoint outside its Razor components (Components/Seller): the folder
/// page's script sends each file here and shows the outcome in the reader's words.
/// </summary>
public static class SellerPages
{
    public static IEndpointRouteBuilder MapSellerPages(this IEndpointRouteBuilder app)
    {
        var pages = app.PagesFor("/seller", Policies.Member);
        pages.MapPost("/folders/{id}/upload", Upload).AcceptsUploads().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> Upload(string id, HttpContext context, FilingService filing, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        // Multipart forms are checked here rather than by the middleware, after the size limit applies.
        await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var files = await UploadedFile.ReadAllAsync(form.Files, cancellationToken).ConfigureAwait(false);
        var outcomes = Guid.TryParse(id, out var g)
            ? await filing.FileAsync(context.User.MemberId(), new FolderId(g), files, cancellationToken).ConfigureAwait(false)
            : null;
        if (outcomes is null)
        {
            return Results.NotFound();
        }
        var t = Texts.For(context);
        return Results.Json(outcomes.Select(o => new
        {
            o.FileName,
            o.Outcome,
            Text = o.Outcome == FileOutcome.Certified ? t["certified"] : PageWords.UploadReason(o, t),
            o.Rule,
            CertificateUrl = o.FilingId is { } f ? $"/api/certificates/{f}/page" : null,
        }));
    }
}
