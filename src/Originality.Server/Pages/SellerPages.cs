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

namespace Originality.Server.Pages;

/// <summary>The seller portal: folders and uploads, certificates, warnings and notices, complaints, points.</summary>
public static class SellerPages
{
    public static IEndpointRouteBuilder MapSellerPages(this IEndpointRouteBuilder app)
    {
        var pages = app.PagesFor("/seller", Policies.Member);
        pages.MapGet("/", Home);
        pages.MapGet("/folders", Folders);
        pages.MapPost("/folders", CreateFolder);
        pages.MapGet("/folders/{id}", Folder);
        pages.MapPost("/folders/{id}/upload", Upload).DisableAntiforgery();
        pages.MapGet("/certificates", Certificates);
        pages.MapGet("/warnings", Warnings);
        pages.MapPost("/notices/{id}/complain", Complain);
        pages.MapGet("/complaints", Complaints);
        pages.MapPost("/complaints/{id}/appeal", Appeal);
        pages.MapPost("/complaints/{id}/withdraw", Withdraw);
        pages.MapGet("/authorizations", Authorizations);
        pages.MapGet("/points", Points);
        return app;
    }

    private static async Task<IResult> Home(HttpContext context, OriginalityStore store, ListingStore listings, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var me = context.User.MemberId();
        var filings = await store.InSessionAsync(s => s.Filings.ListByOwnerAsync(me, cancellationToken), cancellationToken).ConfigureAwait(false);
        var warnings = await listings.MatchesAsync(me, null, null, cancellationToken).ConfigureAwait(false);
        var notices = await listings.MatchesAsync(null, me, null, cancellationToken).ConfigureAwait(false);
        var body = $"""
            <p>{E(t["tagline"])}</p>
            <div class="card"><a href="/seller/certificates">{E(t["certificates"])}</a>: {filings.Count(f => f.Status == FilingStatus.Certified)}</div>
            <div class="card"><a href="/seller/warnings">{E(t["warnings"])}</a>: {warnings.Count} · {E(t["notices"])}: {notices.Count}</div>
            """;
        return Page(context, t, t["seller"] + " · " + context.User.DisplayName(), body);
    }

    private static async Task<IResult> Folders(HttpContext context, OriginalityStore store, CancellationToken cancellationToken, string? error = null)
    {
        var t = Texts.For(context);
        var folders = await store.InSessionAsync(s => s.Folders.ListByOwnerAsync(context.User.MemberId(), cancellationToken), cancellationToken).ConfigureAwait(false);
        var table = Table([t["name"], t["filedOn"]],
            folders.Select(f => new[] { $"<a href=\"/seller/folders/{f.Id}\">{E(f.State.Name)}</a>", When(f.State.CreatedAt, t) }), t, "folders");
        var body = $"""
            {(error is null ? "" : $"<p class=\"error\">{E(error)}</p>")}
            {table}
            <form class="card" method="post" action="/seller/folders" id="new-folder">
              {Csrf(context)}
              <label for="name">{E(t["newFolder"])}</label>
              <input type="text" id="name" name="name" required maxlength="100">
              <div><button type="submit">{E(t["create"])}</button></div>
            </form>
            """;
        return Page(context, t, t["folders"], body);
    }

