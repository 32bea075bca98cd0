using Dapper;
using NodaTime;
using Originality.Engine.Detection;
using Originality.Server.Hosting;

namespace Originality.Server.Application;

/// <summary>
/// The copy detector's fingerprints of filed and published pictures, keyed by the picture's
/// SHA-256, so a restart loads them rather than decoding every original again.
/// </summary>
public sealed class FingerprintStore(ServerDatabase database, IClock clock)
{
    /// <summary>Every stored fingerprint, serialised, by content SHA-256.</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Sha256, byte[] Data)>(new CommandDefinition(
            "SELECT content_sha256, data FROM picture_fingerprints", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Sha256, r => r.Data, StringComparer.Ordinal);
    }

    /// <summary>The stored fingerprints of the given pictures (those that have one), by content SHA-256.</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> GetManyAsync(IReadOnlyCollection<string> sha256s, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sha256s);
        if (sha256s.Count == 0)
        {
            return new Dictionary<string, byte[]>(StringComparer.Ordinal);
        }
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Sha256, byte[] Data)>(new CommandDefinition(
            // Dapper hands Npgsql the array as one parameter, and expands the list for SQLite.
            "SELECT content_sha256, data FROM picture_fingerprints WHERE content_sha256 " + (database.IsPostgres ? "= ANY(@sha256s)" : "IN @sha256s"),
            new { sha256s = sha256s.Distinct(StringComparer.Ordinal).ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Sha256, r => r.Data, StringComparer.Ordinal);
    }

    /// <summary>Keeps (or replaces, e.g. after a format change) the fingerprint of a picture.</summary>
    public async Task SaveAsync(string sha256, FiledRecord fingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO picture_fingerprints (content_sha256, data, computed_at) VALUES (@sha256, @data, @at)
            ON CONFLICT (content_sha256) DO UPDATE SET data = excluded.data, computed_at = excluded.computed_at
            """,
            new { sha256, data = fingerprint.ToBytes(), at = clock.GetCurrentInstant().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
