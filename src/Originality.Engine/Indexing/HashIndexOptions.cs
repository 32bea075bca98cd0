namespace Originality.Engine.Indexing;

/// <summary>Tuning of a <see cref="HashIndex"/>; <see cref="Default"/> is what the benchmarks justify.</summary>
/// <remarks>
/// Search results never depend on these values, only speed and memory do (see
/// docs/adr/002-index-multi-index-hashing.md).
/// </remarks>
public sealed record HashIndexOptions
{
    /// <summary>12 substrings, 4 096-entry write buffer, segments of 32 768 entries and more get tables.</summary>
    public static HashIndexOptions Default { get; } = new();

    /// <summary>
    /// Number of contiguous substrings the 256 bits are cut into, one lookup table each (8..32).
    /// Each table costs 3 bytes per entry (4 in a segment of more than 2^24 entries) plus its
    /// bucket offsets; 12 keeps the index under 64 bytes per entry even counting the 8-byte key.
    /// </summary>
    public int Substrings { get; init; } = 12;

    /// <summary>
    /// Upper bound of the bucket-offset arrays in bytes per entry; a segment uses the largest
    /// power-of-two bucket count that fits (more buckets, fewer candidates per probe).
    /// </summary>
    public double OffsetBytesPerEntry { get; init; } = 12;

    /// <summary>Entries buffered (and scanned linearly) before they are sealed into a segment.</summary>
    public int WriteBufferCapacity { get; init; } = 4096;

    /// <summary>Segments smaller than this are scanned linearly instead of getting tables.</summary>
    public int MinIndexedSegment { get; init; } = 32768;

    /// <summary>
    /// Merges of segments holding together at least this many entries run on a background
    /// thread, so writers are not held up by them; smaller merges run inline (they take
    /// milliseconds). <see cref="int.MaxValue"/> merges everything inline.
    /// </summary>
    public int BackgroundMergeMinEntries { get; init; } = 1 << 18;

    /// <summary>
    /// A segment is scanned linearly instead when its tables' estimated work (bucket probes plus
    /// candidates, each roughly a cache miss) exceeds this fraction of its entry count: a scan
    /// streams memory at a fraction of a miss per entry. <see cref="double.PositiveInfinity"/>
    /// always uses the tables (while the radius allows), 0 always scans.
    /// </summary>
    public double ScanCostRatio { get; init; } = 0.25;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Substrings, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Substrings, 32);
        ArgumentOutOfRangeException.ThrowIfLessThan(OffsetBytesPerEntry, 0.5);
        ArgumentOutOfRangeException.ThrowIfLessThan(WriteBufferCapacity, 64);
        ArgumentOutOfRangeException.ThrowIfNegative(MinIndexedSegment);
        ArgumentOutOfRangeException.ThrowIfNegative(ScanCostRatio);
        ArgumentOutOfRangeException.ThrowIfNegative(BackgroundMergeMinEntries);
    }
}
