namespace Originality.Evidence;

/// <summary>
/// The RFC 9162 verification algorithms (sections 2.1.3.2 and 2.1.4.2), needing nothing but the
/// hashes: this is what an offline verifier runs.
/// </summary>
public static class MerkleProof
{
    /// <summary>
    /// True when <paramref name="proof"/> shows that the leaf with hash <paramref name="leafHash"/>
    /// sits at <paramref name="leafIndex"/> in the tree of <paramref name="treeSize"/> leaves whose
    /// root is <paramref name="rootHash"/>.
    /// </summary>
    public static bool VerifyInclusion(long leafIndex, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (leafIndex < 0 || leafIndex >= treeSize || !IsHash(leafHash) || !IsHash(rootHash))
        {
            return false;
        }
        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0 || !IsHash(p))
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                // A left child on the right edge has no sibling at the levels it skips.
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(rootHash);
    }

    /// <summary>
    /// True when <paramref name="proof"/> shows that the tree of <paramref name="oldSize"/> leaves
    /// with root <paramref name="oldRoot"/> is a prefix of the tree of <paramref name="newSize"/>
    /// leaves with root <paramref name="newRoot"/>: nothing was changed, only appended.
    /// </summary>
    /// <remarks>
    /// Equal sizes need an empty proof and equal roots; an empty old tree is a prefix of every
    /// tree and needs an empty proof. Otherwise the RFC algorithm applies unchanged.
    /// </remarks>
    public static bool VerifyConsistency(long oldSize, long newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (oldSize < 0 || oldSize > newSize || !IsHash(oldRoot) || !IsHash(newRoot))
        {
            return false;
        }
        if (oldSize == newSize)
        {
            return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        }
        if (oldSize == 0)
        {
            return proof.Count == 0;
        }
        if (proof.Count == 0)
        {
            return false;
        }
        foreach (var p in proof)
        {
            if (!IsHash(p))
            {
                return false;
            }
        }
        // When the old tree is a complete subtree its root is the proof's implicit first node.
        var path = (oldSize & (oldSize - 1)) == 0 ? [oldRoot.ToArray(), .. proof] : proof;
        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(oldRoot) && sr.AsSpan().SequenceEqual(newRoot);
    }

    private static bool IsHash(ReadOnlySpan<byte> hash) => hash.Length == MerkleHash.Length;
}
