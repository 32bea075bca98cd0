using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Originality.Server.Application;
using Originality.Server.Problems;
using Originality.Server.Security;

namespace Originality.Server.Api;

/// <summary>Webhooks the operator registers to receive events (warning issued, complaint accepted, sanction started, …).</summary>
public static class WebhookEndpoints
{
    public sealed record CreateWebhookRequest(string? Url, string? Secret);

    public sealed record WebhookResponse(string Id, string Url, Instant CreatedAt);

    /// <summary>The secret is shown once, at creation.</summary>
    public sealed record CreatedWebhookResponse(string Id, string Url, string Secret, Instant CreatedAt);

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/webhooks").WithTags("Operator").RequireAuthorization(Policies.Operator);
        hooks.MapPost("/", Create).WithName("CreateWebhook");
        hooks.MapGet("/", List).WithName("ListWebhooks");
        hooks.MapDelete("/{id}", Delete).WithName("DeleteWebhook");
        return app;
    }

    private static async Task<Results<Created<CreatedWebhookResponse>, ValidationProblem>> Create(
        CreateWebhookRequest request, WebhookStore store, IClock clock, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return Problem.Invalid("url", "An absolute http(s) URL is required.");
        }
        var secret = string.IsNullOrWhiteSpace(request.Secret) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : request.Secret;
        var webhook = new Webhook("wh_" + Guid.NewGuid().ToString("N")[..12], uri.ToString(), secret, clock.GetCurrentInstant());
        await store.AddAsync(webhook, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/webhooks/{webhook.Id}", new CreatedWebhookResponse(webhook.Id, webhook.Url, secret, webhook.CreatedAt));
    }

    private static async Task<Ok<WebhookResponse[]>> List(WebhookStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken).ConfigureAwait(false)).Select(w => new WebhookResponse(w.Id, w.Url, w.CreatedAt)).ToArray());

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, WebhookStore store, CancellationToken cancellationToken) =>
        await store.RemoveAsync(id, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : Problem.NotFound("webhook");
}
