using System.Security.Cryptography;
using Dapper;

namespace Originality.Storage.Originals;

/// <summary>
/// Originals in the database's <c>original_files</c> table (migration 11), keyed by SHA-256: what
/// makes every original reachable from every process on one PostgreSQL, and part of the one backup
/// of the database. Each put and read is its own short transaction.
/// </summary>
/// <remarks>
/// A put commits before it returns, so the filing that refers to the original (committed after)
/// never points at a missing row. Putting the same bytes again rewrites them, which also replaces a
/// damaged copy. Every read re-hashes the bytes and refuses a mismatch, exactly like the file store.
/// </remarks>
public sealed class DatabaseOriginalStore : IOriginalStore
{
    private readonly OriginalityStore _store;

    internal DatabaseOriginalStore(OriginalityStore store) => _store = store;

    /// <inheritdoc />
    public async Task<OriginalRef> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var connection = await _store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO original_files (sha256, content, length, stored_at) VALUES (@sha, @content, @length, @at)
                ON CONFLICT (sha256) DO UPDATE SET content = excluded.content, length = excluded.length
                """,
                new { sha, content = content.ToArray(), length = (long)content.Length, at = _store.Clock.GetCurrentInstant().ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        return new OriginalRef(sha, content.Length);
    }

    /// <inheritdoc />
    public async Task<byte[]> ReadAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var sha = OriginalFileStore.Normalize(sha256);
        var bytes = await ContentAsync(sha, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException("No original is stored under " + sha + ".", sha);
        return OriginalFileStore.Checked(sha, bytes);
    }

    /// <inheritdoc />
    public async Task<bool> VerifyAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var sha = OriginalFileStore.Normalize(sha256);
        var bytes = await ContentAsync(sha, cancellationToken).ConfigureAwait(false);
        return bytes is not null && Convert.ToHexStringLower(SHA256.HashData(bytes)) == sha;
    }

    private async Task<byte[]?> ContentAsync(string sha, CancellationToken cancellationToken)
    {
        var connection = await _store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
                "SELECT content FROM original_files WHERE sha256 = @sha", new { sha }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
