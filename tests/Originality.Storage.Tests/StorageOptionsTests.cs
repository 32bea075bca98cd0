using Npgsql;

namespace Originality.Storage.Tests;

/// <summary>The PostgreSQL pool is bounded so one busy process cannot take every connection of the server.</summary>
public sealed class StorageOptionsTests
{
    [Fact]
    public void A_postgres_connection_string_gets_the_configured_pool_bound()
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = "Host=db;Username=u;Database=d", MaxConnections = 12 };

        var resolved = new NpgsqlConnectionStringBuilder(options.ResolveConnectionString());

        Assert.Equal(12, resolved.MaxPoolSize);
        Assert.Equal("db", resolved.Host);
        Assert.Equal("d", resolved.Database);
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=7")]
    [InlineData("Host=db;MaxPoolSize=7")]
    public void A_pool_size_written_in_the_connection_string_is_kept(string connectionString)
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString, MaxConnections = 12 };

        Assert.Equal(7, new NpgsqlConnectionStringBuilder(options.ResolveConnectionString()).MaxPoolSize);
    }

    [Fact]
    public void The_default_bound_leaves_room_for_more_than_one_process_on_a_default_server()
    {
        // PostgreSQL's default max_connections is 100, three of them reserved for superusers.
        Assert.True(2 * new StorageOptions().MaxConnections < 97);
    }
}
