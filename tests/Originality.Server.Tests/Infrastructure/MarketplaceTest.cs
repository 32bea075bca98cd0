namespace Originality.Server.Tests.Infrastructure;

/// <summary>
/// A test class with a host of its own on one database (fresh data per test) and the marketplace
/// helpers over it; xunit makes one instance per test, so nothing leaks between tests.
/// </summary>
public abstract class MarketplaceTest : IAsyncLifetime
{
    protected MarketplaceTest(Database database, IDictionary<string, string?>? settings = null)
    {
        Server = new ServerFactory(database, settings);
        Market = new Marketplace(Server);
    }

    protected ServerFactory Server { get; }

    protected Marketplace Market { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
