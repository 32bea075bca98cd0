using System.Security.Cryptography;

namespace Originality.Storage.Originals;

/// <summary>A stored original: its SHA-256 (lower-case hex) and length in bytes.</summary>
public readonly record struct OriginalRef(string Sha256, long Length);

/// <summary>A stored original whose bytes no longer match their SHA-256.</summary>
public sealed class OriginalCorruptedException : Exception
{
    public OriginalCorruptedException()
    {
    }

    public OriginalCorruptedException(string message) : base(message)
    {
    }

    public OriginalCorruptedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The hash the file is stored under.</summary>
    public string? ExpectedSha256 { get; init; }

    /// <summary>The hash of what is on disk now.</summary>
    public string? ActualSha256 { get; init; }
}

/// <summary>
/// The platform's copy of every original file it was given (F-8), addressed by content:
/// <c>{root}/ab/cd/abcd…</c> where the name is the file's SHA-256.
/// </summary>
/// <remarks>
/// Writes go to a temporary file in the same folder, are flushed to disk, then renamed into place,
/// so a crash leaves either no file or a complete one. Putting the same bytes again is a no-op.
/// Every read re-hashes the bytes: a damaged file raises <see cref="OriginalCorruptedException"/>
/// and is never returned. Thread-safe and safe across processes sharing the folder.
/// </remarks>
public sealed class OriginalFileStore : IOriginalStore
{
    /// <summary>Creates a store rooted at <paramref name="root"/> (created on first write).</summary>
    public OriginalFileStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The store's folder.</summary>
    public string Root { get; }

    /// <summary>Stores <paramref name="content"/> and returns its address.</summary>
    public async Task<OriginalRef> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var path = PathOf(sha);
        if (File.Exists(path) && await IsIntactAsync(path, sha, cancellationToken).ConfigureAwait(false))
        {
            return new OriginalRef(sha, content.Length);
        }
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, "." + sha + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                // Durable before it becomes visible under its final name.
                stream.Flush(flushToDisk: true);
            }
            // Overwrite only replaces a damaged copy (the intact case returned above); a concurrent
            // writer of the same content renames identical bytes, so the race is harmless.
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
        return new OriginalRef(sha, content.Length);
    }

    /// <summary>Stores everything read from <paramref name="content"/>.</summary>
    public async Task<OriginalRef> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await PutAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a file is stored under <paramref name="sha256"/> (without checking it).</summary>
    public bool Contains(string sha256) => File.Exists(PathOf(Normalize(sha256)));

    /// <summary>Reads a stored original after checking its SHA-256.</summary>
    /// <exception cref="FileNotFoundException">Nothing is stored under that hash.</exception>
    /// <exception cref="OriginalCorruptedException">The stored bytes no longer match the hash.</exception>
    public async Task<byte[]> ReadAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var sha = Normalize(sha256);
        var path = PathOf(sha);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("No original is stored under " + sha + ".", path);
        }
        return Checked(sha, await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Returns <paramref name="bytes"/> when they hash to <paramref name="sha"/>; the one check every store's read makes.</summary>
    /// <exception cref="OriginalCorruptedException">They do not.</exception>
    internal static byte[] Checked(string sha, byte[] bytes)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != sha)
        {
            throw new OriginalCorruptedException("The original stored under " + sha + " is damaged (its bytes hash to " + actual + ").")
            {
                ExpectedSha256 = sha,
                ActualSha256 = actual,
            };
        }
        return bytes;
    }

    /// <summary>Checks a stored original: true when present and intact.</summary>
    public async Task<bool> VerifyAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var sha = Normalize(sha256);
        var path = PathOf(sha);
        return File.Exists(path) && await IsIntactAsync(path, sha, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The file path for a hash (for diagnostics and tests).</summary>
    public string PathOf(string sha256)
    {
        var sha = Normalize(sha256);
        return Path.Combine(Root, sha[..2], sha[2..4], sha);
    }

    private static async Task<bool> IsIntactAsync(string path, string sha, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            return actual == sha;
        }
    }

    internal static string Normalize(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException("A SHA-256 is 64 hex digits.", nameof(sha256));
        }
        return sha256.ToLowerInvariant();
    }
}
