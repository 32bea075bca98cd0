using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;
using Originality.Server.Hosting;
using Originality.Server.Tests.Infrastructure;
using Originality.Storage;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>What a load balancer and a monitoring system see: health endpoints and the Prometheus scrape.</summary>
public sealed class OperationsTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new(Database.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Live_and_ready_answer_with_the_database_schema_and_the_replica_position()
    {
        var client = _server.Anonymous();

        var live = await (await client.GetAsync("/health/live")).ReadJson(HttpStatusCode.OK);
        var ready = await (await client.GetAsync("/health/ready")).ReadJson(HttpStatusCode.OK);

        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        Assert.Equal(OriginalityStore.LatestSchemaVersion, checks.GetProperty("database").GetProperty("data").GetProperty("schemaVersion").GetInt32());
        Assert.Equal(0, checks.GetProperty("replica").GetProperty("data").GetProperty("changesBehind").GetInt64());
    }

    [Fact]
    public async Task A_database_not_migrated_to_this_build_is_not_ready()
    {
        var folder = Path.Combine(Path.GetTempPath(), "originality-health-" + Guid.NewGuid().ToString("N"));
        var store = OriginalityStore.Open(new StorageOptions { DataDirectory = folder }, SystemClock.Instance);
        try
        {
            await store.MigrateAsync(OriginalityStore.LatestSchemaVersion - 1);

            var result = await new DatabaseReadyCheck(store).CheckHealthAsync(new HealthCheckContext());

            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.Contains($"needs {OriginalityStore.LatestSchemaVersion}", result.Description, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_prometheus_scrape_has_request_latency_per_route_detector_lookups_and_index_size()
    {
        var market = new Marketplace(_server);
        var alice = await market.MemberAsync("alice");
        await Marketplace.FileAsync(alice, TestPictures.Original(9001));

        var scrape = "";
        for (var attempt = 0; attempt < 100 && !scrape.Contains("originality_index_pictures", StringComparison.Ordinal); attempt++)
        {
            // The gauges are sampled every 5 s; the exporter answers from its own cache.
            await Task.Delay(attempt == 0 ? 0 : 100);
            scrape = await _server.Anonymous().GetStringAsync("/metrics");
        }

        Assert.Contains("http_server_request_duration_seconds_bucket{", scrape, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/folders/{id}/pictures\"", scrape, StringComparison.Ordinal);
        Assert.Contains("originality_detector_lookup_duration_seconds_count", scrape, StringComparison.Ordinal);
        Assert.Contains("originality_index_pictures", scrape, StringComparison.Ordinal);
        Assert.Contains("originality_outbox_backlog", scrape, StringComparison.Ordinal);
        Assert.Contains("originality_deadlines_backlog", scrape, StringComparison.Ordinal);
        Assert.Contains("originality_replica_changes_behind", scrape, StringComparison.Ordinal);
    }
}