    private static async Task<IResult> CreateFolder(HttpContext context, IFormCollection form, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        var me = context.User.MemberId();
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var member = (await session.Members.GetAsync(me, cancellationToken).ConfigureAwait(false))!;
            var existing = await session.Folders.ListByOwnerAsync(me, cancellationToken).ConfigureAwait(false);
            var eligibility = await session.Settings.GetTrialEligibilityAsync(cancellationToken).ConfigureAwait(false);
            var created = Domain.Filings.Folder.Create(FolderId.New(), member, form["name"].ToString(), existing.Select(f => f.State.Name), eligibility, clock.GetCurrentInstant());
            if (!created.Succeeded)
            {
                return await Folders(context, store, cancellationToken, $"{created.Refusal!.Message} ({created.Refusal.RuleId})").ConfigureAwait(false);
            }
            await session.Folders.SaveAsync(created.Value!, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return Results.Redirect($"/seller/folders/{created.Value!.Id}");
        }
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
                    : $"{E(o.Reason)} <small class=\"muted\">({E(o.Code)}, {E(o.Rule)})</small>",
            }), t, "upload-results");
        var list = Table([t["file"], t["state"], t["filedAt"], t["sha256"]],
            filings.Select(f => new[]
            {
                E(f.State.Evidence.FileName),
                f.Status == FilingStatus.Certified ? Badge(t["certified"], "ok") : Badge(f.Status.ToString(), "bad"),
                When(f.State.Evidence.FiledAt, t),
                $"<code>{E(f.State.Evidence.ContentSha256[..16])}…</code>",
            }), t, "filings");
        var body = $"""
            <form class="card" method="post" action="/seller/folders/{E(id)}/upload" enctype="multipart/form-data" id="upload-form">
              {Csrf(context)}
              <label for="files">{E(t["upload"])}</label>
              <input type="file" id="files" name="files" multiple accept=".jpg,.jpeg,.png">
              <p class="muted">{E(t["uploadHelp"])}</p>
              <button type="submit">{E(t["upload"])}</button>
            </form>
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
        return await FolderPage(id, context, store, outcomes ?? [], cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> Certificates(HttpContext context, OriginalityStore store, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var filings = await store.InSessionAsync(s => s.Filings.ListByOwnerAsync(context.User.MemberId(), cancellationToken), cancellationToken).ConfigureAwait(false);
        var body = Table([t["file"], t["filedAt"], t["sha256"], t["certificate"]],
            filings.Where(f => f.Status == FilingStatus.Certified).Select(f => new[]
            {
                E(f.State.Evidence.FileName),
                When(f.State.Evidence.FiledAt, t),
                $"<code>{E(f.State.Evidence.ContentSha256)}</code>",
                $"<a href=\"/api/certificates/{f.Id}/page\">{E(t["certificate"])}</a> · <a href=\"/api/certificates/{f.Id}\">JSON</a>",
            }), t, "certificates");
        return Page(context, t, t["certificates"], body);
    }

    /// <summary>Two pictures side by side, the matching area outlined on each, and the match's heat map when given.</summary>
    public static string SideBySide(
        Texts t, string leftTitle, string leftUrl, ListingEndpoints.Region leftRegion, string rightTitle, string rightUrl, ListingEndpoints.Region rightRegion,
        string? heatMapUrl = null) => $"""
        <div class="pair">
          <figure><figcaption>{E(leftTitle)}</figcaption><div class="pic"><img src="{E(leftUrl)}" alt="{E(leftTitle)}">{Area(leftRegion, t)}</div></figure>
          <figure><figcaption>{E(rightTitle)}</figcaption><div class="pic"><img src="{E(rightUrl)}" alt="{E(rightTitle)}">{Area(rightRegion, t)}</div></figure>
          {(heatMapUrl is null ? "" : $"<figure><figcaption>{E(t["matchHeatMap"])}</figcaption><div class=\"pic\"><img src=\"{E(heatMapUrl)}\" alt=\"{E(t["matchHeatMap"])}\"></div></figure>")}
        </div>
        """;

    private static string Area(ListingEndpoints.Region r, Texts t) => string.Create(CultureInfo.InvariantCulture,
        $"<div class=\"area\" title=\"{E(t["matchArea"])}\" style=\"left:{r.X * 100:0.##}%;top:{r.Y * 100:0.##}%;width:{r.Width * 100:0.##}%;height:{r.Height * 100:0.##}%\"></div>");

    private static async Task<IResult> Warnings(HttpContext context, ListingStore listings, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var me = context.User.MemberId();
        var body = new System.Text.StringBuilder();
        body.Append("<h2>").Append(E(t["warnings"])).Append("</h2>");
        var warnings = await listings.MatchesAsync(me, null, null, cancellationToken).ConfigureAwait(false);
        if (warnings.Count == 0)
        {
            body.Append("<p class=\"muted\">").Append(E(t["none"])).Append("</p>");
        }
        foreach (var w in warnings.Select(ListingEndpoints.ToWarning))
        {
            body.Append("<div class=\"card warning\">")
                .Append(CultureInfo.InvariantCulture, $"<p>{Badge(t["warnings"], "warn")} {E(t["score"])}: <strong>{w.Score:P0}</strong> · {When(w.IssuedAt, t)}</p>")
                .Append(SideBySide(t, t["suspectPicture"], w.SuspectImageUrl, w.SuspectRegion, t["certifiedPicture"], w.OriginalImageUrl, w.OriginalRegion, w.HeatMapUrl))
                .Append("</div>");
        }
        body.Append("<h2>").Append(E(t["notices"])).Append("</h2>");
        var notices = await listings.MatchesAsync(null, me, null, cancellationToken).ConfigureAwait(false);
        if (notices.Count == 0)
        {
            body.Append("<p class=\"muted\">").Append(E(t["none"])).Append("</p>");
        }
        foreach (var m in notices)
        {
            var n = ListingEndpoints.ToNotice(m, await listings.GetAsync(m.ListingId, cancellationToken).ConfigureAwait(false));
            body.Append("<div class=\"card notice\">")
                .Append(CultureInfo.InvariantCulture, $"<p>{E(t["listing"])} <strong>{E(n.ListingId)}</strong> · {E(t["category"])}: {E(n.Category)} · {E(t["score"])}: <strong>{n.Score:P0}</strong></p>")
                .Append(SideBySide(t, t["yourPicture"], n.OriginalImageUrl, n.OriginalRegion, t["suspectPicture"], n.SuspectImageUrl, n.SuspectRegion, n.HeatMapUrl))
                .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/seller/notices/{E(n.Id)}/complain\">{Csrf(context)}<button type=\"submit\">{E(t["complain"])}</button></form>")
                .Append("</div>");
        }
        return Page(context, t, t["warnings"] + " / " + t["notices"], body.ToString());
    }

    private static async Task<IResult> Complain(string id, HttpContext context, IFormCollection form, ComplaintService complaints, CancellationToken cancellationToken)
    {
        _ = form;
        await complaints.FileAsync(context.User.MemberId(), new ComplaintService.FileRequest(null, null, null, id), cancellationToken).ConfigureAwait(false);
        return Results.Redirect("/seller/complaints");
    }

    private static async Task<IResult> Complaints(HttpContext context, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var me = context.User.MemberId();
        var now = clock.GetCurrentInstant();
        var (filed, received) = await store.InSessionAsync(async s => (
            await s.Complaints.ListByComplainantAsync(me, cancellationToken).ConfigureAwait(false),
            await s.Complaints.ListByRespondentAsync(me, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        var filedTable = Table([t["listing"], t["state"], t["filedOn"], t["deadline"], ""],
            filed.Select(c =>
            {
                var v = c.ToComplainantView(now);
                var withdraw = v.MayWithdraw
                    ? $"<form method=\"post\" action=\"/seller/complaints/{c.Id}/withdraw\" class=\"inline\">{Csrf(context)}<button class=\"secondary\" type=\"submit\">{E(t["withdraw"])}</button></form>"
                    : "";
                return new[]
                {
                    E(string.Join(", ", v.Listings.Select(l => l.Value))), StatusBadge(v.Status), When(v.FiledAt, t),
                    c.NextDeadline is { } d ? $"{When(d.DueAt, t)} · {Countdown(d.DueAt, now, t)}" : "—", withdraw,
                };
            }), t, "complaints-filed");
        var receivedTable = Table([t["listing"], t["state"], t["deadline"], t["remaining"], t["appeal"]],
            received.Select(c =>
            {
                var v = ComplaintEndpoints.ToRespondent(c, now);
                var appeal = v.MayAppeal
                    ? $"<form method=\"post\" action=\"/seller/complaints/{c.Id}/appeal\">{Csrf(context)}<textarea name=\"statement\" rows=\"2\" required></textarea><button type=\"submit\">{E(t["appeal"])}</button></form>"
                    : "";
                return new[]
                {
                    E(string.Join(", ", v.Listings)), StatusBadge(v.Status),
                    v.NextDeadline is { } d ? When(d.DueAt, t) : "—",
                    v.NextDeadline is { } d2 ? Countdown(d2.DueAt, now, t) : "—",
                    appeal,
                };
            }), t, "complaints-received");
        var body = $"""
            <h2>{E(t["complaintsFiled"])}</h2>
            {filedTable}
            <h2>{E(t["complaintsReceived"])}</h2>
            <p class="muted">{E(t["respondentNote"])}</p>
            {receivedTable}
            """;
        return Page(context, t, t["complaints"], body);
    }

    private static async Task<IResult> Appeal(string id, HttpContext context, IFormCollection form, ComplaintService complaints, CancellationToken cancellationToken)
    {
        await complaints.AppealAsync(id, context.User.MemberId(), new ComplaintService.AppealRequest(form["statement"].ToString()), cancellationToken).ConfigureAwait(false);
        return Results.Redirect("/seller/complaints");
    }

    private static async Task<IResult> Withdraw(string id, HttpContext context, IFormCollection form, ComplaintService complaints, CancellationToken cancellationToken)
    {
        _ = form;
        await complaints.WithdrawAsync(id, context.User.MemberId(), new ComplaintService.WithdrawalRequest(null), cancellationToken).ConfigureAwait(false);
        return Results.Redirect("/seller/complaints");
    }

    private static async Task<IResult> Authorizations(HttpContext context, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var me = context.User.MemberId();
        var (granted, received) = await store.InSessionAsync(async s => (
            await s.Authorizations.ListByGrantorAsync(me, cancellationToken).ConfigureAwait(false),
            await s.Authorizations.ListForGranteeAsync(me, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        string Rows(IEnumerable<Domain.Authorizations.Authorization> list) => Table([t["category"], t["pictures"], t["state"]],
            list.Select(a => new[]
            {
                E(a.State.Category.Code), a.State.Pictures.Count.ToString(CultureInfo.InvariantCulture),
                a.State.RevokedAt is null ? Badge(t["grant"], "ok") : Badge(t["revoke"], "bad"),
            }), t);
        var body = $"<h2>{E(t["grant"])}</h2>{Rows(granted)}<h2>{E(t["grantee"])}</h2>{Rows(received)}<p class=\"muted\">API: POST /api/authorizations</p>";
        _ = clock;
        return Page(context, t, t["authorizations"], body);
    }

    private static async Task<IResult> Points(HttpContext context, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var me = context.User.MemberId();
        var ledger = await store.InSessionAsync(s => s.PenaltyLedgers.GetAsync(me, cancellationToken), cancellationToken).ConfigureAwait(false);
        var now = clock.GetCurrentInstant();
        var points = PenaltyEndpoints.ToResponse(me, ledger, now);
        var body = $"""
            <div class="card"><strong id="points">{points.Points}</strong> · {E(t["pointsThisYear"])} ({points.Year})</div>
            <h2>{E(t["ledger"])}</h2>
            {Table([t["filedOn"], "Kind", "Points", t["state"]], points.Penalties.Select(p => new[]
            {
                When(p.EstablishedAt, t), E(p.Kind), p.Points.ToString(CultureInfo.InvariantCulture),
                p.RevokedAt is null ? Badge("active", "warn") : Badge("revoked", "ok"),
            }), t, "penalties")}
            <h2>{E(t["sanctions"])}</h2>
            {Table(["Kind", "Start", "End", t["state"]], points.Sanctions.Select(s => new[]
            {
                E(s.Kind), When(s.StartsAt, t), s.EndsAt is { } e ? When(e, t) : "—", s.InEffect ? Badge("in effect", "bad") : Badge("—", ""),
            }), t, "sanctions")}
            """;
        return Page(context, t, t["points"], body);
    }

    public static string StatusBadge(ComplaintStatus status) => status switch
    {
        ComplaintStatus.Established or ComplaintStatus.PenaltyStands or ComplaintStatus.AppealRejected => Badge(status.ToString(), "bad"),
        ComplaintStatus.AppealUpheld or ComplaintStatus.Rejected or ComplaintStatus.Withdrawn => Badge(status.ToString(), "ok"),
        _ => Badge(status.ToString(), "warn"),
    };

    internal static MemberId Me(this ClaimsPrincipal user) => user.MemberId();
}
