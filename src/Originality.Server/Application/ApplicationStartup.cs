using Microsoft.Extensions.Options;
using NodaTime;
using Originality.Server.Application;
using Originality.Storage;

namespace Originality.Server.Hosting;

/// <summary>Registers the application services that translate HTTP to the rulebook and back.</summary>
public static class ApplicationStartup
{
    public static IServiceCollection AddOriginalityApplication(this IServiceCollection services)
    {
        services.AddSingleton(sp => OriginalityStore.Open(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IClock>()));
        services.AddOptions<EvidenceOptions>().BindConfiguration(EvidenceOptions.Section);
        services.AddSingleton<EvidenceService>();
        services.AddHostedService<EvidenceHeartbeat>();
        services.AddSingleton<ListingStore>();
        services.AddSingleton<FingerprintStore>();
        services.AddSingleton<PictureIndex>();
        services.AddOptions<ReplicaOptions>().BindConfiguration(ReplicaOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure<IOptions<StorageOptions>>((replica, storage) =>
                replica.JournalPath ??= Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "index", "replica.journal"));
        services.AddHostedService<IndexFollower>();
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IntakeCpu>();
        services.AddSingleton<FilingService>();
        services.AddOptions<ScanningOptions>().BindConfiguration(ScanningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BackgroundCpu>();
        services.AddOptions<BackfillOptions>().BindConfiguration(BackfillOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BackfillStore>();
        services.AddSingleton<ListingScanner>();
        services.AddHostedService(sp => sp.GetRequiredService<ListingScanner>());
        services.AddSingleton<MemberDirectory>();
        services.AddSingleton<ComplaintService>();
        services.AddSingleton<AuthorizationService>();
        services.AddSingleton<WebhookStore>();
        services.AddHttpClient("webhooks", c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<DeadlineRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineRunner>());
        return services;
    }

    /// <summary>Migrates the database and warms what must be warm before the first request.</summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<OriginalityStore>();
        await store.MigrateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<PictureIndex>().LoadAsync(cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<EvidenceService>().StartAsync(cancellationToken).ConfigureAwait(false);
    }
}
