using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Authorizations;
using Originality.Domain.Filings;
using Originality.Server.Problems;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Api;

/// <summary>The authorization centre (A-1..A-4): an owner lets another member, by nickname, use certified pictures in one category.</summary>
public static class AuthorizationEndpoints
{
    public sealed record GrantRequest(string? Nickname, string? Category, string[]? Pictures);

    public sealed record AuthorizationResponse(string Id, string Role, string? GranteeNickname, string Category, string[] Pictures, Instant GrantedAt, Instant? RevokedAt);

    public static IEndpointRouteBuilder MapAuthorizations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/authorizations").WithTags("Authorizations").RequireAuthorization(Policies.Member);
        group.MapPost("/", Grant).WithName("GrantAuthorization");
        group.MapGet("/", List).WithName("ListAuthorizations");
        group.MapPost("/{id}/revocation", Revoke).WithName("RevokeAuthorization");
        return app;
    }

    private static AuthorizationResponse ToResponse(Authorization a, MemberId me) =>
        a.State.Grantor == me
            ? new(a.Id.ToString(), "grantor", a.State.GranteeNickname.Value, a.State.Category.Code, [.. a.State.Pictures.Select(p => p.ToString())], a.State.GrantedAt, a.State.RevokedAt)
            : new(a.Id.ToString(), "grantee", null, a.State.Category.Code, [.. a.State.Pictures.Select(p => p.ToString())], a.State.GrantedAt, a.State.RevokedAt);

    private static async Task<Results<Created<AuthorizationResponse>, ProblemHttpResult, ValidationProblem>> Grant(
        GrantRequest request, ClaimsPrincipal user, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Nickname.TryParse(request.Nickname, out var nickname))
        {
            errors["nickname"] = ["The nickname of the member to authorize is required."];
        }
        if (string.IsNullOrWhiteSpace(request.Category))
        {
            errors["category"] = ["An authorization is for one category (A-3)."];
        }
        var pictureIds = new List<FilingId>();
        foreach (var p in request.Pictures ?? [])
        {
            if (Guid.TryParse(p, out var g))
            {
                pictureIds.Add(new FilingId(g));
            }
            else
            {
                errors["pictures"] = [$"'{p}' is not a filing id."];
            }
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var me = user.MemberId();
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var owner = (await session.Members.GetAsync(me, cancellationToken).ConfigureAwait(false))!;
            var grantee = await session.Members.FindByNicknameAsync(nickname, cancellationToken).ConfigureAwait(false);
            var pictures = new List<Filing>();
            foreach (var id in pictureIds)
            {
                var filing = await session.Filings.GetAsync(id, cancellationToken).ConfigureAwait(false);
                if (filing is null || filing.Owner != me)
                {
                    return Problem.Invalid("pictures", $"No filing of yours has the id '{id}'.");
                }
                pictures.Add(filing);
            }
            var granted = Authorization.Grant(AuthorizationId.New(), owner, nickname, grantee, Category.Of(request.Category!), pictures, clock.GetCurrentInstant());
            if (!granted.Succeeded)
            {
                return granted.Refusal!.ToProblem(granted.Detail);
            }
            await session.Authorizations.SaveAsync(granted.Value!, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Created($"/api/authorizations/{granted.Value!.Id}", ToResponse(granted.Value, me));
        }
    }

    private static async Task<Ok<AuthorizationResponse[]>> List(ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken)
    {
        var me = user.MemberId();
        var (granted, received) = await store.InSessionAsync(async s => (
            await s.Authorizations.ListByGrantorAsync(me, cancellationToken).ConfigureAwait(false),
            await s.Authorizations.ListForGranteeAsync(me, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(granted.Concat(received).Select(a => ToResponse(a, me)).ToArray());
    }

    private static async Task<Results<Ok<AuthorizationResponse>, ProblemHttpResult>> Revoke(string id, ClaimsPrincipal user, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var g))
        {
            return Problem.NotFound("authorization");
        }
        var me = user.MemberId();
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var authorization = await session.Authorizations.GetAsync(new AuthorizationId(g), cancellationToken).ConfigureAwait(false);
            if (authorization is null || (authorization.State.Grantor != me && authorization.State.Grantee != me))
            {
                return Problem.NotFound("authorization");
            }
            var revoked = authorization.Revoke(me, clock.GetCurrentInstant());
            if (!revoked.Succeeded)
            {
                return revoked.Refusal!.ToProblem(revoked.Detail);
            }
            await session.Authorizations.SaveAsync(authorization, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(ToResponse(authorization, me));
        }
    }
}
