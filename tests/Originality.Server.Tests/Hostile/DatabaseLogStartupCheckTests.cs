using System.Net;
using Npgsql;
using Originality.Evidence;
using Originality.Server.Tests.Infrastructure;
using Originality.Tests;

namespace Originality.Server.Tests.Hostile;

/// <summary>
/// Issue 10 on PostgreSQL, where the evidence log's leaves and signed heads are rows: the log is
/// checked against the stored filings at every start, and rows edited behind the server's back —
/// any leaf, the newest (not yet under a signed head) included, with or without its leaf hash
/// recomputed, a leaf for a filing the database does not hold, a filing row changed under its
/// leaf — stop the start with a message that names the problem and the repair procedure.
/// </summary>
public sealed class DatabaseLogStartupCheckTests : IAsyncLifetime
{
    private readonly string _database = "originality_logcheck_" + Guid.NewGuid().ToString("N")[..16];
    private readonly string _data = Path.Combine(Path.GetTempPath(), "originality-log-check", Guid.NewGuid().ToString("N"));
    private string[] _filings = [];
    private string _apiKey = "";

    private static string Admin => TestEnvironment.Require(TestEnvironment.PostgresConnectionString, "PostgreSQL (ORIGINALITY_TEST_POSTGRES)");

    private string Connection => new NpgsqlConnectionStringBuilder(Admin) { Database = _database }.ConnectionString;

    /// <summary>Three certified filings; a head covers the first two, the third is the newest, uncovered leaf.</summary>
    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(Admin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        await using var server = NewServer();
        var market = new Marketplace(server);
        var alice = await market.MemberAsync("alice");
        _apiKey = alice.ApiKey;
        var first = await Marketplace.FileAsync(alice, TestPictures.Original(71));
        var second = await Marketplace.FileAsync(alice, TestPictures.Original(72));
        (await alice.Client.GetAsync($"/api/certificates/{second}")).EnsureSuccessStatusCode();
        var third = await Marketplace.FileAsync(alice, TestPictures.Original(73));
        _filings = [first, second, third];
        Assert.Equal(2, await ScalarAsync<long>("SELECT MAX(size) FROM evidence_heads"));
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Admin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task An_untouched_log_starts_again_and_serves_every_certificate()
    {
        await using var server = NewServer();
        var client = server.ClientWithKey(_apiKey);
        for (var i = 0; i < _filings.Length; i++)
        {
            var certificate = await (await client.GetAsync($"/api/certificates/{_filings[i]}")).ReadJson(HttpStatusCode.OK);
            Assert.Equal(i, certificate.GetProperty("leafIndex").GetInt32());
        }
    }

    [Theory]
    [InlineData(2, false)] // the newest leaf, under no signed head
    [InlineData(2, true)]  // the newest leaf with its leaf hash recomputed: only the stored filing tells
    [InlineData(0, true)]  // an old leaf under a signed head
    [InlineData(1, false)]
    public async Task A_leaf_row_edited_behind_the_servers_back_stops_the_start(int leaf, bool recomputeHash)
    {
        var record = await ScalarAsync<byte[]>($"SELECT record FROM evidence_leaves WHERE leaf_index = {leaf}");
        record[^1] ^= 0x01; // the fingerprint's last byte: still a well-formed record
        await ExecuteAsync(recomputeHash
            ? "UPDATE evidence_leaves SET record = @record, leaf_hash = @hash WHERE leaf_index = @leaf"
            : "UPDATE evidence_leaves SET record = @record WHERE leaf_index = @leaf",
            ("record", record), ("hash", MerkleHash.Leaf(record)), ("leaf", (long)leaf));

        var refusal = StartFails();

        Assert.Contains("evidence log", refusal, StringComparison.Ordinal);
        Assert.Contains($"{leaf}", refusal, StringComparison.Ordinal);
        Assert.Contains("Start-up check and repair", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leaf_for_a_filing_the_database_does_not_hold_stops_the_start()
    {
        var record = await ScalarAsync<byte[]>("SELECT record FROM evidence_leaves WHERE leaf_index = 2");
        var sequence = await ScalarAsync<long>("SELECT MAX(sequence) FROM evidence_leaves") + 1;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(record.AsSpan(1), sequence);
        await ExecuteAsync(
            "INSERT INTO evidence_leaves (leaf_index, sequence, filing_id, record, leaf_hash, appended_at) VALUES (3, @sequence, @filing, @record, @hash, 0)",
            ("sequence", sequence), ("filing", Guid.NewGuid().ToString()), ("record", record), ("hash", MerkleHash.Leaf(record)));

        Assert.Contains("name filings the database does not hold", StartFails(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leaf_row_deleted_under_a_signed_head_stops_the_start()
    {
        await ExecuteAsync("DELETE FROM evidence_leaves WHERE leaf_index = 1");

        Assert.Contains("leaf 1 is missing", StartFails(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filing_row_changed_under_its_leaf_stops_the_start()
    {
        // The content hash in the filing's stored state, as an edit of the database would change it.
        var sha256 = await ScalarAsync<string>($"SELECT content_sha256 FROM filings WHERE id = '{_filings[2]}'");
        Assert.Equal(1, await ExecuteAsync("UPDATE filings SET state = replace(state, @sha, @other) WHERE id = @id",
            ("sha", sha256), ("other", new string('0', 64)), ("id", _filings[2])));

        var refusal = StartFails();

        Assert.Contains($"differs from stored filing {_filings[2]}", refusal, StringComparison.Ordinal);
    }

    private ServerFactory NewServer() => new(Database.Postgres, new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data }, existingPostgresDatabase: _database);

    private string StartFails()
    {
        using var server = NewServer();
        return server.StartFailure();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await command.ExecuteNonQueryAsync();
    }
}
