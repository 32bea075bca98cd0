using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Originality.Server.Hosting;

namespace Originality.Server.Security;

/// <summary>Authenticates <c>Authorization: Bearer KEY</c> against the operator key and the issued keys.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<SecurityOptions> security,
    CredentialStore credentials)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var key = header["Bearer ".Length..].Trim();
        var principal = await ResolveAsync(key, security.Value, credentials, Context.RequestAborted).ConfigureAwait(false);
        return principal is null
            ? AuthenticateResult.Fail("Unknown or revoked API key.")
            : AuthenticateResult.Success(new AuthenticationTicket(ToClaimsPrincipal(principal, SchemeName), SchemeName));
    }

    /// <summary>Shared by the bearer scheme and the pages' login form.</summary>
    public static async Task<Principal?> ResolveAsync(string key, SecurityOptions security, CredentialStore credentials, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }
        if (ApiKeys.FixedTimeEquals(key, security.OperatorKey))
        {
            return new Principal(Roles.Operator, Roles.Operator, "Operator");
        }
        return await credentials.FindAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public static ClaimsPrincipal ToClaimsPrincipal(Principal principal, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimNames.Subject, principal.Subject),
                new Claim(ClaimNames.Name, principal.Name),
                new Claim(ClaimTypes.Role, principal.Role),
            ],
            scheme,
            ClaimNames.Name,
            ClaimTypes.Role));
}

/// <summary>Reads who the caller is from the claims the schemes put there.</summary>
public static class ClaimsPrincipalExtensions
{
    public static string Subject(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimNames.Subject) ?? throw new InvalidOperationException("Caller has no subject.");

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimNames.Name) ?? "";

    public static string? Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role);
}

/// <summary>The member behind a member's key.</summary>
public static class MemberClaims
{
    public static Originality.Domain.MemberId MemberId(this ClaimsPrincipal user) =>
        user.Role() == Roles.Member && Guid.TryParse(user.Subject(), out var id)
            ? new Originality.Domain.MemberId(id)
            : throw new Problems.ProblemException(StatusCodes.Status403Forbidden, Problems.ProblemTypes.Forbidden, "Members only");
}
