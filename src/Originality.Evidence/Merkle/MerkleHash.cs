using System.Buffers;
using System.Security.Cryptography;

namespace Originality.Evidence;

/// <summary>
/// RFC 9162 section 2.1.1 hashing with SHA-256: leaves and interior nodes carry different
/// one-byte prefixes so that no leaf can pose as an interior node (second-preimage resistance).
/// </summary>
public static class MerkleHash
{
    /// <summary>Bytes in every hash of the tree.</summary>
    public const int Length = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>MTH({}) = SHA-256 of the empty string: the root of a tree with no leaves.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>SHA-256(0x00 || leaf).</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> leaf)
    {
        var result = new byte[Length];
        Leaf(leaf, result);
        return result;
    }

    /// <summary>SHA-256(0x00 || leaf) written into <paramref name="destination"/>.</summary>
    public static void Leaf(ReadOnlySpan<byte> leaf, Span<byte> destination)
    {
        // One-shot hashing of a copied buffer is several times faster than an incremental hash
        // object per leaf, and leaves (record encodings) are small.
        var length = leaf.Length + 1;
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        var input = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        input[0] = LeafPrefix;
        leaf.CopyTo(input[1..]);
        SHA256.HashData(input, destination);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>SHA-256(0x01 || left || right).</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[Length];
        Node(left, right, result);
        return result;
    }

    /// <summary>SHA-256(0x01 || left || right) written into <paramref name="destination"/>.</summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != Length || right.Length != Length)
        {
            throw new ArgumentException("Interior nodes combine two 32-byte hashes.");
        }
        Span<byte> input = stackalloc byte[1 + (2 * Length)];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Length)..]);
        SHA256.HashData(input, destination);
    }
}
