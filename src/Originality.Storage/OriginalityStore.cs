using System.Data;
using System.Data.Common;
using NodaTime;
using Originality.Storage.Migrations;
using Originality.Storage.Originals;
using Originality.Storage.Sql;

namespace Originality.Storage;

/// <summary>
/// The entry point of the storage layer: the database chosen by <see cref="StorageOptions"/>,
/// its migrations, sessions (one transaction each) and the original-file store.
/// </summary>
/// <remarks>
/// Thread-safe and meant to be a singleton; each <see cref="BeginAsync"/> takes its own pooled
/// connection.
/// </remarks>
public sealed class OriginalityStore
{
    private readonly string _connectionString;

    private OriginalityStore(StorageOptions options, IClock clock)
    {
        Options = options;
        Clock = clock;
        _connectionString = options.ResolveConnectionString();
        Dialect = SqlDialect.For(options.Provider);
        Originals = options.ResolveOriginalsLocation() == OriginalsLocation.Database
            ? new DatabaseOriginalStore(this)
            : new OriginalFileStore(options.ResolveOriginalsDirectory());
    }

    /// <summary>The options this store was opened with.</summary>
    public StorageOptions Options { get; }

    /// <summary>The clock that stamps audit entries, outbox events and claims.</summary>
    public IClock Clock { get; }

    /// <summary>Which engine is behind this store.</summary>
    public StorageProvider Provider => Dialect.Provider;

    /// <summary>The content-addressed store of original files (F-8): a folder or a table (<see cref="StorageOptions.Originals"/>).</summary>
    public IOriginalStore Originals { get; }

    internal SqlDialect Dialect { get; }

    /// <summary>Opens a store without touching the schema; call <see cref="MigrateAsync"/> before use.</summary>
    public static OriginalityStore Open(StorageOptions options, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        return new OriginalityStore(options, clock);
    }

    /// <summary>Opens a store and brings its schema up to date.</summary>
    public static async Task<OriginalityStore> OpenAndMigrateAsync(StorageOptions options, IClock clock, CancellationToken cancellationToken = default)
    {
        var store = Open(options, clock);
        await store.MigrateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>
    /// Applies every pending migration (up to <paramref name="targetVersion"/> when given) in order,
    /// in place. Safe to call from several processes at once.
    /// </summary>
    /// <returns>The versions applied by this call (empty when the schema was already current).</returns>
    public Task<IReadOnlyList<int>> MigrateAsync(int? targetVersion = null, CancellationToken cancellationToken = default) =>
        new MigrationRunner(this).MigrateAsync(targetVersion ?? Schema.LatestVersion, cancellationToken);

    /// <summary>The schema version the database is at (0 when empty).</summary>
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default) =>
        new MigrationRunner(this).CurrentVersionAsync(cancellationToken);

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestSchemaVersion => Schema.LatestVersion;

    /// <summary>Starts a session: one transaction, committed by <see cref="StorageSession.CommitAsync"/>.</summary>
    public async Task<StorageSession> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // SQLite: BeginTransaction() is BEGIN IMMEDIATE, the write lock is taken at once so two
            // sessions never deadlock upgrading a read lock. PostgreSQL: READ COMMITTED plus explicit
            // row locks where it matters.
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            return new StorageSession(connection, transaction, Dialect, Clock);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in a session and commits it when it returns.</summary>
    public async Task<T> InSessionAsync<T>(Func<StorageSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var session = await BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var result = await work(session).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    /// <summary>Runs <paramref name="work"/> in a session and commits it when it returns.</summary>
    public Task InSessionAsync(Func<StorageSession, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InSessionAsync(async s =>
        {
            await work(s).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a session for reading only, and rolls it back. On SQLite the
    /// transaction is deferred, so it never waits for (nor holds) the single write lock: a reader
    /// beside a writing session of this or another process goes on at once (WAL). Writes through
    /// such a session are not supported.
    /// </summary>
    public async Task<T> InReadSessionAsync<T>(Func<StorageSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        StorageSession session;
        try
        {
            session = new StorageSession(connection, await Dialect.BeginReadAsync(connection, cancellationToken).ConfigureAwait(false), Dialect, Clock);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        await using (session.ConfigureAwait(false))
        {
            return await work(session).ConfigureAwait(false);
        }
    }

    internal async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = Dialect.CreateConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await Dialect.OnOpenedAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
