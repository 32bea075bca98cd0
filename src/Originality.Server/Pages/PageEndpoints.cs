using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Originality.Server.Components;
using Originality.Server.Hosting;
using Originality.Server.Security;

namespace Originality.Server.Pages;

/// <summary>The server-rendered web pages for sellers, reviewers and the operator.</summary>
public static class PageEndpoints
{
    public static IEndpointRouteBuilder MapOriginalityPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Home).ExcludeFromDescription();
        // The login page is a Razor component (Components/Account/LoginPage.razor).
        app.MapPost("/logout", Logout).ExcludeFromDescription();
        app.MapSellerPages();
        app.MapReviewerPages();
        Originality.Server.Violations.ViolationPages.MapViolationPages(app);
        // The pages already moved to Razor components (Components/), beside the ones still built from strings.
        app.MapPageAssets();
        app.MapRazorComponents<App>();
        return app;
    }

    private static IResult Home(HttpContext context) => context.User.Role() switch
    {
        Roles.Member => Results.Redirect("/seller"),
        Roles.Reviewer => Results.Redirect("/reviewer"),
        Roles.Operator => Results.Redirect("/operator"),
        _ => Results.Redirect("/login"),
    };

    private static async Task<IResult> Logout(HttpContext context, IFormCollection form)
    {
        _ = form;
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        return Results.Redirect("/login");
    }

    /// <summary>A page's files and script endpoints of one role: signed in with a cookie, redirected to the login page otherwise.</summary>
    public static RouteGroupBuilder PagesFor(this IEndpointRouteBuilder app, string prefix, string policy)
    {
        return app.MapGroup(prefix).ExcludeFromDescription().RequireAuthorization(policy);
    }

    internal static ClaimsPrincipal Me(this HttpContext context) => context.User;
}
