using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Originality.Server.Problems;
using Originality.Server.Security;

namespace Originality.Server.Api;

/// <summary>Who am I, and the reviewers the operator creates.</summary>
public static class AccountEndpoints
{
    public sealed record MeResponse(string Role, string Id, string Name);

    public sealed record CreateReviewerRequest(string? Name);

    public sealed record ReviewerResponse(string Id, string Name);

    /// <summary>The key is shown once; only its hash is stored.</summary>
    public sealed record IssuedKeyResponse(string Id, string Name, string Role, string ApiKey);

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(user.Role() ?? "", user.Subject(), user.DisplayName())))
            .WithName("Me").WithTags("Accounts").RequireAuthorization();

        var reviewers = app.MapGroup("/reviewers").WithTags("Accounts").RequireAuthorization(Policies.Operator);
        reviewers.MapPost("/", CreateReviewer).WithName("CreateReviewer");
        reviewers.MapGet("/", ListReviewers).WithName("ListReviewers");
        return app;
    }

    private static async Task<Results<Created<IssuedKeyResponse>, ValidationProblem>> CreateReviewer(
        CreateReviewerRequest request, CredentialStore credentials, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            return Problem.Invalid("name", "A name of 1 to 100 characters is required.");
        }
        var id = "rv_" + Guid.NewGuid().ToString("N")[..12];
        var key = await credentials.IssueAsync(new Principal(Roles.Reviewer, id, request.Name.Trim()), cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/reviewers/{id}", new IssuedKeyResponse(id, request.Name.Trim(), Roles.Reviewer, key));
    }

    private static async Task<Ok<ReviewerResponse[]>> ListReviewers(CredentialStore credentials, CancellationToken cancellationToken)
    {
        var all = await credentials.ListAsync(Roles.Reviewer, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(all.Select(p => new ReviewerResponse(p.Subject, p.Name)).ToArray());
    }
}
