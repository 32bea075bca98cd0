using System.Diagnostics.Metrics;
using Dapper;
using NodaTime;
using OpenTelemetry.Metrics;
using Originality.Server.Application;

namespace Originality.Server.Hosting;

/// <summary>
/// The service's own instruments (meter <c>Originality.Server</c>), beside ASP.NET Core's request
/// rate and latency per route: detector lookup time, index size, replica lag, deadline and outbox
/// backlogs, webhook failures. Backlogs and lag need the database, so <see cref="MetricsSampler"/>
/// samples them every few seconds and the gauges report the last sample (a scrape never waits
/// for a query).
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "Originality.Server";

    private readonly Meter _meter;
    private long _changesBehind;
    private long _deadlineBacklog;
    private long _outboxBacklog;
    private long _pictures;
    private double _catchUpAge;

    public ServerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        DetectorLookup = _meter.CreateHistogram<double>("originality.detector.lookup.duration", "s", "Time of one copy-detector lookup (candidates and verification).");
        FilingStage = _meter.CreateHistogram<double>("originality.filing.stage.duration", "s",
            "Time of one stage of filing one picture (tag stage: decode, duplicate-check, analysis, detection, original, detection-record, decision-lock (waiting for F-5's turn, in this process and then in the database), decision-catch-up (the replica brought up to date under it), commit (the decision made again with the newcomers, and the commit), index, evidence).");
        WebhookFailures = _meter.CreateCounter<long>("originality.webhooks.failures", description: "Webhook deliveries that failed (each is retried later).");
        _meter.CreateObservableGauge("originality.index.pictures", () => Volatile.Read(ref _pictures), description: "Pictures in this process's index replica.");
        _meter.CreateObservableGauge("originality.replica.changes_behind", () => Volatile.Read(ref _changesBehind), description: "Filing and listing-picture changes committed but not yet in this replica.");
        _meter.CreateObservableGauge("originality.replica.catch_up_age", () => Volatile.Read(ref _catchUpAge), "s", "Time since the replica last finished reading the change feeds.");
        _meter.CreateObservableGauge("originality.deadlines.backlog", () => Volatile.Read(ref _deadlineBacklog), description: "Deadline jobs due and not yet done.");
        _meter.CreateObservableGauge("originality.outbox.backlog", () => Volatile.Read(ref _outboxBacklog), description: "Events waiting for delivery.");
    }

    public Histogram<double> DetectorLookup { get; }

    public Counter<long> WebhookFailures { get; }

    /// <summary>Where an upload's time goes, per stage: what an operator looks at when uploads slow down.</summary>
    public Histogram<double> FilingStage { get; }

    internal void Sampled(long pictures, long changesBehind, double catchUpAge, long deadlineBacklog, long outboxBacklog)
    {
        Volatile.Write(ref _pictures, pictures);
        Volatile.Write(ref _changesBehind, changesBehind);
        Volatile.Write(ref _catchUpAge, catchUpAge);
        Volatile.Write(ref _deadlineBacklog, deadlineBacklog);
        Volatile.Write(ref _outboxBacklog, outboxBacklog);
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>Samples the database-backed gauges of <see cref="ServerMetrics"/> every 5 seconds.</summary>
public sealed class MetricsSampler(ServerMetrics metrics, PictureIndex index, ServerDatabase database, IClock clock, ILogger<MetricsSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        do
        {
            try
            {
                var behind = index.LastCaughtUpAt is null ? 0 : await index.ChangesBehindAsync(stoppingToken).ConfigureAwait(false);
                var now = clock.GetCurrentInstant().ToUnixTimeTicks();
                await using var connection = await database.OpenAsync(stoppingToken).ConfigureAwait(false);
                var deadlines = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM scheduled_jobs WHERE state IN ('pending', 'claimed') AND due_at <= @now", new { now }, cancellationToken: stoppingToken)).ConfigureAwait(false);
                var outbox = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM outbox_events WHERE state IN ('pending', 'claimed')", cancellationToken: stoppingToken)).ConfigureAwait(false);
                var age = index.LastCaughtUpAt is { } at ? (DateTimeOffset.UtcNow - at).TotalSeconds : 0;
                metrics.Sampled(index.Count, behind, age, deadlines, outbox);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed sample keeps the previous values; the database's health is /health/ready's job.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogDebug(ex, "Sampling the metrics failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

/// <summary>OpenTelemetry metrics with a Prometheus scrape endpoint at <c>/metrics</c>.</summary>
public static class MetricsSetup
{
    public static IServiceCollection AddOriginalityMetrics(this IServiceCollection services)
    {
        services.AddSingleton<ServerMetrics>();
        services.AddHostedService<MetricsSampler>();
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServerMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapOriginalityMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
