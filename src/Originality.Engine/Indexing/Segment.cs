using Originality.Engine.Hashing;

namespace Originality.Engine.Indexing;

/// <summary>
/// An immutable run of entries sorted by key, with multi-index tables when it is large enough,
/// and a tombstone bit per entry for removals.
/// </summary>
/// <remarks>
/// Hashes, keys and tables never change after construction. Tombstones are only ever set, by
/// the index's single writer, and read without locks: a reader may or may not see a removal that
/// races with its search, but never misses an entry that was present throughout.
/// Sorting by key lets removals find an entry by binary search, so no key dictionary is needed.
/// </remarks>
internal sealed class Segment
{
    private readonly ulong[] _deleted;
    private readonly MultiIndexTables? _tables;

    private Segment(Hash256[] hashes, long[] keys, MultiIndexTables? tables)
    {
        Hashes = hashes;
        Keys = keys;
        _tables = tables;
        _deleted = new ulong[(keys.Length + 63) >> 6];
        LiveCount = keys.Length;
    }

    public Hash256[] Hashes { get; }

    /// <summary>Strictly ascending.</summary>
    public long[] Keys { get; }

    public int Count => Keys.Length;

    /// <summary>Entries not removed; changed only by the writer.</summary>
    public int LiveCount { get; private set; }

    public bool HasTables => _tables is not null;

    public int BucketBits => _tables?.BucketBits ?? 0;

    /// <summary>Bytes beyond the 40 of hash and key per entry: tables and tombstones.</summary>
    public long IndexBytes => (_tables?.Bytes ?? 0) + (8L * _deleted.Length);

    /// <summary>Takes ownership of arrays already sorted by strictly ascending key.</summary>
    public static Segment FromSorted(Hash256[] hashes, long[] keys, SubstringLayout layout, HashIndexOptions options) =>
        new(hashes, keys, MultiIndexTables.TryBuild(hashes, layout, options));

    public bool IsDeleted(int position) => ((Volatile.Read(ref _deleted[position >> 6]) >> (position & 63)) & 1) != 0;

    /// <summary>Position of a live entry with this key, or −1.</summary>
    public int FindLive(long key)
    {
        var position = Array.BinarySearch(Keys, key);
        return position >= 0 && !IsDeleted(position) ? position : -1;
    }

    /// <summary>Writer only.</summary>
    public void MarkDeleted(int position)
    {
        ref var word = ref _deleted[position >> 6];
        Volatile.Write(ref word, word | (1UL << (position & 63)));
        LiveCount--;
    }

    /// <summary>Positions removed now that were not removed in <paramref name="before"/> (a <see cref="CopyTombstones"/>); writer only.</summary>
    public List<int> RemovedSince(ulong[] before)
    {
        var removed = new List<int>();
        for (var w = 0; w < _deleted.Length; w++)
        {
            var late = Volatile.Read(ref _deleted[w]) & ~before[w];
            while (late != 0)
            {
                removed.Add((w << 6) + System.Numerics.BitOperations.TrailingZeroCount(late));
                late &= late - 1;
            }
        }
        return removed;
    }

    /// <summary>A copy of the tombstones, for a consistent view while the writer moves on.</summary>
    public ulong[] CopyTombstones() => (ulong[])_deleted.Clone();

    public int Search(in Hash256 query, int radius, ICollection<IndexHit> results)
    {
        if (_tables is not null && !_tables.PrefersScan(radius))
        {
            return _tables.Search(this, query, radius, results);
        }
        return Scan(query, radius, results);
    }

    public int Scan(in Hash256 query, int radius, ICollection<IndexHit> results)
    {
        var found = 0;
        var hashes = Hashes;
        for (var j = 0; j < hashes.Length; j++)
        {
            var distance = HashBits.Distance(query, hashes[j]);
            if (distance <= radius && !IsDeleted(j))
            {
                results.Add(new IndexHit(Keys[j], hashes[j], distance));
                found++;
            }
        }
        return found;
    }

    /// <summary>
    /// The live entries of several segments as one sorted run. Live keys are unique across the
    /// index, so a plain k-way merge by key suffices; <paramref name="tombstones"/> (one per
    /// source, or null to read the live ones) fixes which entries count as removed.
    /// </summary>
    public static (Hash256[] Hashes, long[] Keys) MergeLive(IReadOnlyList<Segment> sources, IReadOnlyList<ulong[]>? tombstones = null)
    {
        var total = 0;
        foreach (var source in sources)
        {
            total += source.Count;
        }
        var hashes = new Hash256[total];
        var keys = new long[total];
        var cursor = new int[sources.Count];
        var written = 0;
        while (true)
        {
            var best = -1;
            var bestKey = long.MaxValue;
            for (var s = 0; s < sources.Count; s++)
            {
                var source = sources[s];
                // Skip removed entries at the cursor.
                while (cursor[s] < source.Count && IsRemoved(source, s, cursor[s], tombstones))
                {
                    cursor[s]++;
                }
                if (cursor[s] < source.Count && (best < 0 || source.Keys[cursor[s]] < bestKey))
                {
                    best = s;
                    bestKey = source.Keys[cursor[s]];
                }
            }
            if (best < 0)
            {
                break;
            }
            hashes[written] = sources[best].Hashes[cursor[best]];
            keys[written] = bestKey;
            written++;
            cursor[best]++;
        }
        Array.Resize(ref hashes, written);
        Array.Resize(ref keys, written);
        return (hashes, keys);
    }

    private static bool IsRemoved(Segment source, int s, int position, IReadOnlyList<ulong[]>? tombstones) =>
        tombstones is null
            ? source.IsDeleted(position)
            : ((tombstones[s][position >> 6] >> (position & 63)) & 1) != 0;
}
