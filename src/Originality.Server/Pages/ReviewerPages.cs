using Originality.Server.Security;
using static Originality.Server.Pages.Html;

namespace Originality.Server.Pages;

/// <summary>The reviewer console.</summary>
public static class ReviewerPages
{
    public static IEndpointRouteBuilder MapReviewerPages(this IEndpointRouteBuilder app)
    {
        var pages = app.PagesFor("/reviewer", Policies.Staff);
        pages.MapGet("/", (HttpContext context) =>
        {
            var t = Texts.For(context);
            return Page(context, t, t["queue"], "");
        });
        return app;
    }
}
