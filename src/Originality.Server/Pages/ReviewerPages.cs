using System.Globalization;
using NodaTime;
using Originality.Domain.Complaints;
using Originality.Server.Api;
using Originality.Server.Application;
using Originality.Server.Reviewing;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Pages;

/// <summary>The reviewer console's files (its pages are Razor components: Components/Reviewer).</summary>
public static class ReviewerPages
{
    public static IEndpointRouteBuilder MapReviewerPages(this IEndpointRouteBuilder app)
    {
        var pages = app.PagesFor("/reviewer", Policies.Staff);
        // The case page is a Razor component (Components/Reviewer/CasePage.razor).
        pages.MapGet("/matches/{id}/overlay", Overlay);
        return app;
    }

    /// <summary>The server's blended overlay of a match (original, outlined suspect, both blended), computed once and kept.</summary>
    private static async Task<IResult> Overlay(string id, ListingStore listings, MatchEvidence evidence, CancellationToken cancellationToken)
    {
        var match = await listings.GetMatchAsync(id, cancellationToken).ConfigureAwait(false);
        var png = match is null ? null : await evidence.OverlayAsync(match, cancellationToken).ConfigureAwait(false);
        return png is null ? Results.NotFound() : Results.File(png, "image/png");
    }
}
