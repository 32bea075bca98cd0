using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;
using Originality.Server.Hosting;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Hostile;

/// <summary>
/// Issue 10 under load on PostgreSQL: 200 clients took every connection of the server ("too many
/// clients already"), requests answered 500, and the listing scanner's error path threw again and
/// stopped the whole host. An overloaded database now answers 503 with Retry-After, and the host
/// stays up and answers again once connections are free.
/// </summary>
public sealed class DatabaseOverloadTests
{
    [Fact]
    public async Task A_request_that_finds_no_free_connection_answers_503_and_the_next_one_succeeds()
    {
        await using var owner = new ServerFactory(Database.Postgres);
        var pooled = new NpgsqlConnectionStringBuilder(owner.PostgresConnectionString!) { MaxPoolSize = 3, Timeout = 1 }.ConnectionString;
        await using var server = new ServerFactory(Database.Postgres, new Dictionary<string, string?> { ["Storage:ConnectionString"] = pooled });
        var market = new Marketplace(server);
        var alice = await market.MemberAsync("alice");
        // Same connection string in the same process: the same pool as the server's. Held, it leaves none.
        var held = new List<NpgsqlConnection>();
        for (var attempt = 0; held.Count < 3 && attempt < 60; attempt++)
        {
            var connection = new NpgsqlConnection(pooled);
            try
            {
                await connection.OpenAsync();
                held.Add(connection);
            }
            catch (NpgsqlException)
            {
                // The server's own workers hold one at this moment; they give it back within a second.
                await connection.DisposeAsync();
            }
        }

        Assert.Equal(3, held.Count);

        var busy = await alice.Client.GetAsync("/api/filings");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(busy.Headers.RetryAfter);
        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }
        var again = await alice.Client.GetAsync("/api/filings");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Too_many_clients_and_a_busy_sqlite_file_are_overload_and_a_bad_query_is_not()
    {
        var admin = Originality.Tests.TestEnvironment.Require(Originality.Tests.TestEnvironment.PostgresConnectionString, "PostgreSQL (ORIGINALITY_TEST_POSTGRES)");
        var role = "overload_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD 'x' CONNECTION LIMIT 1", connection);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var limited = new NpgsqlConnectionStringBuilder(admin) { Username = role, Password = "x", Pooling = false }.ConnectionString;
            await using var first = new NpgsqlConnection(limited);
            await first.OpenAsync();
            await using var second = new NpgsqlConnection(limited);
            var tooMany = await Assert.ThrowsAsync<PostgresException>(() => second.OpenAsync());
            Assert.Equal("53300", tooMany.SqlState);
            Assert.True(DatabaseOverload.Is(tooMany));

            await using var bad = new NpgsqlCommand("SELEC 1", first);
            Assert.False(DatabaseOverload.Is(await Assert.ThrowsAsync<PostgresException>(() => bad.ExecuteNonQueryAsync())));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var file = Path.Combine(Path.GetTempPath(), $"overload-{Guid.NewGuid():N}.db");
        try
        {
            await using var writer = new SqliteConnection($"Data Source={file};Pooling=False");
            await writer.OpenAsync();
            await using (var begin = new SqliteCommand("CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);", writer))
            {
                await begin.ExecuteNonQueryAsync();
            }
            await using var other = new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=1");
            await other.OpenAsync();
            await using var write = new SqliteCommand("INSERT INTO t VALUES (2);", other);
            Assert.True(DatabaseOverload.Is(await Assert.ThrowsAsync<SqliteException>(() => write.ExecuteNonQueryAsync())));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
