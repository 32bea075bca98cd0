using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Originality.Server.Application;
using Originality.Storage;

namespace Originality.Server.Hosting;

/// <summary>
/// <c>/health/live</c> (the process answers: no dependency is checked, so a load balancer never
/// restarts every process because the database blinked) and <c>/health/ready</c> (this process
/// should get traffic: database reachable, schema migrated to this build's version, the picture
/// index replica caught up — with its position and lag in the answer).
/// </summary>
public static class HealthSetup
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddOriginalityHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag])
            .AddCheck<ReplicaReadyCheck>("replica", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapOriginalityHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The report as JSON (status per check, with its data), so an operator and the tests see why.
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}

/// <summary>Ready when the database answers and its schema is at (or, during a rolling upgrade, past) this build's version.</summary>
public sealed class DatabaseReadyCheck(OriginalityStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await store.GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object> { ["schemaVersion"] = version, ["expectedSchemaVersion"] = OriginalityStore.LatestSchemaVersion };
            // Newer than this build is still ready: migrations only add, so an old process keeps
            // serving while a rolling upgrade replaces it (docs/operations.md).
            return version > OriginalityStore.LatestSchemaVersion
                ? HealthCheckResult.Healthy($"The database answers; its schema (version {version}) is newer than this build's, which a rolling upgrade allows.", data)
                : version == OriginalityStore.LatestSchemaVersion
                ? HealthCheckResult.Healthy("The database answers and is migrated.", data)
                : HealthCheckResult.Unhealthy($"The schema is at version {version}; this build needs {OriginalityStore.LatestSchemaVersion}.", data: data);
        }
#pragma warning disable CA1031 // Any failure to reach the database is "not ready", reported, never a 500.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached: " + ex.Message);
        }
    }
}

/// <summary>
/// Ready when the picture index has loaded and trails the change feeds by nothing, or only by
/// changes younger than a few poll intervals (a replica is always a moment behind a busy writer).
/// </summary>
public sealed class ReplicaReadyCheck(PictureIndex index, Microsoft.Extensions.Options.IOptions<ReplicaOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (index.LastCaughtUpAt is not { } caughtUp)
        {
            return HealthCheckResult.Unhealthy("The picture index has not been loaded yet.");
        }
        long behind;
        try
        {
            behind = await index.ChangesBehindAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Reported as not ready, like the database check.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The change feeds cannot be read: " + ex.Message);
        }
        var (filings, pictures) = index.Position;
        var sinceCatchUp = DateTimeOffset.UtcNow - caughtUp;
        var data = new Dictionary<string, object>
        {
            ["filingsPosition"] = filings,
            ["listingPicturesPosition"] = pictures,
            ["changesBehind"] = behind,
            ["lastCatchUpAgoMs"] = (long)sinceCatchUp.TotalMilliseconds,
            ["pictures"] = index.Count,
        };
        var allowed = options.Value.PollInterval * 10;
        return behind == 0 || sinceCatchUp < allowed
            ? HealthCheckResult.Healthy(behind == 0 ? "The picture index is caught up." : $"The picture index trails by {behind} changes, catching up.", data)
            : HealthCheckResult.Unhealthy($"The picture index trails by {behind} changes and last caught up {sinceCatchUp.TotalSeconds:0.0} s ago.", data: data);
    }
}
