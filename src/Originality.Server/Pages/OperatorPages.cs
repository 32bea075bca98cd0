using Originality.Server.Security;
using static Originality.Server.Pages.Html;

namespace Originality.Server.Pages;

/// <summary>The operator console.</summary>
public static class OperatorPages
{
    public static IEndpointRouteBuilder MapOperatorPages(this IEndpointRouteBuilder app)
    {
        var pages = app.PagesFor("/operator", Policies.Operator);
        pages.MapGet("/", (HttpContext context) =>
        {
            var t = Texts.For(context);
            return Page(context, t, t["operator"], "");
        });
        return app;
    }
}
