using Originality.Engine.Hashing;

namespace Originality.Engine.Indexing;

/// <summary>
/// An in-memory index of 256-bit hashes with exact Hamming radius search, built on multi-index
/// hashing (Norouzi, Punjani and Fleet, "Fast search in Hamming space with multi-index hashing").
/// </summary>
/// <remarks>
/// <para>
/// Each entry is a hash and a caller-defined <see cref="long"/> key. Keys are unique among live
/// entries; several entries may share a hash. Searches are exact: every live entry within the
/// radius is returned, once, with its distance (see docs/adr/002-index-multi-index-hashing.md
/// for why this holds and what it costs).
/// </para>
/// <para>
/// Thread safety: any number of threads may search and read (<see cref="Search(Hash256, int, ICollection{IndexHit})"/>,
/// <see cref="Nearest"/>, <see cref="TryGetHash"/>, <see cref="Contains"/>, <see cref="Count"/>)
/// concurrently with one another and with writers, and are never blocked. Writers
/// (<see cref="Add"/>, <see cref="AddRange"/>, <see cref="Remove"/>, <see cref="Compact"/>) are
/// serialised by an internal lock; small merges run inline, large ones on a background task
/// (<see cref="HashIndexOptions.BackgroundMergeMinEntries"/>), while <see cref="AddRange"/> and
/// <see cref="Compact"/> build inline and hold the lock for that time. <see cref="SaveAsync(string, CancellationToken)"/>
/// and <see cref="GetStatistics"/> take that lock only to fix a consistent view, then write
/// without it. A search sees every entry that was present for its whole duration and none that
/// was absent for its whole duration; entries added or removed while it runs may or may not be seen.
/// </para>
/// <para>
/// Layout: new entries go to a small write buffer that searches scan linearly; a full buffer is
/// sealed into an immutable segment sorted by key, and segments of similar size are merged
/// (like a binary counter), so there are O(log n) of them. Readers pick up a new set of segments
/// through one volatile reference swap.
/// </para>
/// </remarks>
public sealed class HashIndex
{
    private readonly Lock _writeLock = new();
    private readonly SubstringLayout _layout;
    private IndexState _state;
    private int _count;
    private Task? _backgroundMerge;
    private Segment? _mergingOlder;
    private Segment? _mergingNewer;

    /// <summary>Creates an empty index.</summary>
    public HashIndex(HashIndexOptions? options = null)
    {
        HashBits.AssertLayout();
        Options = options ?? HashIndexOptions.Default;
        Options.Validate();
        _layout = SubstringLayout.Create(Options.Substrings);
        _state = new IndexState([], new WriteBuffer(Options.WriteBufferCapacity));
    }

    /// <summary>The tuning this index was created with.</summary>
    public HashIndexOptions Options { get; }

    /// <summary>Number of live entries.</summary>
    public int Count => Volatile.Read(ref _count);

    private IndexState State => Volatile.Read(ref _state);

    /// <summary>Adds an entry.</summary>
    /// <exception cref="ArgumentException">An entry with <paramref name="key"/> is already present.</exception>
    public void Add(Hash256 hash, long key)
    {
        lock (_writeLock)
        {
            if (ContainsLiveUnderLock(key))
            {
                throw new ArgumentException($"An entry with key {key} is already in the index.", nameof(key));
            }
            var state = _state;
            state.Buffer.Append(hash, key);
            Volatile.Write(ref _count, _count + 1);
            if (state.Buffer.IsFull)
            {
                SealBuffer();
            }
        }
    }

    /// <summary>
    /// Adds many entries at once, building one segment directly instead of going through the
    /// write buffer; all or nothing.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, a key repeats, or a key is already present.
    /// </exception>
    public void AddRange(ReadOnlySpan<Hash256> hashes, ReadOnlySpan<long> keys)
    {
        if (hashes.Length != keys.Length)
        {
            throw new ArgumentException("Hashes and keys must have the same length.", nameof(keys));
        }
        var sortedKeys = keys.ToArray();
        var sortedHashes = hashes.ToArray();
        Array.Sort(sortedKeys, sortedHashes);
        for (var i = 1; i < sortedKeys.Length; i++)
        {
            if (sortedKeys[i] == sortedKeys[i - 1])
            {
                throw new ArgumentException($"Key {sortedKeys[i]} occurs more than once.", nameof(keys));
            }
        }
        lock (_writeLock)
        {
            foreach (var key in sortedKeys)
            {
                if (ContainsLiveUnderLock(key))
                {
                    throw new ArgumentException($"An entry with key {key} is already in the index.", nameof(keys));
                }
            }
            if (sortedKeys.Length == 0)
            {
                return;
            }
            var segment = Segment.FromSorted(sortedHashes, sortedKeys, _layout, Options);
            var segments = new List<Segment>(_state.Segments) { segment };
            MergeTail(segments);
            Volatile.Write(ref _state, _state with { Segments = [.. segments] });
            Volatile.Write(ref _count, _count + sortedKeys.Length);
        }
    }

