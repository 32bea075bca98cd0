using Originality.Server.Security;

namespace Originality.Server.Components;

/// <summary>Each role's menu: the same links on the string-built pages and on the Razor components.</summary>
public static class PageMenu
{
    public static IReadOnlyList<(string Href, string Key)> For(string? role) => role switch
    {
        Roles.Member =>
        [
            ("/seller", "home"), ("/seller/folders", "folders"), ("/seller/certificates", "certificates"), ("/seller/warnings", "warnings"),
            ("/seller/complaints", "complaints"), ("/seller/authorizations", "authorizations"), ("/seller/points", "points"), ("/seller/violations", "violations"),
        ],
        Roles.Reviewer => [("/reviewer", "queue"), ("/reviewer/recovery", "recovery")],
        Roles.Operator => [("/operator", "home"), ("/reviewer", "queue"), ("/reviewer/recovery", "recovery")],
        _ => [],
    };
}
