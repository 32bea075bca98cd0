using Microsoft.Data.Sqlite;
using Npgsql;

namespace Originality.Server.Hosting;

/// <summary>
/// Failures that say the database is overloaded or briefly away rather than that the request or
/// the data is wrong: PostgreSQL out of connections or resources, a connection lost or timed out,
/// the pool exhausted, SQLite busy. A request meeting one answers 503 (try again); a worker backs
/// off and tries again instead of marking its work failed.
/// </summary>
public static class DatabaseOverload
{
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // 53: insufficient resources (too many clients, out of memory or disk); 57P03: cannot connect now; 08: connection lost.
                case PostgresException p when p.SqlState.StartsWith("53", StringComparison.Ordinal)
                    || p.SqlState == "57P03" || p.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return true;
                case PostgresException:
                    return false;
                // Connection-level failures: the pool exhausted, a read timing out, the server going away.
                case NpgsqlException n when n.IsTransient || n.InnerException is TimeoutException or IOException:
                    return true;
                case SqliteException s when s.SqliteErrorCode is 5 or 6: // SQLITE_BUSY, SQLITE_LOCKED
                    return true;
                default:
                    break;
            }
        }
        return false;
    }
}
