using NodaTime;
using NodaTime.Testing;
using Originality.Storage.Tests.Backends;

namespace Originality.Storage.Tests.Suite;

/// <summary>
/// The storage test suite every backend must pass. Each concrete subclass runs all of it against one
/// engine; each test gets a fresh, migrated database of its own.
/// </summary>
public abstract partial class StorageSuite : IAsyncLifetime
{
    /// <summary>A Monday morning, Beijing time, well inside a working week.</summary>
    protected static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);

    private readonly StorageBackend _backend;

    protected StorageSuite(StorageBackend backend) => _backend = backend;

    protected FakeClock Clock { get; } = new(Start);

    protected OriginalityStore Store { get; private set; } = null!;

    protected StorageOptions Options { get; private set; } = null!;

    protected StorageProvider Provider => _backend.Provider;

    public async Task InitializeAsync()
    {
        try
        {
            Options = await _backend.CreateDatabaseAsync();
            Store = OriginalityStore.Open(Options, Clock);
            await Store.MigrateAsync();
        }
        catch
        {
            // xunit does not call DisposeAsync when InitializeAsync fails: drop the database here.
            await _backend.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    /// <summary>A second store on the same database, as another process would open it.</summary>
    protected OriginalityStore OpenSecondProcess() => OriginalityStore.Open(Options, Clock);

    /// <summary>Another database of the same engine with no schema at all.</summary>
    protected async Task<OriginalityStore> OpenEmptyDatabaseAsync() => OriginalityStore.Open(await _backend.CreateDatabaseAsync(), Clock);

    protected Task InSessionAsync(Func<StorageSession, Task> work) => Store.InSessionAsync(work);

    protected Task<T> InSessionAsync<T>(Func<StorageSession, Task<T>> work) => Store.InSessionAsync(work);
}

public sealed class SqliteStorageTests() : StorageSuite(new SqliteBackend());

public sealed class PostgresStorageTests() : StorageSuite(new PostgresBackend());
