using Dapper;

namespace Originality.Storage.Tests.Suite;

public abstract partial class StorageSuite
{
    // What Originality.Server created itself at start before its tables became migrations 7 and 8.
    private const string ServerTablesFromBeforeMigrations = """
        CREATE TABLE IF NOT EXISTS server_api_keys (
            key_hash TEXT PRIMARY KEY, role TEXT NOT NULL, subject TEXT NOT NULL, name TEXT NOT NULL,
            created_at TEXT NOT NULL, revoked_at TEXT NULL);
        CREATE TABLE IF NOT EXISTS server_webhooks (id TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS server_evidence (filing_id TEXT PRIMARY KEY, sequence BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS server_listings (
            id TEXT PRIMARY KEY, external_id TEXT NOT NULL, seller_id TEXT NOT NULL, category TEXT NOT NULL, state TEXT NOT NULL,
            pictures_total BIGINT NOT NULL, pictures_done BIGINT NOT NULL, error TEXT NULL, created_at BIGINT NOT NULL, scanned_at BIGINT NULL);
        """;

    [Fact]
    public async Task A_database_whose_server_tables_the_server_made_itself_upgrades_and_keeps_their_rows()
    {
        var store = await OpenEmptyDatabaseAsync();
        await store.MigrateAsync(6);
        await using (var connection = await store.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(ServerTablesFromBeforeMigrations);
            await connection.ExecuteAsync("INSERT INTO server_api_keys (key_hash, role, subject, name, created_at) VALUES ('h1', 'operator', 'op', 'Ops', '2026-03-02')");
            await connection.ExecuteAsync("INSERT INTO server_listings (id, external_id, seller_id, category, state, pictures_total, pictures_done, created_at) VALUES ('l1', 'L-1', 'm1', 'apparel', 'scanned', 1, 1, 0)");
        }

        var applied = await store.MigrateAsync();

        Assert.Equal(Enumerable.Range(7, OriginalityStore.LatestSchemaVersion - 6), applied);
        await using var after = await store.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal("Ops", await after.ExecuteScalarAsync<string>("SELECT name FROM server_api_keys WHERE key_hash = 'h1'"));
        Assert.Equal(1, await after.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM server_listings"));
        Assert.Equal(0, await after.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM server_matches"));
        Assert.Equal(0, await after.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM picture_fingerprints"));
    }

    [Fact]
    public async Task A_picture_fingerprint_is_kept_as_bytes_and_replaced_by_content_hash()
    {
        await using var connection = await Store.OpenConnectionAsync(CancellationToken.None);
        const string upsert = """
            INSERT INTO picture_fingerprints (content_sha256, data, computed_at) VALUES (@sha, @data, 0)
            ON CONFLICT (content_sha256) DO UPDATE SET data = excluded.data, computed_at = excluded.computed_at
            """;

        await connection.ExecuteAsync(upsert, new { sha = "ab", data = new byte[] { 1, 2, 3 } });
        await connection.ExecuteAsync(upsert, new { sha = "ab", data = new byte[] { 2, 0, 255 } });

        Assert.Equal(new byte[] { 2, 0, 255 }, await connection.ExecuteScalarAsync<byte[]>("SELECT data FROM picture_fingerprints WHERE content_sha256 = 'ab'"));
    }
}
