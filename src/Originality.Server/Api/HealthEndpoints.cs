using Microsoft.AspNetCore.Http.HttpResults;

namespace Originality.Server.Api;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new HealthResponse("ok")))
            .WithName("Health").WithTags("Host").AllowAnonymous();
        return app;
    }

    public sealed record HealthResponse(string Status);

    internal static Ok<HealthResponse> Ok() => TypedResults.Ok(new HealthResponse("ok"));
}
