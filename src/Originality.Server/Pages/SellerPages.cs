using System.Globalization;
using System.Security.Claims;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Complaints;
using Originality.Domain.Filings;
using Originality.Server.Api;
using Originality.Server.Application;
using Originality.Server.Security;
using Originality.Storage;
using static Originality.Server.Pages.Html;
using static Originality.Server.Pages.PageWords;

namespace Originality.Server.Pages;

/// <summary>The seller portal: folders and uploads, certificates, warnings and notices, complaints, points.</summary>
public static class SellerPages
{
    public static IEndpointRouteBuilder MapSellerPages(this IEndpointRouteBuilder app)
    {
        // Home, folders, certificates, warnings, complaints, authorizations and points are Razor
        // components (Components/Seller); a folder's page with its upload is still built here.
        var pages = app.PagesFor("/seller", Policies.Member);
        pages.MapGet("/folders/{id}", Folder);
        pages.MapPost("/folders/{id}/upload", Upload).DisableAntiforgery();
        // The warnings page is a Razor component (Components/Seller/WarningsPage.razor).
        // The complaints page is a Razor component (Components/Seller/ComplaintsPage.razor).
        // The authorization centre is a Razor component (Components/Seller/AuthorizationsPage.razor).
        return app;
    }

    private static async Task<IResult> Folder(string id, HttpContext context, OriginalityStore store, CancellationToken cancellationToken) =>
        await FolderPage(id, context, store, null, cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> FolderPage(string id, HttpContext context, OriginalityStore store, IReadOnlyList<FileOutcome>? outcomes, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var folder = await FolderEndpoints.FindOwnFolderAsync(id, context.User, store, cancellationToken).ConfigureAwait(false);
        if (folder is null)
        {
            return Page(context, t, t["notFound"], "", 404);
        }
        var filings = (await store.InSessionAsync(s => s.Filings.ListByOwnerAsync(context.User.MemberId(), cancellationToken), cancellationToken).ConfigureAwait(false))
            .Where(f => f.State.Folder == folder.Id).ToList();
        var results = outcomes is null ? "" : "<h2>" + E(t["outcome"]) + "</h2>" + Table([t["file"], t["outcome"], t["reason"]],
            outcomes.Select(o => new[]
            {
                E(o.FileName),
                o.Outcome == FileOutcome.Certified ? Badge(t["certified"], "ok") : Badge(t["refused"], "bad"),
                o.Outcome == FileOutcome.Certified
                    ? $"<a href=\"/api/certificates/{E(o.FilingId)}/page\">{E(t["certificate"])}</a>"
                    : $"<span class=\"refusal\" data-code=\"{E(o.Code)}\">{E(UploadReason(o, t))}</span> <small class=\"muted\">({E(o.Rule)})</small>",
            }), t, "upload-results");
        var list = Table([t["file"], t["state"], t["filedAt"], t["sha256"]],
            filings.Select(f => new[]
            {
                E(f.State.Evidence.FileName),
                f.Status == FilingStatus.Certified ? Badge(t["certified"], "ok") : Badge(t["filing." + f.Status], "bad"),
                When(f.State.Evidence.FiledAt, t),
                $"<code>{E(f.State.Evidence.ContentSha256[..16])}…</code>",
            }), t, "filings");
        // Without the script the form posts every file at once and the page answers with a table of
        // outcomes; with it (pages.js, data-bulk) files go one at a time, each with its progress and outcome.
        var body = $"""
            <form class="card" method="post" action="/seller/folders/{E(id)}/upload" enctype="multipart/form-data" id="upload-form"
                  data-bulk data-text-waiting="{E(t["bulk.waiting"])}" data-text-sending="{E(t["bulk.sending"])}"
                  data-text-failed="{E(t["bulk.failed"])}" data-text-summary="{E(t["bulk.summary"])}" data-text-certificate="{E(t["certificate"])}">
              {Csrf(context)}
              <label for="files">{E(t["upload"])}</label>
              <input type="file" id="files" name="files" multiple accept=".jpg,.jpeg,.png">
              <div class="dropzone" id="dropzone" hidden>
                <p>{E(t["bulk.drop"])}</p>
                <label for="folder-input">{E(t["bulk.chooseFolder"])}</label>
                <input type="file" id="folder-input" webkitdirectory multiple>
              </div>
              <p class="muted">{E(t["uploadHelp"])}</p>
              <button type="submit">{E(t["upload"])}</button>
            </form>
            <p id="bulk-summary" role="status" hidden></p>
            <ol id="bulk-progress" class="bulk" hidden></ol>
            {results}
            <h2>{E(t["pictures"])}</h2>
            {list}
            """;
        return Page(context, t, t["folder"] + " · " + folder.State.Name, body);
    }

    private static async Task<IResult> Upload(string id, HttpContext context, OriginalityStore store, FilingService filing, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        // Multipart forms are checked here rather than by the middleware, after the size limit applies.
        await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var files = new List<UploadedFile>();
        foreach (var file in form.Files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            files.Add(new UploadedFile(file.FileName, buffer.ToArray()));
        }
        var outcomes = Guid.TryParse(id, out var g)
            ? await filing.FileAsync(context.User.MemberId(), new FolderId(g), files, cancellationToken).ConfigureAwait(false)
            : null;
        if (context.Request.Query["format"] == "json")
        {
            // The page's script sends one file at a time and shows each outcome in the reader's words.
            var t = Texts.For(context);
            return outcomes is null
                ? Results.NotFound()
                : Results.Json(outcomes.Select(o => new
                {
                    o.FileName,
                    o.Outcome,
                    Text = o.Outcome == FileOutcome.Certified ? t["certified"] : UploadReason(o, t),
                    o.Rule,
                    CertificateUrl = o.FilingId is { } f ? $"/api/certificates/{f}/page" : null,
                }));
        }
        return await FolderPage(id, context, store, outcomes ?? [], cancellationToken).ConfigureAwait(false);
    }
}
