using System.Globalization;
using System.Text;
using NodaTime;
using Originality.Domain.Violations;
using Originality.Server.Api;
using Originality.Server.Hosting;
using Originality.Server.Pages;
using Originality.Server.Security;
using static Originality.Server.Violations.ViolationWords;

namespace Originality.Server.Violations;

/// <summary>
/// The files of a recovery application for the reviewers' review page (V-8); the seller's and the
/// reviewers' violation pages themselves are Razor components (Components/Seller, Components/Reviewer).
/// </summary>
public static class ViolationPages
{
    public static IEndpointRouteBuilder MapViolationPages(this IEndpointRouteBuilder app)
    {
        // The recovery queue and each application's review are Razor components (Components/Reviewer);
        // the materials they show are read here.
        var reviewer = app.PagesFor("/reviewer", Policies.Staff);
        reviewer.MapGet("/recovery/{id}/files/{sha}", MaterialFile);
        return app;
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
