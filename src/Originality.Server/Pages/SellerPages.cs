using Originality.Server.Security;
using static Originality.Server.Pages.Html;

namespace Originality.Server.Pages;

/// <summary>The seller portal.</summary>
public static class SellerPages
{
    public static IEndpointRouteBuilder MapSellerPages(this IEndpointRouteBuilder app)
    {
        var pages = app.PagesFor("/seller", Policies.Member);
        pages.MapGet("/", (HttpContext context) =>
        {
            var t = Texts.For(context);
            return Page(context, t, t["seller"], $"<p>{E(t["tagline"])}</p>");
        });
        return app;
    }
}
