using System.Data.Common;
using Dapper;
using NodaTime;
using Originality.Storage.Audit;
using Originality.Storage.Deadlines;
using Originality.Storage.Outbox;
using Originality.Storage.Sql;

namespace Originality.Storage;

/// <summary>
/// One database transaction and the repositories that work inside it: everything written
/// through one session (the case change, its audit entries, its deadlines, its outbox events)
/// commits together or not at all.
/// </summary>
/// <remarks>
/// Not thread-safe. Disposing without <see cref="CommitAsync"/> rolls back. On SQLite the
/// session holds the database's single write lock from start to end, so keep it short.
/// </remarks>
public sealed partial class StorageSession : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private DbTransaction? _transaction;

    internal StorageSession(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IClock clock)
    {
        Clock = clock;
        _connection = connection;
        _transaction = transaction;
        Dialect = dialect;
        Audit = new AuditTrail(this);
        Deadlines = new DeadlineSchedule(this);
        Outbox = new OutboxWriter(this);
        InitializeRepositories();
    }

    internal SqlDialect Dialect { get; }

    /// <summary>The store's clock, for stamping writes.</summary>
    public IClock Clock { get; }

    internal DbConnection Connection => _connection;

    internal DbTransaction Transaction => _transaction ?? throw new InvalidOperationException("The session has already been committed or rolled back.");

    /// <summary>The append-only audit trail.</summary>
    public AuditTrail Audit { get; }

    /// <summary>Durable deadlines, scheduled in the same transaction as the case change.</summary>
    public DeadlineSchedule Deadlines { get; }

    /// <summary>Events for other systems, written in the same transaction as the change.</summary>
    public OutboxWriter Outbox { get; }

    partial void InitializeRepositories();

    /// <summary>Makes every write of this session durable.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var transaction = Transaction;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await transaction.DisposeAsync().ConfigureAwait(false);
        _transaction = null;
    }

    /// <summary>Discards every write of this session.</summary>
    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (_transaction is { } transaction)
        {
            _transaction = null;
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is { } transaction)
        {
            _transaction = null;
            try
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
            }
            catch (DbException)
            {
                // The connection is already broken; closing it below abandons the transaction.
            }
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    internal Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        _connection.ExecuteAsync(Command(sql, parameters, cancellationToken));

    internal Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        _connection.QueryAsync<T>(Command(sql, parameters, cancellationToken));

    internal Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        _connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters, cancellationToken));

    internal Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        _connection.ExecuteScalarAsync<T>(Command(sql, parameters, cancellationToken));

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, Transaction, cancellationToken: cancellationToken);
}
