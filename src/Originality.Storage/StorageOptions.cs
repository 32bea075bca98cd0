using Originality.Storage.Originals;

namespace Originality.Storage;

/// <summary>Which database engine holds the data.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file under <see cref="StorageOptions.DataDirectory"/> (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for production and scale-out.</summary>
    Postgres,
}

/// <summary>
/// Storage configuration, bound from the <c>Storage</c> configuration section
/// (<c>Storage:Provider</c>, <c>Storage:ConnectionString</c>, <c>Storage:DataDirectory</c>,
/// <c>Storage:OriginalsDirectory</c>).
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The SQLite file name used when no connection string is given.</summary>
    public const string DefaultSqliteFileName = "originality.db";

    /// <summary>The database engine; SQLite unless configured otherwise.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string. Optional for SQLite (defaults to a file in
    /// <see cref="DataDirectory"/>); required for PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL connections one process keeps open at most (the pool's size), unless the
    /// connection string sets <c>Maximum Pool Size</c> itself. Npgsql's own default, 100, is all
    /// of a default PostgreSQL server's <c>max_connections</c>: one busy process took them all and
    /// the next connection anywhere failed with "too many clients". Beyond the pool, requests wait
    /// for a free connection. Size it so processes × this + a few stays under max_connections.
    /// </summary>
    public int MaxConnections { get; set; } = 40;

    /// <summary>The data folder: the SQLite file and, by default, the original files live here.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where original files are kept; defaults to <c>{DataDirectory}/originals</c>.</summary>
    public string? OriginalsDirectory { get; set; }

    /// <summary>
    /// Where originals are kept: a folder (<see cref="OriginalsDirectory"/>) or the database's
    /// <c>original_files</c> table. Unset: the folder with SQLite, the database with PostgreSQL (a
    /// scale-out's processes share the database, not a folder).
    /// </summary>
    public OriginalsLocation? Originals { get; set; }

    /// <summary>The originals' location actually used, with the per-engine default filled in.</summary>
    public OriginalsLocation ResolveOriginalsLocation() =>
        Originals ?? (Provider == StorageProvider.Postgres ? OriginalsLocation.Database : OriginalsLocation.Files);

    /// <summary>The folder of the content-addressed original-file store.</summary>
    public string ResolveOriginalsDirectory() =>
        Path.GetFullPath(OriginalsDirectory ?? Path.Combine(DataDirectory, "originals"));

    /// <summary>The connection string actually used, with the SQLite default filled in.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is chosen but no connection string is set.</exception>
    public string ResolveConnectionString()
    {
        if (Provider == StorageProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(ConnectionString))
            {
                throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is Postgres.");
            }
            // The keys as written (Npgsql's builder reports every known key as present).
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString };
            if (given.ContainsKey("Maximum Pool Size") || given.ContainsKey("MaxPoolSize"))
            {
                return ConnectionString;
            }
            return new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = Math.Max(1, MaxConnections) }.ConnectionString;
        }
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }
        return "Data Source=" + Path.GetFullPath(Path.Combine(DataDirectory, DefaultSqliteFileName));
    }
}
