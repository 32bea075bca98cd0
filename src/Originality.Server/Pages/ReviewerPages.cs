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
        string Rows(IEnumerable<Complaint> list, string id) => Table([t["case"], t["listing"], t["category"], t["deadline"], t["remaining"]],
            list.Where(c => c.NextDeadline is not null).OrderBy(c => c.NextDeadline!.DueAt).Select(c => new[]
            {
                $"<a href=\"/reviewer/cases/{c.Id}\">{E(c.Id.ToString()[..8])}</a>",
                E(string.Join(", ", c.State.Listings.Select(l => l.Value))), E(c.State.Category.Code),
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

    private static async Task<IResult> Case(string id, HttpContext context, ComplaintService complaints, OriginalityStore store, ListingStore listings, IClock clock, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var complaint = await complaints.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (complaint is null)
        {
            return Page(context, t, t["notFound"], "", 404);
        }
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
                evidence.Append(CultureInfo.InvariantCulture, $"<p>{E(t["listing"])} <strong>{E(n.ListingId)}</strong> · {E(t["score"])}: <strong>{n.Score:P0}</strong> (distance {n.Distance})</p>")
                    .Append(SellerPages.SideBySide(t, t["certifiedPicture"], n.OriginalImageUrl, n.OriginalRegion, t["suspectPicture"], n.SuspectImageUrl, n.SuspectRegion, n.HeatMapUrl));
            }
            evidence.Append("</div>");
        }
        var decision = complaint.Status switch
        {
            ComplaintStatus.AwaitingAcceptance => $"""
                <form class="card" method="post" action="/reviewer/cases/{E(id)}/acceptance" id="acceptance-form">
                  {Csrf(context)}
                  <label for="reason">{E(t["reasonText"])}</label>
                  <textarea id="reason" name="reason" rows="3" required></textarea>
                  <div>
                    <button type="submit" name="decision" value="establish" id="establish">{E(t["accept"])}</button>
                    <button type="submit" name="decision" value="reject" class="secondary" id="reject">{E(t["reject"])}</button>
                  </div>
                </form>
                """,
            ComplaintStatus.AppealPending => $"""
                <div class="card"><p>{E(t["appeal"])}: {E(s.Appeals[^1].Statement)}</p></div>
                <form class="card" method="post" action="/reviewer/cases/{E(id)}/appeal-decision" id="appeal-form">
                  {Csrf(context)}
                  <label for="reason">{E(t["reasonText"])}</label>
                  <textarea id="reason" name="reason" rows="3" required></textarea>
                  <div>
                    <button type="submit" name="upheld" value="true" id="uphold">{E(t["uphold"])}</button>
                    <button type="submit" name="upheld" value="false" class="secondary" id="dismiss">{E(t["dismiss"])}</button>
                  </div>
                </form>
                """,
            _ => $"<p class=\"card\" id=\"decided\">{E(t["decided"])}: {E(s.DecisionReason)}</p>",
        };
        var deadline = complaint.NextDeadline is { } d ? $"{E(t["deadline"])}: {When(d.DueAt, t)} · {Countdown(d.DueAt, now, t)} ({E(d.RuleId)})" : "";
        var body = $"""
            <p>{E(t["state"])}: <span id="case-status">{SellerPages.StatusBadge(complaint.Status)}</span> · {E(t["category"])}: {E(s.Category.Code)} · {E(t["filedOn"])}: {When(s.FiledAt, t)}</p>
            <p>{deadline}</p>
            <h2>{E(t["evidence"])}</h2>
            {evidence}
            {decision}
            """;
        return Page(context, t, t["case"] + " " + id[..8], body);
    }

    private static async Task<IResult> Accept(string id, HttpContext context, IFormCollection form, ComplaintService complaints, CancellationToken cancellationToken)
    {
        await complaints.DecideAcceptanceAsync(id, ComplaintEndpoints.StaffActor(context.User),
            new ComplaintService.AcceptanceRequest(form["decision"].ToString(), form["reason"].ToString(), null), cancellationToken).ConfigureAwait(false);
        return Results.Redirect($"/reviewer/cases/{id}");
    }

    private static async Task<IResult> DecideAppeal(string id, HttpContext context, IFormCollection form, ComplaintService complaints, CancellationToken cancellationToken)
    {
        await complaints.DecideAppealAsync(id, ComplaintEndpoints.StaffActor(context.User),
            new ComplaintService.AppealDecisionRequest(form["upheld"].ToString() == "true", form["reason"].ToString()), cancellationToken).ConfigureAwait(false);
        return Results.Redirect($"/reviewer/cases/{id}");
    }
}