    /// <summary>Removes the entry with this key.</summary>
    /// <returns>Whether an entry was removed.</returns>
    public bool Remove(long key)
    {
        lock (_writeLock)
        {
            var state = _state;
            if (state.Buffer.Remove(key))
            {
                Volatile.Write(ref _count, _count - 1);
                return true;
            }
            for (var s = state.Segments.Length - 1; s >= 0; s--)
            {
                var segment = state.Segments[s];
                var position = segment.FindLive(key);
                if (position >= 0)
                {
                    segment.MarkDeleted(position);
                    Volatile.Write(ref _count, _count - 1);
                    if (segment.LiveCount < segment.Count / 2)
                    {
                        RebuildWithoutRemoved(s);
                    }
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>The hash of the live entry with this key, if any.</summary>
    public bool TryGetHash(long key, out Hash256 hash)
    {
        var state = State;
        if (state.Buffer.TryGet(key, out hash))
        {
            return true;
        }
        foreach (var segment in state.Segments)
        {
            var position = segment.FindLive(key);
            if (position >= 0)
            {
                hash = segment.Hashes[position];
                return true;
            }
        }
        hash = default;
        return false;
    }

    /// <summary>Whether a live entry has this key.</summary>
    public bool Contains(long key) => TryGetHash(key, out _);

    /// <summary>
    /// Appends every live entry within Hamming distance <paramref name="radius"/> of
    /// <paramref name="query"/> to <paramref name="results"/>, each exactly once, in no particular order.
    /// </summary>
    /// <returns>The number of hits appended.</returns>
    public int Search(Hash256 query, int radius, ICollection<IndexHit> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        radius = Math.Min(radius, Hash256.Bits);
        var state = State;
        var found = 0;
        foreach (var segment in state.Segments)
        {
            found += segment.Search(query, radius, results);
        }
        return found + state.Buffer.Search(query, radius, results);
    }

    /// <summary>
    /// Every live entry within Hamming distance <paramref name="radius"/> of <paramref name="query"/>,
    /// nearest first (ties by key).
    /// </summary>
    public IReadOnlyList<IndexHit> Search(Hash256 query, int radius)
    {
        var hits = new List<IndexHit>();
        Search(query, radius, hits);
        hits.Sort(CompareByDistanceThenKey);
        return hits;
    }

    /// <summary>
    /// The <paramref name="count"/> nearest live entries within <paramref name="maxRadius"/>,
    /// nearest first (ties by key); costs one search at <paramref name="maxRadius"/>.
    /// </summary>
    public IReadOnlyList<IndexHit> Nearest(Hash256 query, int count, int maxRadius)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var hits = new List<IndexHit>();
        Search(query, maxRadius, hits);
        hits.Sort(CompareByDistanceThenKey);
        if (hits.Count > count)
        {
            hits.RemoveRange(count, hits.Count - count);
        }
        return hits;
    }

    /// <summary>
    /// Seals the write buffer and merges all segments into one, dropping removed entries; makes
    /// later searches as fast as they get. Blocks writers, not readers, while it runs.
    /// </summary>
    public void Compact()
    {
        lock (_writeLock)
        {
            var state = _state;
            var segments = new List<Segment>(state.Segments);
            if (state.Buffer.LiveCount > 0)
            {
                var (hashes, keys) = state.Buffer.TakeLiveSorted();
                segments.Add(Segment.FromSorted(hashes, keys, _layout, Options));
            }
            if (segments.Count > 1 || (segments.Count == 1 && segments[0].LiveCount < segments[0].Count))
            {
                var (hashes, keys) = Segment.MergeLive(segments);
                segments = keys.Length == 0 ? [] : [Segment.FromSorted(hashes, keys, _layout, Options)];
            }
            Volatile.Write(ref _state, new IndexState([.. segments], new WriteBuffer(Options.WriteBufferCapacity)));
        }
    }

    /// <summary>
    /// Completes when no background merge is running (see
    /// <see cref="HashIndexOptions.BackgroundMergeMinEntries"/>); for orderly shutdown and tests.
    /// Searches never need to wait for it.
    /// </summary>
    public async Task WaitForBackgroundMergesAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task? running;
            lock (_writeLock)
            {
                running = _backgroundMerge;
            }
            if (running is null)
            {
                return;
            }
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Size and shape of the index now.</summary>
    public HashIndexStatistics GetStatistics()
    {
        lock (_writeLock)
        {
            var state = _state;
            long stored = state.Buffer.LiveCount;
            var bytes = state.Buffer.IndexBytes;
            foreach (var segment in state.Segments)
            {
                stored += segment.Count;
                bytes += segment.IndexBytes;
            }
            return new HashIndexStatistics(_count, state.Segments.Length, state.Buffer.LiveCount, stored, bytes);
        }
    }

    /// <summary>
    /// Writes a snapshot of the live entries to <paramref name="path"/>: first to a temporary
    /// file beside it, flushed to disk, then renamed over <paramref name="path"/>, so a crash
    /// leaves either the old file or the new one. Writers are blocked only while the view is taken.
    /// </summary>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) =>
        IndexSnapshotFile.SaveAsync(TakeView(), path, cancellationToken);

    /// <summary>Writes a snapshot of the live entries to <paramref name="stream"/> (see the file format in the ADR).</summary>
    public Task SaveAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return IndexSnapshotFile.WriteAsync(TakeView(), stream, cancellationToken);
    }

    /// <summary>Loads an index saved by <see cref="SaveAsync(string, CancellationToken)"/>.</summary>
    /// <exception cref="CorruptIndexSnapshotException">The file is truncated, corrupted or of another format or version.</exception>
    public static Task<HashIndex> LoadAsync(string path, HashIndexOptions? options = null, CancellationToken cancellationToken = default) =>
        IndexSnapshotFile.LoadAsync(path, options, cancellationToken);

    /// <summary>Loads an index saved by <see cref="SaveAsync(Stream, CancellationToken)"/>.</summary>
    /// <exception cref="CorruptIndexSnapshotException">The data is truncated, corrupted or of another format or version.</exception>
    public static Task<HashIndex> LoadAsync(Stream stream, HashIndexOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return IndexSnapshotFile.ReadAsync(stream, options, cancellationToken);
    }

    /// <summary>An index over entries already sorted by strictly ascending key (the snapshot loader's path).</summary>
    internal static HashIndex FromSorted(Hash256[] hashes, long[] keys, HashIndexOptions? options)
    {
        var index = new HashIndex(options);
        if (keys.Length > 0)
        {
            index._state = index._state with { Segments = [Segment.FromSorted(hashes, keys, index._layout, index.Options)] };
            index._count = keys.Length;
        }
        return index;
    }

    /// <summary>A consistent copy-free view for saving: the segments, their tombstones now, and the buffer's live entries.</summary>
    internal SnapshotView TakeView()
    {
        lock (_writeLock)
        {
            var state = _state;
            var sources = new List<Segment>(state.Segments);
            var tombstones = sources.Select(s => s.CopyTombstones()).ToList();
            if (state.Buffer.LiveCount > 0)
            {
                var (hashes, keys) = state.Buffer.TakeLiveSorted();
                var buffered = Segment.FromSorted(hashes, keys, _layout, Options with { MinIndexedSegment = int.MaxValue });
                sources.Add(buffered);
                tombstones.Add(buffered.CopyTombstones());
            }
            return new SnapshotView(sources, tombstones, _count);
        }
    }

    private static int CompareByDistanceThenKey(IndexHit a, IndexHit b)
    {
        var byDistance = a.Distance.CompareTo(b.Distance);
        return byDistance != 0 ? byDistance : a.Key.CompareTo(b.Key);
    }

    private bool ContainsLiveUnderLock(long key)
    {
        var state = _state;
        if (state.Buffer.ContainsLive(key))
        {
            return true;
        }
        foreach (var segment in state.Segments)
        {
            if (segment.FindLive(key) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    private void SealBuffer()
    {
        var state = _state;
        var segments = new List<Segment>(state.Segments);
        if (state.Buffer.LiveCount > 0)
        {
            var (hashes, keys) = state.Buffer.TakeLiveSorted();
            segments.Add(Segment.FromSorted(hashes, keys, _layout, Options));
            MergeTail(segments);
        }
        // Readers still holding the old state keep scanning the old buffer, which no longer changes.
        Volatile.Write(ref _state, new IndexState([.. segments], new WriteBuffer(Options.WriteBufferCapacity)));
    }

    /// <summary>
    /// Merges neighbouring segments, newest first, while one is at least half the size of the one
    /// before it, so sizes fall geometrically and there are O(log n) segments. A large merge is
    /// handed to a background task (one at a time) and the pass stops there; the task's
    /// completion runs the pass again.
    /// </summary>
    private void MergeTail(List<Segment> segments)
    {
        while (true)
        {
            var i = segments.Count - 2;
            while (i >= 0 && 2L * segments[i + 1].LiveCount < segments[i].LiveCount)
            {
                i--;
            }
            if (i < 0)
            {
                return;
            }
            var older = segments[i];
            var newer = segments[i + 1];
            if ((long)older.LiveCount + newer.LiveCount >= Options.BackgroundMergeMinEntries
                || older == _mergingOlder || newer == _mergingOlder || older == _mergingNewer || newer == _mergingNewer)
            {
                if (_backgroundMerge is null)
                {
                    // Tombstones as of now: removals made while the merge runs are replayed onto its result.
                    ulong[][] asOf = [older.CopyTombstones(), newer.CopyTombstones()];
                    (_mergingOlder, _mergingNewer) = (older, newer);
                    _backgroundMerge = Task.Run(() => MergeInBackground(older, newer, asOf));
                }
                return;
            }
            var (hashes, keys) = Segment.MergeLive([older, newer]);
            segments.RemoveRange(i, 2);
            if (keys.Length > 0)
            {
                segments.Insert(i, Segment.FromSorted(hashes, keys, _layout, Options));
            }
        }
    }

    private void MergeInBackground(Segment older, Segment newer, ulong[][] asOf)
    {
        Segment? merged = null;
        var built = false;
        try
        {
            var (hashes, keys) = Segment.MergeLive([older, newer], asOf);
            merged = keys.Length == 0 ? null : Segment.FromSorted(hashes, keys, _layout, Options);
            built = true;
        }
        catch (OutOfMemoryException)
        {
            // The inputs stay in place, so the index stays complete; the next seal tries again.
        }
        finally
        {
            lock (_writeLock)
            {
                _backgroundMerge = null;
                (_mergingOlder, _mergingNewer) = (null, null);
                if (built)
                {
                    Install(older, newer, asOf, merged);
                }
            }
        }
    }

    /// <summary>Swaps a background merge's result in for its inputs; under the write lock.</summary>
    private void Install(Segment older, Segment newer, ulong[][] asOf, Segment? merged)
    {
        var state = _state;
        var segments = new List<Segment>(state.Segments);
        var at = segments.IndexOf(older);
        // Compact() or a rebuild may have replaced an input meanwhile; then this result is stale.
        if (at < 0 || !segments.Contains(newer))
        {
            return;
        }
        if (merged is not null)
        {
            ReplayRemovals(older, asOf[0], merged);
            ReplayRemovals(newer, asOf[1], merged);
        }
        segments.Remove(older);
        segments.Remove(newer);
        if (merged is not null)
        {
            segments.Insert(at, merged);
        }
        MergeTail(segments);
        Volatile.Write(ref _state, state with { Segments = [.. segments] });
    }

    private static void ReplayRemovals(Segment source, ulong[] asOf, Segment merged)
    {
        foreach (var position in source.RemovedSince(asOf))
        {
            var target = merged.FindLive(source.Keys[position]);
            if (target >= 0)
            {
                merged.MarkDeleted(target);
            }
        }
    }

    private void RebuildWithoutRemoved(int segmentIndex)
    {
        var state = _state;
        var segments = new List<Segment>(state.Segments);
        var (hashes, keys) = Segment.MergeLive([segments[segmentIndex]]);
        segments.RemoveAt(segmentIndex);
        if (keys.Length > 0)
        {
            segments.Insert(segmentIndex, Segment.FromSorted(hashes, keys, _layout, Options));
        }
        Volatile.Write(ref _state, state with { Segments = [.. segments] });
    }

    private sealed record IndexState(Segment[] Segments, WriteBuffer Buffer);
}

/// <summary>What a save writes: sources sorted by key with their tombstones fixed at one moment.</summary>
internal sealed record SnapshotView(IReadOnlyList<Segment> Sources, IReadOnlyList<ulong[]> Tombstones, int Count);
