using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Members;
using Originality.Server.Application;
using Originality.Server.Problems;
using Originality.Server.Security;

namespace Originality.Server.Api;

/// <summary>Members (sellers) and their store data; the operator registers them and hands out their keys.</summary>
public static class MemberEndpoints
{
    public sealed record MemberResponse(
        string Id, string Nickname, string StoreId, int StoreLevel, string[] Categories, string Marketplace,
        Instant RegisteredAt, bool ServiceEnded);

    public sealed record RegisteredMemberResponse(MemberResponse Member, string ApiKey);

    public sealed record KeyResponse(string ApiKey);

    public static MemberResponse ToResponse(this Member member)
    {
        var s = member.State;
        return new(s.Id.ToString(), s.Nickname.Value, s.StoreId.Value, (int)s.Level, [.. s.Categories.Select(c => c.Code)],
            s.Marketplace.Value, s.RegisteredAt, member.ServiceEnded);
    }

    public static IEndpointRouteBuilder MapMembers(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("/members").WithTags("Members");
        members.MapPost("/", Register).WithName("RegisterMember").RequireAuthorization(Policies.Operator);
        members.MapGet("/", List).WithName("ListMembers").RequireAuthorization(Policies.Staff);
        members.MapGet("/me", Me).WithName("GetMyMember").RequireAuthorization(Policies.Member);
        members.MapGet("/{id}", Get).WithName("GetMember").RequireAuthorization();
        members.MapPost("/{id}/keys", RotateKey).WithName("RotateMemberKey").RequireAuthorization(Policies.Operator);
        return app;
    }

    private static async Task<Results<Created<RegisteredMemberResponse>, ValidationProblem>> Register(
        MemberDirectory.Registration request, MemberDirectory directory, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (member, key, errors) = await directory.RegisterAsync(request, Actor.Operator(user.Subject()), cancellationToken).ConfigureAwait(false);
        if (member is null)
        {
            return Problem.Invalid(errors);
        }
        return TypedResults.Created($"/api/members/{member.Id}", new RegisteredMemberResponse(member.ToResponse(), key!));
    }

    private static async Task<Ok<MemberResponse[]>> List(MemberDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok((await directory.ListAsync(cancellationToken).ConfigureAwait(false)).Select(m => m.ToResponse()).ToArray());

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> Me(MemberDirectory directory, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await directory.GetAsync(user.Subject(), cancellationToken).ConfigureAwait(false) is { } member
            ? TypedResults.Ok(member.ToResponse())
            : Problem.NotFound("member");

    // A member may read only itself; staff read anyone. Anything else is "not found", never "forbidden".
    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> Get(
        string id, MemberDirectory directory, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Role() == Roles.Member && !string.Equals(user.Subject(), id, StringComparison.OrdinalIgnoreCase))
        {
            return Problem.NotFound("member");
        }
        return await directory.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } member
            ? TypedResults.Ok(member.ToResponse())
            : Problem.NotFound("member");
    }

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> RotateKey(string id, MemberDirectory directory, CancellationToken cancellationToken)
    {
        if (await directory.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } member)
        {
            return Problem.NotFound("member");
        }
        return TypedResults.Ok(new KeyResponse(await directory.RotateKeyAsync(member, cancellationToken).ConfigureAwait(false)));
    }
}
