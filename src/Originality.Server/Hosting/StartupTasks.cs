using Microsoft.Extensions.Options;
using Originality.Server.Demo;

namespace Originality.Server.Hosting;

/// <summary>
/// Prepares the database (and the demo, when asked) before the server takes its first request:
/// lifecycle "starting" runs before any hosted service, the web server included, is started.
/// </summary>
public sealed class StartupTasks(
    IServiceProvider services,
    IOptions<DemoOptions> demo,
    IHostEnvironment environment,
    ILogger<StartupTasks> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ServerDatabase>().EnsureDataDirectory();
        await ApplicationStartup.PrepareAsync(services, cancellationToken).ConfigureAwait(false);
        if (demo.Value.Seed)
        {
            await DemoSeeder.SeedAsync(services, cancellationToken).ConfigureAwait(false);
        }
        if (demo.Value.Seed || environment.IsDevelopment())
        {
            var key = services.GetRequiredService<IOptions<SecurityOptions>>().Value.OperatorKey;
            logger.LogWarning("Development operator key (documented, never use in production): {OperatorKey}", key);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
