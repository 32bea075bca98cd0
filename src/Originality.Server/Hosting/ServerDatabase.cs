using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Originality.Storage;

namespace Originality.Server.Hosting;

/// <summary>
/// Opens connections to the configured database for the Server's own tables (API key hashes,
/// webhook subscriptions, listings, picture fingerprints), whose schema is kept with the rest in
/// Originality.Storage's migrations.
/// </summary>
public sealed class ServerDatabase(IOptions<StorageOptions> options)
{
    private readonly StorageOptions _options = options.Value;

    // Resolved once: it parses and rebuilds the connection string, and every open would repeat it.
    private readonly Lazy<string> _connectionString = new(options.Value.ResolveConnectionString);

    public bool IsPostgres => _options.Provider == StorageProvider.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(_connectionString.Value)
            : new SqliteConnection(_connectionString.Value);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// Creates the SQLite data directory. The Server's tables themselves are Storage migrations
    /// (7 onwards), applied with the rest of the schema by <c>OriginalityStore.MigrateAsync</c>.
    /// </summary>
    public void EnsureDataDirectory()
    {
        if (!IsPostgres)
        {
            Directory.CreateDirectory(Path.GetFullPath(_options.DataDirectory));
        }
    }
}
