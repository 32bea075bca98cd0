using System.Numerics;

namespace Originality.Evidence;

/// <summary>
/// An append-only RFC 9162 Merkle tree over leaf hashes, answering roots, inclusion proofs and
/// consistency proofs for its current size and for every earlier size.
/// </summary>
/// <remarks>
/// Every complete subtree (2^k leaves starting at a multiple of 2^k) is hashed once, when its
/// last leaf arrives, and kept in level k; that is about 2n hashes of 32 bytes in flat arrays.
/// In the RFC's tree of any size every node is either such a complete subtree or lies on the
/// right edge, whose hash takes one lookup per level; so append is amortised O(1) and every root
/// or proof costs O(log n) hashes, for the current size and any older one. Not thread safe: the
/// owner (e.g. <see cref="FilingLog"/>) serialises access.
/// </remarks>
public sealed class MerkleTree
{
    // _levels[k] holds the hashes of the complete subtrees of 2^k leaves, left to right.
    private readonly List<HashList> _levels = [new HashList()];

    /// <summary>Number of leaves.</summary>
    public long Count => _levels[0].Count;

    /// <summary>Appends a leaf by its RFC 9162 leaf hash; returns its index.</summary>
    public long Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHash.Length)
        {
            throw new ArgumentException("A leaf hash has 32 bytes.", nameof(leafHash));
        }
        var index = _levels[0].Count;
        _levels[0].Add(leafHash);
        Span<byte> combined = stackalloc byte[MerkleHash.Length];
        // Each trailing 1 bit of the new count closes a complete subtree one level up.
        for (var level = 0; (_levels[level].Count & 1) == 0; level++)
        {
            var hashes = _levels[level];
            MerkleHash.Node(hashes[hashes.Count - 2], hashes[hashes.Count - 1], combined);
            if (_levels.Count == level + 1)
            {
                _levels.Add(new HashList());
            }
            _levels[level + 1].Add(combined);
        }
        return index;
    }

    /// <summary>Appends the leaf hash of <paramref name="leaf"/>; returns its index.</summary>
    public long AppendLeaf(ReadOnlySpan<byte> leaf) => Append(MerkleHash.Leaf(leaf));

    /// <summary>The leaf hash at <paramref name="index"/>.</summary>
    public byte[] LeafHash(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _levels[0][index].ToArray();
    }

    /// <summary>MTH of the first <paramref name="size"/> leaves (size 0 gives the hash of the empty string).</summary>
    public byte[] RootHash(long size)
    {
        RequireSize(size);
        return size == 0 ? MerkleHash.EmptyRoot() : SubtreeHash(0, size);
    }

    /// <summary>MTH of the whole tree.</summary>
    public byte[] RootHash() => RootHash(Count);

    /// <summary>RFC 9162 PATH(m, D[n]): the inclusion proof of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        RequireSize(size);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var proof = new List<byte[]>();
        Path(index, 0, size, proof);
        return proof;
    }

    /// <summary>
    /// RFC 9162 PROOF(m, D[n]): the consistency proof between the trees of the first
    /// <paramref name="oldSize"/> and <paramref name="newSize"/> leaves; empty when the sizes are
    /// equal or the old tree is empty.
    /// </summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long oldSize, long newSize)
    {
        RequireSize(newSize);
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, newSize);
        var proof = new List<byte[]>();
        if (oldSize > 0)
        {
            SubProof(oldSize, 0, newSize, startsAtOldRoot: true, proof);
        }
        return proof;
    }

    // PATH(m, D[start:end]); proof entries come leaf-side first, hence the add after recursing.
    private void Path(long m, long start, long end, List<byte[]> proof)
    {
        var n = end - start;
        if (n <= 1)
        {
            return;
        }
        var k = SplitPoint(n);
        if (m < k)
        {
            Path(m, start, start + k, proof);
            proof.Add(SubtreeHash(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, proof);
            proof.Add(SubtreeHash(start, start + k));
        }
    }

    // SUBPROOF(m, D[start:end], b).
    private void SubProof(long m, long start, long end, bool startsAtOldRoot, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!startsAtOldRoot)
            {
                proof.Add(SubtreeHash(start, end));
            }
            return;
        }
        var k = SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, startsAtOldRoot, proof);
            proof.Add(SubtreeHash(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, startsAtOldRoot: false, proof);
            proof.Add(SubtreeHash(start, start + k));
        }
    }

    // MTH(D[start:end]) for a node of the RFC tree: complete nodes are stored, the others are on
    // the right edge and split into a stored left part and a smaller right-edge part.
    private byte[] SubtreeHash(long start, long end)
    {
        var n = end - start;
        if (BitOperations.IsPow2(n) && start % n == 0)
        {
            var level = BitOperations.Log2((ulong)n);
            return _levels[level][start >> level].ToArray();
        }
        var k = SplitPoint(n);
        return MerkleHash.Node(SubtreeHash(start, start + k), SubtreeHash(start + k, end));
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n &gt; 1).</summary>
    internal static long SplitPoint(long n) => (long)BitOperations.RoundUpToPowerOf2((ulong)n) >> 1;

    private void RequireSize(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Count);
    }

    /// <summary>A growable flat array of 32-byte hashes; one object per level instead of one per hash.</summary>
    private sealed class HashList
    {
        private byte[] _bytes = new byte[MerkleHash.Length * 16];

        public long Count { get; private set; }

        public ReadOnlySpan<byte> this[long index] => _bytes.AsSpan(checked((int)(index * MerkleHash.Length)), MerkleHash.Length);

        public void Add(ReadOnlySpan<byte> hash)
        {
            var offset = checked((int)(Count * MerkleHash.Length));
            if (offset + MerkleHash.Length > _bytes.Length)
            {
                var grown = Math.Min((long)_bytes.Length * 2, Array.MaxLength / MerkleHash.Length * MerkleHash.Length);
                if (grown <= _bytes.Length)
                {
                    throw new InvalidOperationException("The tree is full (about 67 million leaves).");
                }
                Array.Resize(ref _bytes, (int)grown);
            }
            hash.CopyTo(_bytes.AsSpan(offset));
            Count++;
        }
    }
}
