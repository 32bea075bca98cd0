using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Originality.Evidence;

namespace Originality.Evidence.Tests;

public class MerkleTreeTests
{
    // Leaf inputs and roots of the RFC 6962 reference test data (certificate-transparency project),
    // a source independent of this code and of the RFC 9162 reading in ReferenceMerkle.
    private static readonly string[] ReferenceLeaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    private static readonly string[] ReferenceRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    private static List<byte[]> Leaves(int count, string salt = "leaf") =>
        Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetBytes($"{salt} {i}")).ToList();

    private static MerkleTree TreeOf(IEnumerable<byte[]> leaves)
    {
        var tree = new MerkleTree();
        foreach (var leaf in leaves)
        {
            tree.AppendLeaf(leaf);
        }
        return tree;
    }

    [Fact]
    public void Roots_match_the_RFC_6962_reference_data()
    {
        var tree = TreeOf(ReferenceLeaves.Select(Convert.FromHexString));

        for (var size = 1; size <= ReferenceLeaves.Length; size++)
        {
            Assert.Equal(ReferenceRoots[size - 1], Convert.ToHexStringLower(tree.RootHash(size)));
        }
    }

    [Fact]
    public void Empty_tree_has_the_hash_of_the_empty_string_as_root()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(new MerkleTree().RootHash()));
    }

    [Fact]
    public void Roots_of_sizes_1_to_17_match_the_recursive_definition()
    {
        var leaves = Leaves(17);
        var tree = TreeOf(leaves);

        for (var size = 1; size <= 17; size++)
        {
            Assert.Equal(ReferenceMerkle.Mth(leaves.Take(size).ToList()), tree.RootHash(size));
        }
    }

    [Fact]
    public void Inclusion_proofs_for_sizes_1_to_17_match_the_recursive_definition_and_verify()
    {
        var leaves = Leaves(17);
        var tree = TreeOf(leaves);

        for (var size = 1; size <= 17; size++)
        {
            var prefix = leaves.Take(size).ToList();
            var root = ReferenceMerkle.Mth(prefix);
            for (var index = 0; index < size; index++)
            {
                var proof = tree.InclusionProof(index, size);

                Assert.Equal(ReferenceMerkle.Path(index, prefix), proof);
                Assert.True(MerkleProof.VerifyInclusion(index, size, MerkleHash.Leaf(leaves[index]), proof, root), $"leaf {index} of {size}");
            }
        }
    }

    [Fact]
    public void Consistency_proofs_for_sizes_up_to_17_match_the_recursive_definition_and_verify()
    {
        var leaves = Leaves(17);
        var tree = TreeOf(leaves);

        for (var newSize = 1; newSize <= 17; newSize++)
        {
            var newRoot = ReferenceMerkle.Mth(leaves.Take(newSize).ToList());
            for (var oldSize = 1; oldSize <= newSize; oldSize++)
            {
                var oldRoot = ReferenceMerkle.Mth(leaves.Take(oldSize).ToList());
                var proof = tree.ConsistencyProof(oldSize, newSize);

                Assert.Equal(ReferenceMerkle.Proof(oldSize, leaves.Take(newSize).ToList()), proof);
                Assert.True(MerkleProof.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, proof), $"{oldSize} -> {newSize}");
            }
        }
    }

    [Fact]
    public void An_inclusion_proof_fails_for_another_leaf_index_or_size()
    {
        var leaves = Leaves(17);
        var tree = TreeOf(leaves);

        for (var size = 2; size <= 17; size++)
        {
            var root = tree.RootHash(size);
            for (var index = 0; index < size; index++)
            {
                var proof = tree.InclusionProof(index, size);
                var leaf = MerkleHash.Leaf(leaves[index]);
                for (var otherIndex = 0; otherIndex < size + 2; otherIndex++)
                {
                    if (otherIndex != index)
                    {
                        Assert.False(MerkleProof.VerifyInclusion(otherIndex, size, leaf, proof, root), $"leaf {index} claimed at {otherIndex} of {size}");
                    }
                }
                Assert.False(MerkleProof.VerifyInclusion(index, size, MerkleHash.Leaf(leaves[(index + 1) % size]), proof, root));
            }
        }
    }

    [Fact]
    public void Changing_any_byte_of_an_inclusion_proof_fails_it()
    {
        var leaves = Leaves(13);
        var tree = TreeOf(leaves);
        var root = tree.RootHash();
        var proof = tree.InclusionProof(5, 13);

        for (var entry = 0; entry < proof.Count; entry++)
        {
            for (var b = 0; b < MerkleHash.Length; b++)
            {
                var tampered = proof.Select(h => h.ToArray()).ToList();
                tampered[entry][b] ^= 0x01;
                Assert.False(MerkleProof.VerifyInclusion(5, 13, MerkleHash.Leaf(leaves[5]), tampered, root));
            }
        }
        Assert.False(MerkleProof.VerifyInclusion(5, 13, MerkleHash.Leaf(leaves[5]), proof.Take(proof.Count - 1).ToList(), root));
        Assert.False(MerkleProof.VerifyInclusion(5, 13, MerkleHash.Leaf(leaves[5]), [.. proof, root], root));
    }

    [Fact]
    public void Changing_any_byte_of_a_consistency_proof_or_root_fails_it()
    {
        var tree = TreeOf(Leaves(15));
        var oldRoot = tree.RootHash(6);
        var newRoot = tree.RootHash(15);
        var proof = tree.ConsistencyProof(6, 15);

        for (var entry = 0; entry < proof.Count; entry++)
        {
            for (var b = 0; b < MerkleHash.Length; b++)
            {
                var tampered = proof.Select(h => h.ToArray()).ToList();
                tampered[entry][b] ^= 0x80;
                Assert.False(MerkleProof.VerifyConsistency(6, 15, oldRoot, newRoot, tampered));
            }
        }
        for (var b = 0; b < MerkleHash.Length; b++)
        {
            var badOld = oldRoot.ToArray();
            badOld[b] ^= 0x01;
            var badNew = newRoot.ToArray();
            badNew[b] ^= 0x01;
            Assert.False(MerkleProof.VerifyConsistency(6, 15, badOld, newRoot, proof));
            Assert.False(MerkleProof.VerifyConsistency(6, 15, oldRoot, badNew, proof));
        }
        Assert.False(MerkleProof.VerifyConsistency(6, 15, oldRoot, newRoot, []));
        Assert.False(MerkleProof.VerifyConsistency(7, 15, oldRoot, newRoot, proof));
    }

    [Fact]
    public void A_forked_history_is_not_consistent()
    {
        // Two logs agree on 9 filings, then one operator rewrites filing 9 onwards.
        var honest = Leaves(16);
        var forked = honest.Take(9).Concat(Leaves(7, "rewritten")).ToList();
        var honestTree = TreeOf(honest);
        var forkedTree = TreeOf(forked);

        for (var oldSize = 10; oldSize <= 16; oldSize++)
        {
            for (var newSize = oldSize; newSize <= 16; newSize++)
            {
                var oldRoot = honestTree.RootHash(oldSize);
                var newRoot = forkedTree.RootHash(newSize);
                Assert.False(MerkleProof.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, forkedTree.ConsistencyProof(oldSize, newSize)), $"{oldSize} -> {newSize} from the fork");
                Assert.False(MerkleProof.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, honestTree.ConsistencyProof(oldSize, newSize)), $"{oldSize} -> {newSize} from the honest log");
            }
        }
        // Before the fork point both histories agree.
        Assert.True(MerkleProof.VerifyConsistency(9, 16, honestTree.RootHash(9), forkedTree.RootHash(16), forkedTree.ConsistencyProof(9, 16)));
    }

    [Property(MaxTest = 60)]
    public void Inclusion_and_consistency_proofs_verify_for_random_sizes(PositiveInt rawSize, NonNegativeInt rawIndex, NonNegativeInt rawOld)
    {
        var size = 1 + (rawSize.Get * 37 % 3000);
        var index = rawIndex.Get % size;
        var oldSize = 1 + (rawOld.Get % size);
        var leaves = Leaves(size, "random");
        var tree = TreeOf(leaves);
        var root = tree.RootHash();

        Assert.True(MerkleProof.VerifyInclusion(index, size, MerkleHash.Leaf(leaves[index]), tree.InclusionProof(index, size), root));
        Assert.True(MerkleProof.VerifyConsistency(oldSize, size, tree.RootHash(oldSize), root, tree.ConsistencyProof(oldSize, size)));
        Assert.True(MerkleProof.VerifyInclusion(index % oldSize, oldSize, MerkleHash.Leaf(leaves[index % oldSize]), tree.InclusionProof(index % oldSize, oldSize), tree.RootHash(oldSize)));
    }

    [Fact]
    public void Proofs_verify_in_a_tree_of_a_million_leaves()
    {
        const int size = (1 << 20) + 5;
        var tree = new MerkleTree();
        Span<byte> leaf = stackalloc byte[8];
        for (var i = 0; i < size; i++)
        {
            BitConverter.TryWriteBytes(leaf, (long)i);
            tree.AppendLeaf(leaf);
        }
        var root = tree.RootHash();
        var random = new Random(20261125);

        for (var check = 0; check < 200; check++)
        {
            var index = random.Next(size);
            BitConverter.TryWriteBytes(leaf, (long)index);
            Assert.True(MerkleProof.VerifyInclusion(index, size, MerkleHash.Leaf(leaf), tree.InclusionProof(index, size), root));
            var oldSize = 1 + random.Next(size);
            Assert.True(MerkleProof.VerifyConsistency(oldSize, size, tree.RootHash(oldSize), root, tree.ConsistencyProof(oldSize, size)));
        }
    }
}
