using Microsoft.Data.Sqlite;
using Npgsql;
using Originality.Storage;
using Originality.Tests;

namespace Originality.Storage.Tests.Backends;

/// <summary>Makes fresh, empty databases of one engine for a test and removes them afterwards.</summary>
public abstract class StorageBackend : IAsyncDisposable
{
    public abstract StorageProvider Provider { get; }

    /// <summary>A new empty database (no schema) and its options.</summary>
    public abstract Task<StorageOptions> CreateDatabaseAsync();

    public abstract ValueTask DisposeAsync();
}

/// <summary>Real SQLite files in a temporary folder.</summary>
public sealed class SqliteBackend : StorageBackend
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "originality-storage-tests", Guid.NewGuid().ToString("N"));
    private readonly List<string> _connectionStrings = [];

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override Task<StorageOptions> CreateDatabaseAsync()
    {
        var dataDirectory = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        var options = new StorageOptions { Provider = StorageProvider.Sqlite, DataDirectory = dataDirectory };
        _connectionStrings.Add(options.ResolveConnectionString());
        return Task.FromResult(options);
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var cs in _connectionStrings)
        {
            using var connection = new SqliteConnection(cs);
            SqliteConnection.ClearPool(connection);
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the temp folder is cleaned by the OS.
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>A real PostgreSQL server (TestEnvironment.PostgresConnectionString); one new database per request.</summary>
public sealed class PostgresBackend : StorageBackend
{
    private readonly List<string> _databases = [];
    private string? _admin;

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override async Task<StorageOptions> CreateDatabaseAsync()
    {
        _admin ??= TestEnvironment.Require(TestEnvironment.PostgresConnectionString, "PostgreSQL (ORIGINALITY_TEST_POSTGRES)");
        var name = "originality_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        _databases.Add(name);
        var builder = new NpgsqlConnectionStringBuilder(_admin) { Database = name };
        return new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            ConnectionString = builder.ConnectionString,
            DataDirectory = Path.Combine(Path.GetTempPath(), "originality-storage-tests", name),
        };
    }

    public override async ValueTask DisposeAsync()
    {
        if (_admin is null)
        {
            return;
        }
        foreach (var name in _databases)
        {
            using (var pooled = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { Database = name }.ConnectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
            var folder = Path.Combine(Path.GetTempPath(), "originality-storage-tests", name);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
