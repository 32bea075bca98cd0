namespace Originality.Storage.Originals;

/// <summary>Where the original files are kept (<c>Storage:Originals</c>).</summary>
public enum OriginalsLocation
{
    /// <summary>A content-addressed folder (<see cref="OriginalFileStore"/>): the embedded default beside SQLite.</summary>
    Files,

    /// <summary>
    /// A table of the database (<see cref="DatabaseOriginalStore"/>): the default on PostgreSQL, so
    /// every process of a scale-out reads every original, and one backup holds rows and files.
    /// </summary>
    Database,
}

/// <summary>
/// The platform's copy of every original file it was given (F-8), addressed by the SHA-256 of its
/// bytes. Every read re-hashes what it returns.
/// </summary>
/// <remarks>Implementations are thread-safe and safe across processes sharing the store.</remarks>
public interface IOriginalStore
{
    /// <summary>Stores <paramref name="content"/> and returns its address; storing the same bytes again is a no-op.</summary>
    Task<OriginalRef> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Reads a stored original after checking its SHA-256.</summary>
    /// <exception cref="FileNotFoundException">Nothing is stored under that hash.</exception>
    /// <exception cref="OriginalCorruptedException">The stored bytes no longer match the hash.</exception>
    Task<byte[]> ReadAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Checks a stored original: true when present and intact.</summary>
    Task<bool> VerifyAsync(string sha256, CancellationToken cancellationToken = default);
}
