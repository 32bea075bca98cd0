using System.Data;
using System.Globalization;
using Dapper;
using Originality.Storage.Sql;

namespace Originality.Storage.Migrations;

/// <summary>
/// Applies <see cref="Schema.All"/> in order inside one transaction per run, recording each
/// version in <c>schema_version</c>.
/// </summary>
/// <remarks>
/// Both engines have transactional DDL, so a run either reaches its target or leaves the
/// database as it was. Two processes starting together serialize on the PostgreSQL advisory
/// lock (or SQLite's single write lock) and the second one finds nothing left to do.
/// </remarks>
internal sealed class MigrationRunner(OriginalityStore store)
{
    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

    public async Task<IReadOnlyList<int>> MigrateAsync(int targetVersion, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetVersion);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetVersion, Schema.LatestVersion);
        var dialect = store.Dialect;
        var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await dialect.LockForMigrationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(CreateVersionTable, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                if (current > Schema.LatestVersion)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"The database is at schema version {current}, newer than this build knows ({Schema.LatestVersion}). Upgrade the application."));
                }
                var applied = new List<int>();
                foreach (var migration in Schema.All.Where(m => m.Version > current && m.Version <= targetVersion).OrderBy(m => m.Version))
                {
                    var script = dialect.Render(migration.Sql) + "\n--;\n"
                        + (dialect.Provider == StorageProvider.Postgres ? migration.PostgresOnly : migration.SqliteOnly);
                    foreach (var statement in SplitStatements(script))
                    {
                        await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    }
                    await connection.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                        new { migration.Version, migration.Name, AppliedAt = Instants.ToTicks(store.Clock.GetCurrentInstant()) },
                        transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    applied.Add(migration.Version);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return applied;
            }
        }
    }

    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var exists = store.Dialect.Provider == StorageProvider.Postgres
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
            var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(exists, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return count == 0 ? 0 : await CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> CurrentVersionAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var version = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(version) FROM schema_version", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (int)(version ?? 0);
    }

    /// <summary>Splits a script at the lines that hold only <c>--;</c>.</summary>
    internal static IEnumerable<string> SplitStatements(string script)
    {
        // Statements are separated by a line holding only "--;" so trigger and function bodies,
        // which contain semicolons of their own, need no parsing.
        foreach (var part in script.Split("\n--;", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length > 0)
            {
                yield return part;
            }
        }
    }
}
