using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Authorizations;
using Originality.Domain.Filings;
using Originality.Server.Application;
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
        GrantRequest request, ClaimsPrincipal user, AuthorizationService authorizations, CancellationToken cancellationToken)
    {
        var me = user.MemberId();
        var result = await authorizations.GrantAsync(me, request.Nickname, request.Category, request.Pictures, cancellationToken).ConfigureAwait(false);
        if (result.Errors is { } errors)
        {
            return Problem.Invalid(errors);
        }
        if (result.Refusal is { } refusal)
        {
            return refusal.ToProblem(result.Detail);
        }
        return TypedResults.Created($"/api/authorizations/{result.Authorization!.Id}", ToResponse(result.Authorization, me));
    }

    private static async Task<Ok<AuthorizationResponse[]>> List(ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken)
    {
        var me = user.MemberId();
        var (granted, received) = await store.InSessionAsync(async s => (
            await s.Authorizations.ListByGrantorAsync(me, cancellationToken).ConfigureAwait(false),
            await s.Authorizations.ListForGranteeAsync(me, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(granted.Concat(received).Select(a => ToResponse(a, me)).ToArray());
    }

    private static async Task<Results<Ok<AuthorizationResponse>, ProblemHttpResult>> Revoke(string id, ClaimsPrincipal user, AuthorizationService authorizations, CancellationToken cancellationToken)
    {
        var me = user.MemberId();
        var result = await authorizations.RevokeAsync(me, id, cancellationToken).ConfigureAwait(false);
        if (result.NotFound)
        {
            return Problem.NotFound("authorization");
        }
        if (result.Refusal is { } refusal)
        {
            return refusal.ToProblem(result.Detail);
        }
        return TypedResults.Ok(ToResponse(result.Authorization!, me));
    }
}
