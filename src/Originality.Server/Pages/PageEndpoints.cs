using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Originality.Server.Components;
using Originality.Server.Hosting;
using Originality.Server.Security;
using static Originality.Server.Pages.Html;

namespace Originality.Server.Pages;

/// <summary>The server-rendered web pages for sellers, reviewers and the operator.</summary>
public static class PageEndpoints
{
    public static IEndpointRouteBuilder MapOriginalityPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Home).ExcludeFromDescription();
        app.MapGet("/login", LoginForm).ExcludeFromDescription().AllowAnonymous();
        app.MapPost("/login", Login).ExcludeFromDescription().AllowAnonymous();
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

    private static IResult LoginForm(HttpContext context, string? error = null)
    {
        var t = Texts.For(context);
        var message = error is null ? "" : $"<p class=\"error\" id=\"login-error\">{E(t["loginFailed"])}</p>";
        var body = $"""
            <form class="card" method="post" action="/login" id="login-form">
              {Csrf(context)}
              <p class="muted">{E(t["loginHelp"])}</p>
              {message}
              <label for="apiKey">{E(t["apiKey"])}</label>
              <input type="password" id="apiKey" name="apiKey" autocomplete="off" required>
              <div><button type="submit">{E(t["login"])}</button></div>
            </form>
            """;
        return Page(context, t, t["login"], body, error is null ? 200 : 401);
    }

    private static async Task<IResult> Login(
        HttpContext context, IFormCollection form, IOptions<SecurityOptions> security, CredentialStore credentials)
    {
        var key = form["apiKey"].ToString().Trim();
        var principal = await ApiKeyAuthenticationHandler.ResolveAsync(key, security.Value, credentials, context.RequestAborted).ConfigureAwait(false);
        if (principal is null)
        {
            return LoginForm(context, "failed");
        }
        await context.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            ApiKeyAuthenticationHandler.ToClaimsPrincipal(principal, CookieAuthenticationDefaults.AuthenticationScheme)).ConfigureAwait(false);
        return Results.Redirect("/");
    }

    private static async Task<IResult> Logout(HttpContext context, IFormCollection form)
    {
        _ = form;
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        return Results.Redirect("/login");
    }

    /// <summary>Pages of one role: signed in with a cookie, redirected to the login page otherwise.</summary>
    public static RouteGroupBuilder PagesFor(this IEndpointRouteBuilder app, string prefix, string policy) =>
        (RouteGroupBuilder)app.MapGroup(prefix).ExcludeFromDescription().RequireAuthorization(policy);

    internal static ClaimsPrincipal Me(this HttpContext context) => context.User;
}
