using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Originality.Storage.Sql;

/// <summary>
/// The few places where SQLite and PostgreSQL SQL differ. Everything else is written once in the
/// common subset (TEXT, BIGINT, INSERT … ON CONFLICT, RETURNING).
/// </summary>
internal abstract class SqlDialect
{
    public abstract StorageProvider Provider { get; }

    /// <summary>Column type of an auto-numbered primary key.</summary>
    public abstract string IdentityPrimaryKey { get; }

    /// <summary>Column type for raw bytes.</summary>
    public abstract string Blob { get; }

    /// <summary>Appended to a SELECT that must lock the rows it reads until commit.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Appended to a SELECT that claims rows other workers may be claiming at the same time.</summary>
    public abstract string ForUpdateSkipLocked { get; }

    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>An expression giving the next filing change number.</summary>
    public abstract string NextFilingChange { get; }

    /// <summary>An expression giving the next complaint number (the human case reference).</summary>
    public abstract string NextComplaintNumber { get; }

    /// <summary>
    /// Makes filing changes commit in the order of their change numbers, so a reader of "changes
    /// after N" can never skip one that commits late.
    /// </summary>
    public abstract string SerializeFilingChanges { get; }

    /// <summary>
    /// A statement that wakes the index replicas of other processes when the transaction commits
    /// (empty where there is no such channel). Only a wake-up: replicas read the change sequence.
    /// </summary>
    public abstract string NotifyChanges { get; }

    /// <summary>Begins a transaction for reading only (see <see cref="OriginalityStore.InReadSessionAsync{T}"/>).</summary>
    public virtual async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs after a connection opens (per-connection settings).</summary>
    public virtual Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Serializes schema changes between processes, inside <paramref name="transaction"/>.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Replaces the dialect tokens of a portable DDL script.</summary>
    public string Render(string sql) => sql
        .Replace("{identity}", IdentityPrimaryKey, StringComparison.Ordinal)
        .Replace("{blob}", Blob, StringComparison.Ordinal);

    public static SqlDialect For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => SqliteDialect.Instance,
        StorageProvider.Postgres => PostgresDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };
}

internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string IdentityPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string Blob => "BLOB";

    // SQLite has one writer at a time: every transaction here starts with BEGIN IMMEDIATE, which
    // takes the write lock up front, so a read inside it is already as good as FOR UPDATE.
    public override string ForUpdate => "";

    public override string ForUpdateSkipLocked => "";

    // Under the single write lock MAX + 1 is race-free, and commits happen in that order.
    public override string NextFilingChange => "(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM filings)";

    public override string SerializeFilingChanges => "";

    // One process, or several on one file: replicas poll (every half second), nothing to wake.
    public override string NotifyChanges => "";

    public override string NextComplaintNumber => "(SELECT COALESCE(MAX(number), 0) + 1 FROM complaints)";

    public override DbConnection CreateConnection(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.Mode != SqliteOpenMode.Memory)
        {
            Directory.CreateDirectory(directory);
        }
        return new SqliteConnection(builder.ToString());
    }

    // BEGIN DEFERRED: a reader takes no lock until it reads, and never the write lock.
    public override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override async Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // WAL lets readers run beside the single writer; busy_timeout makes a second process wait
        // for the write lock instead of failing at once; foreign keys are off by default in SQLite.
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // BEGIN IMMEDIATE already excludes every other writer, in this process and in others.
    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}

internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    /// <summary>Advisory lock key for schema migrations: "ORIGMIGR" as a 64-bit integer.</summary>
    private const long MigrationLockKey = 0x4F5249474D494752;

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override string IdentityPrimaryKey => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public override string Blob => "BYTEA";

    public override string ForUpdate => " FOR UPDATE";

    public override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    public override string NextFilingChange => "nextval('filings_change_seq')";

    public override string NextComplaintNumber => "nextval('complaints_number_seq')";

    // A sequence number is taken at write time but becomes visible at commit; holding this lock
    // from the write to the commit makes the two orders the same ("ORIGFILE" as the key).
    public override string SerializeFilingChanges => "SELECT pg_advisory_xact_lock(5715711447557295173)";

    /// <summary>The channel every process LISTENs on for "the change sequence moved".</summary>
    public const string ChangesChannel = "originality_changes";

    // Delivered at commit and only if the transaction commits, so a wake-up never announces a
    // change that was rolled back.
    public override string NotifyChanges => "SELECT pg_notify('" + ChangesChannel + "', '')";

    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // A transaction-scoped advisory lock: a second process starting at the same moment waits
        // here, then finds the schema already upgraded; the lock is released by commit or by the
        // death of the session, so a crashed migrator never leaves it held.
        command.CommandText = "SELECT pg_advisory_xact_lock(" + MigrationLockKey.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
