using System.Globalization;
using NodaTime;
using Originality.Domain.Complaints;
using Originality.Server.Api;
using Originality.Server.Application;
using Originality.Server.Security;
using Originality.Storage;
using static Originality.Server.Pages.Html;

namespace Originality.Server.Pages;

/// <summary>The reviewer console: queues by deadline, the case with its evidence, decisions.</summary>
public static class ReviewerPages
{
    public static IEndpointRouteBuilder MapReviewerPages(this IEndpointRouteBuilder app)
    {
        var pages = app.PagesFor("/reviewer", Policies.Staff);
        pages.MapGet("/", Queue);
        pages.MapGet("/cases/{id}", Case);
        pages.MapPost("/cases/{id}/acceptance", Accept);
        pages.MapPost("/cases/{id}/appeal-decision", DecideAppeal);
        return app;
    }

    private static async Task<IResult> Queue(HttpContext context, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var now = clock.GetCurrentInstant();
        var (awaiting, appeals) = await store.InSessionAsync(async s => (
            await s.Complaints.ListByStatusAsync(ComplaintStatus.AwaitingAcceptance, 500, cancellationToken).ConfigureAwait(false),
            await s.Complaints.ListByStatusAsync(ComplaintStatus.AppealPending, 500, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        var references = await ComplaintReference.OfAsync(store, awaiting.Concat(appeals), cancellationToken).ConfigureAwait(false);
        string Rows(IEnumerable<Complaint> list, string id) => Table([t["case"], t["listing"], t["category"], t["deadline"], t["remaining"]],
            list.Where(c => c.NextDeadline is not null).OrderBy(c => c.NextDeadline!.DueAt).Select(c => new[]
            {
                $"<a href=\"/reviewer/cases/{c.Id}\" class=\"case-ref\">{E(ComplaintReference.Of(references, c.Id))}</a>",
                E(string.Join(", ", c.State.Listings.Select(l => l.Value))), E(CategoryName(c.State.Category.Code, t)),
                When(c.NextDeadline!.DueAt, t), Countdown(c.NextDeadline.DueAt, now, t),
            }), t, id);
        var body = $"""
            <p class="muted">{E(t["now"])}: {When(now, t)}</p>
            <h2>{E(t["acceptance"])}</h2>
            {Rows(awaiting, "queue-acceptance")}
            <h2>{E(t["appealQueue"])}</h2>
            {Rows(appeals, "queue-appeals")}
            """;
        return Page(context, t, t["queue"], body);
    }

    private static Task<IResult> Case(string id, HttpContext context, ComplaintService complaints, OriginalityStore store, ListingStore listings, IClock clock, CancellationToken cancellationToken) =>
        CasePage(id, context, complaints, store, listings, clock, null, null, StatusCodes.Status200OK, cancellationToken);

    private static async Task<IResult> CasePage(
        string id, HttpContext context, ComplaintService complaints, OriginalityStore store, ListingStore listings, IClock clock,
        string? error, string? reason, int status, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        // A case is reached by its id or by its short reference (CP-000123).
        var complaint = ComplaintReference.TryParse(id, out var number)
            ? await store.InSessionAsync(s => s.Complaints.FindByNumberAsync(number, cancellationToken), cancellationToken).ConfigureAwait(false)
            : await complaints.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (complaint is null)
        {
            return Page(context, t, t["notFound"], "", 404);
        }
        id = complaint.Id.ToString();
        var reference = ComplaintReference.Of(await ComplaintReference.OfAsync(store, [complaint], cancellationToken).ConfigureAwait(false), complaint.Id);
        var now = clock.GetCurrentInstant();
        var s = complaint.State;
        var evidence = new System.Text.StringBuilder();
        var matches = await listings.MatchesAsync(s.Respondent, s.Complainant, null, cancellationToken).ConfigureAwait(false);
        foreach (var filingId in s.Pictures)
        {
            var filing = await store.InSessionAsync(x => x.Filings.GetAsync(filingId, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (filing is null)
            {
                continue;
            }
            var e = filing.State.Evidence;
            evidence.Append(CultureInfo.InvariantCulture, $"""
                <div class="card evidence">
                  <p>{E(t["filedAt"])}: {When(e.FiledAt, t)} · UTC {E(e.FiledAt.ToString())} · {E(t["sha256"])} <code>{E(e.ContentSha256)}</code>
                     · <a href="/api/certificates/{filing.Id}/page">{E(t["certificate"])}</a></p>
                """);
            foreach (var m in matches.Where(m => m.FilingId == filing.Id.ToString()))
            {
                var n = ListingEndpoints.ToNotice(m, await listings.GetAsync(m.ListingId, cancellationToken).ConfigureAwait(false));
                var picture = await listings.GetPictureAsync(m.PictureId, cancellationToken).ConfigureAwait(false);
                evidence.Append(CultureInfo.InvariantCulture, $"<p>{E(t["listing"])} <strong>{E(n.ListingId)}</strong> · {E(SellerPages.WhichPicture(picture, t))} · {E(t["score"])}: <strong>{n.Score:P0}</strong> (distance {n.Distance})</p>")
                    .Append(SellerPages.SideBySide(t, t["certifiedPicture"], n.OriginalImageUrl, n.OriginalRegion, t["suspectPicture"], n.SuspectImageUrl, n.SuspectRegion, n.HeatMapUrl));
            }
            evidence.Append("</div>");
        }
        var decision = complaint.Status switch
        {
            ComplaintStatus.AwaitingAcceptance => $"""
                <form class="card" method="post" action="/reviewer/cases/{E(id)}/acceptance" id="acceptance-form" {Confirm(t, "confirmDecision")}>
                  {Csrf(context)}
                  <label for="reason">{E(t["reasonText"])}</label>
                  <textarea id="reason" name="reason" rows="3" required>{E(reason)}</textarea>
                  <div>
                    <button type="submit" name="decision" value="establish" id="establish">{E(t["accept"])}</button>
                    <button type="submit" name="decision" value="reject" class="secondary" id="reject">{E(t["reject"])}</button>
                  </div>
                </form>
                """,
            ComplaintStatus.AppealPending => $"""
                <form class="card" method="post" action="/reviewer/cases/{E(id)}/appeal-decision" id="appeal-form" {Confirm(t, "confirmDecision")}>
                  {Csrf(context)}
                  <label for="reason">{E(t["reasonText"])}</label>
                  <textarea id="reason" name="reason" rows="3" required>{E(reason)}</textarea>
                  <div>
                    <button type="submit" name="upheld" value="true" id="uphold">{E(t["uphold"])}</button>
                    <button type="submit" name="upheld" value="false" class="secondary" id="dismiss">{E(t["dismiss"])}</button>
                  </div>
                </form>
                """,
            _ => "",
        };
        var history = s.DecidedAt is null && s.Appeals.Count == 0
            ? ""
            : $"<div class=\"card\" id=\"decided\"><h2>{E(t["history"])}</h2>{SellerPages.DecisionHistory(s, t, withStatements: true)}</div>";
        var body = $"""
            {ErrorBox(error)}
            <p>{E(t["state"])}: <span id="case-status" data-status="{complaint.Status}">{SellerPages.StatusBadge(complaint.Status, t)}</span> · {E(t["category"])}: {E(CategoryName(s.Category.Code, t))} · {E(t["filedOn"])}: {When(s.FiledAt, t)}</p>
            <p>{SellerPages.DeadlineText(complaint.NextDeadline, now, t)}</p>
            {history}
            <h2>{E(t["evidence"])}</h2>
            {evidence}
            {decision}
            """;
        return Page(context, t, t["case"] + " " + reference, body, status);
    }

    private static async Task<IResult> Accept(string id, HttpContext context, IFormCollection form, ComplaintService complaints, OriginalityStore store, ListingStore listings, IClock clock, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var reason = form["reason"].ToString();
        if (string.IsNullOrWhiteSpace(reason))
        {
            return await CasePage(id, context, complaints, store, listings, clock, t["reasonRequired"], reason, StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }
        var result = await complaints.DecideAcceptanceAsync(id, ComplaintEndpoints.StaffActor(context.User),
            new ComplaintService.AcceptanceRequest(form["decision"].ToString(), reason, null), cancellationToken).ConfigureAwait(false);
        return await AfterDecisionAsync(id, result, reason, context, complaints, store, listings, clock, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> DecideAppeal(string id, HttpContext context, IFormCollection form, ComplaintService complaints, OriginalityStore store, ListingStore listings, IClock clock, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var reason = form["reason"].ToString();
        if (string.IsNullOrWhiteSpace(reason))
        {
            return await CasePage(id, context, complaints, store, listings, clock, t["reasonRequired"], reason, StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }
        var upheld = form["upheld"].ToString() switch { "true" => true, "false" => (bool?)false, _ => null };
        var result = await complaints.DecideAppealAsync(id, ComplaintEndpoints.StaffActor(context.User),
            new ComplaintService.AppealDecisionRequest(upheld, reason), cancellationToken).ConfigureAwait(false);
        return await AfterDecisionAsync(id, result, reason, context, complaints, store, listings, clock, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A decision that went through goes back to the case; a refused one shows why on the case, the reason kept.</summary>
    private static async Task<IResult> AfterDecisionAsync(
        string id, ComplaintResult result, string reason, HttpContext context, ComplaintService complaints, OriginalityStore store, ListingStore listings, IClock clock, CancellationToken cancellationToken)
    {
        if (result.Refusal is null && result.Errors is null && !result.NotFound)
        {
            return Results.Redirect($"/reviewer/cases/{id}");
        }
        if (result.NotFound)
        {
            var t = Texts.For(context);
            return Page(context, t, t["notFound"], "", 404);
        }
        return await CasePage(id, context, complaints, store, listings, clock, SellerPages.ResultMessage(result, Texts.For(context)), reason,
            result.Refusal is null ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false);
    }
}
