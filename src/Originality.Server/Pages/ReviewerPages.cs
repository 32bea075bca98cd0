using System.Globalization;
using NodaTime;
using Originality.Domain.Complaints;
using Originality.Server.Api;
using Originality.Server.Application;
using Originality.Server.Reviewing;
using Originality.Server.Security;
using Originality.Storage;
using static Originality.Server.Pages.Html;

namespace Originality.Server.Pages;

/// <summary>The reviewer console: queues by deadline (the case page is a Razor component).</summary>
public static class ReviewerPages
{
    public static IEndpointRouteBuilder MapReviewerPages(this IEndpointRouteBuilder app)
    {
        var pages = app.PagesFor("/reviewer", Policies.Staff);
        pages.MapGet("/", Queue);
        // The case page is a Razor component (Components/Reviewer/CasePage.razor).
        pages.MapGet("/matches/{id}/overlay", Overlay);
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

    /// <summary>The server's blended overlay of a match (original, outlined suspect, both blended), computed once and kept.</summary>
    private static async Task<IResult> Overlay(string id, ListingStore listings, MatchEvidence evidence, CancellationToken cancellationToken)
    {
        var match = await listings.GetMatchAsync(id, cancellationToken).ConfigureAwait(false);
        var png = match is null ? null : await evidence.OverlayAsync(match, cancellationToken).ConfigureAwait(false);
        return png is null ? Results.NotFound() : Results.File(png, "image/png");
    }
}
