using Originality.Engine.Hashing;

namespace Originality.Engine.Indexing;

/// <summary>
/// The small append-only buffer new entries land in before they are sealed into a segment;
/// readers scan it linearly.
/// </summary>
/// <remarks>
/// Single writer, many readers without locks: the writer fills slot <c>count</c> and only then
/// publishes the new count with a release write, so a reader that reads the count first sees
/// complete entries. The key dictionary is the writer's alone.
/// </remarks>
internal sealed class WriteBuffer
{
    private readonly Hash256[] _hashes;
    private readonly long[] _keys;
    private readonly ulong[] _deleted;
    private readonly Dictionary<long, int> _positions;
    private int _count;

    public WriteBuffer(int capacity)
    {
        _hashes = new Hash256[capacity];
        _keys = new long[capacity];
        _deleted = new ulong[(capacity + 63) >> 6];
        _positions = new Dictionary<long, int>(capacity);
    }

    public int Capacity => _keys.Length;

    public bool IsFull => _count == _keys.Length;

    /// <summary>Live entries; writer only.</summary>
    public int LiveCount => _positions.Count;

    public long IndexBytes => (8L * _deleted.Length) + (16L * _positions.Count);

    /// <summary>Writer only.</summary>
    public bool ContainsLive(long key) => _positions.ContainsKey(key);

    /// <summary>Writer only; the buffer must not be full.</summary>
    public void Append(Hash256 hash, long key)
    {
        var slot = _count;
        _hashes[slot] = hash;
        _keys[slot] = key;
        _positions.Add(key, slot);
        Volatile.Write(ref _count, slot + 1);
    }

    /// <summary>Writer only.</summary>
    public bool Remove(long key)
    {
        if (!_positions.Remove(key, out var slot))
        {
            return false;
        }
        ref var word = ref _deleted[slot >> 6];
        Volatile.Write(ref word, word | (1UL << (slot & 63)));
        return true;
    }

    private bool IsDeleted(int slot) => ((Volatile.Read(ref _deleted[slot >> 6]) >> (slot & 63)) & 1) != 0;

    public bool TryGet(long key, out Hash256 hash)
    {
        var count = Volatile.Read(ref _count);
        for (var slot = 0; slot < count; slot++)
        {
            if (_keys[slot] == key && !IsDeleted(slot))
            {
                hash = _hashes[slot];
                return true;
            }
        }
        hash = default;
        return false;
    }

    public int Search(in Hash256 query, int radius, ICollection<IndexHit> results)
    {
        var count = Volatile.Read(ref _count);
        var found = 0;
        for (var slot = 0; slot < count; slot++)
        {
            var distance = HashBits.Distance(query, _hashes[slot]);
            if (distance <= radius && !IsDeleted(slot))
            {
                results.Add(new IndexHit(_keys[slot], _hashes[slot], distance));
                found++;
            }
        }
        return found;
    }

    /// <summary>The live entries sorted by key; writer only.</summary>
    public (Hash256[] Hashes, long[] Keys) TakeLiveSorted()
    {
        var keys = new long[_positions.Count];
        var hashes = new Hash256[_positions.Count];
        var i = 0;
        foreach (var (key, slot) in _positions)
        {
            keys[i] = key;
            hashes[i] = _hashes[slot];
            i++;
        }
        Array.Sort(keys, hashes);
        return (hashes, keys);
    }
}
