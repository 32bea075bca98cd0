namespace Originality.Engine.Indexing;

/// <summary>Size and shape of a <see cref="HashIndex"/> at one moment.</summary>
/// <param name="Count">Live entries.</param>
/// <param name="Segments">Immutable segments (each with its own tables when large enough).</param>
/// <param name="BufferedEntries">Entries in the write buffer, scanned linearly until sealed.</param>
/// <param name="StoredEntries">Entries held in memory, including removed ones not yet compacted away.</param>
/// <param name="IndexBytes">
/// Bytes held beyond the 32-byte hash and 8-byte key of each stored entry: lookup tables,
/// tombstones and the write buffer's key map.
/// </param>
public readonly record struct HashIndexStatistics(int Count, int Segments, int BufferedEntries, long StoredEntries, long IndexBytes)
{
    /// <summary><see cref="IndexBytes"/> per live entry (0 when empty).</summary>
    public double IndexBytesPerEntry => Count == 0 ? 0 : (double)IndexBytes / Count;
}
