using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using NodaTime;
using Originality.Server.Security;

namespace Originality.Server.Pages;

/// <summary>
/// Small helpers for server-rendered HTML. Every value that came from outside goes through
/// <see cref="E"/>; only literal markup is written raw.
/// </summary>
public static class Html
{
    // Chinese text stays readable in the page source instead of becoming numeric references.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string E(string? text) => Encoder.Encode(text ?? "");

    public static string When(Instant instant, Texts t) => $"{E(PageWords.BeijingText(instant))} <small class=\"muted\">({E(t["beijing"])})</small>";

    /// <summary>A countdown rendered on the server (the page is fresh on every load).</summary>
    public static string Countdown(Instant deadline, Instant now, Texts t)
    {
        var left = deadline - now;
        if (left <= Duration.Zero)
        {
            return t.IsChinese ? "已截止" : "closed";
        }
        var days = (int)left.TotalDays;
        var hours = left.Hours;
        var minutes = left.Minutes;
        var text = t.IsChinese
            ? $"{days} 天 {hours} 小时 {minutes} 分"
            : $"{days} d {hours} h {minutes} min";
        return $"<span class=\"countdown\" data-deadline=\"{E(deadline.ToString())}\">{E(text)}</span>";
    }

    public static string Csrf(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    public static IResult Page(HttpContext context, Texts t, string title, string body, int status = 200)
    {
        var user = context.User;
        var role = user.Identity?.IsAuthenticated == true ? user.Role() : null;
        var nav = new StringBuilder();
        foreach (var (href, key) in Originality.Server.Components.PageMenu.For(role))
        {
            var count = Originality.Server.Components.AttentionCounts.Of(context).TryGetValue(key, out var n)
                ? $" <span class=\"count\" title=\"{E(t["needsAttention"])}\">{n}</span>"
                : "";
            nav.Append(CultureInfo.InvariantCulture, $"<a href=\"{href}\">{E(t[key])}{count}</a>");
        }
        // After a form post the current URL only answers POST; switch language on the home page instead.
        var path = HttpMethods.IsGet(context.Request.Method) ? context.Request.Path.Value ?? "/" : "/";
        var other = t.IsChinese ? "en" : "zh";
        var otherLabel = t.IsChinese ? "English" : "中文";
        var account = role is null
            ? $"<a href=\"/login\">{E(t["login"])}</a>"
            : $"<span class=\"who\">{E(user.DisplayName())} · {E(t[role])}</span><form method=\"post\" action=\"/logout\" class=\"inline\">{Csrf(context)}<button class=\"link\" type=\"submit\">{E(t["logout"])}</button></form>";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="{{(t.IsChinese ? "zh-CN" : "en")}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · {{E(t["app"])}}</title>
            <link rel="stylesheet" href="{{Originality.Server.Components.PageAssets.Url("pages.css")}}">
            <script src="{{Originality.Server.Components.PageAssets.Url("pages.js")}}" defer></script>
            </head>
            <body>
            <header>
              <a class="brand" href="/">{{E(t["app"])}}</a>
              <nav>{{nav}}</nav>
              <div class="account"><a id="lang-switch" href="{{E(path)}}?lang={{other}}">{{otherLabel}}</a> {{account}}</div>
            </header>
            <main>
            <h1>{{E(title)}}</h1>
            {{body}}
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows, Texts t, string? id = null)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return $"<p class=\"muted\">{E(t["none"])}</p>";
        }
        var sb = new StringBuilder();
        sb.Append(id is null ? "<table>" : $"<table id=\"{E(id)}\">");
        sb.Append("<thead><tr>");
        foreach (var h in headers)
        {
            sb.Append("<th>").Append(E(h)).Append("</th>");
        }
        sb.Append("</tr></thead><tbody>");
        foreach (var row in list)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                // Cells are already-encoded HTML fragments.
                sb.Append("<td>").Append(cell).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    public static string Badge(string text, string kind) => $"<span class=\"badge {E(kind)}\">{E(text)}</span>";

}
