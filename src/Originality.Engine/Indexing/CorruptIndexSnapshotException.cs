namespace Originality.Engine.Indexing;

/// <summary>
/// A <see cref="HashIndex"/> snapshot file that is truncated, corrupted or of an unknown format or
/// version; nothing from it was loaded.
/// </summary>
public sealed class CorruptIndexSnapshotException : IOException
{
    /// <summary>Creates the exception with a message that says what is wrong with the file.</summary>
    public CorruptIndexSnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public CorruptIndexSnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public CorruptIndexSnapshotException()
        : base("The index snapshot is corrupt.")
    {
    }
}
