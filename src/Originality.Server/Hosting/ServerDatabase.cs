using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Originality.Storage;

namespace Originality.Server.Hosting;

/// <summary>
/// Opens connections to the configured database for the Server's own tables (API key hashes,
/// webhook subscriptions). The rulebook's tables belong to Originality.Storage.
/// </summary>
public sealed class ServerDatabase(IOptions<StorageOptions> options)
{
    private readonly StorageOptions _options = options.Value;

    public bool IsPostgres => _options.Provider == StorageProvider.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(_options.ResolveConnectionString())
            : new SqliteConnection(_options.ResolveConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (!IsPostgres)
        {
            Directory.CreateDirectory(Path.GetFullPath(_options.DataDirectory));
        }
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS server_api_keys (
                key_hash TEXT PRIMARY KEY,
                role TEXT NOT NULL,
                subject TEXT NOT NULL,
                name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT NULL
            );
            CREATE TABLE IF NOT EXISTS server_webhooks (
                id TEXT PRIMARY KEY,
                url TEXT NOT NULL,
                secret TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS server_evidence (
                filing_id TEXT PRIMARY KEY,
                sequence BIGINT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS server_listings (
                id TEXT PRIMARY KEY,
                external_id TEXT NOT NULL,
                seller_id TEXT NOT NULL,
                category TEXT NOT NULL,
                state TEXT NOT NULL,
                pictures_total BIGINT NOT NULL,
                pictures_done BIGINT NOT NULL,
                error TEXT NULL,
                created_at BIGINT NOT NULL,
                scanned_at BIGINT NULL
            );
            CREATE TABLE IF NOT EXISTS server_listing_pictures (
                id TEXT PRIMARY KEY,
                listing_id TEXT NOT NULL,
                seller_id TEXT NOT NULL,
                role TEXT NOT NULL,
                position BIGINT NOT NULL,
                file_name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                pdq TEXT NULL,
                width BIGINT NOT NULL,
                height BIGINT NOT NULL,
                published_at BIGINT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS server_matches (
                id TEXT PRIMARY KEY,
                listing_id TEXT NOT NULL,
                picture_id TEXT NOT NULL,
                seller_id TEXT NOT NULL,
                owner_id TEXT NOT NULL,
                filing_id TEXT NOT NULL,
                distance BIGINT NOT NULL,
                score DOUBLE PRECISION NOT NULL,
                suspect_region TEXT NOT NULL,
                original_region TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
