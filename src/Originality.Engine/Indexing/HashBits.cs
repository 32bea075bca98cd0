using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Originality.Engine.Hashing;

namespace Originality.Engine.Indexing;

/// <summary>Bit-field access on <see cref="Hash256"/> without the bounds-checked accessors.</summary>
internal static class HashBits
{
    /// <summary>Bits [start, start + length) of the hash as an unsigned integer; length is 1..32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Extract(in Hash256 hash, int start, int length)
    {
        ref var w0 = ref Unsafe.As<Hash256, ulong>(ref Unsafe.AsRef(in hash));
        var word = start >> 6;
        var shift = start & 63;
        var value = Unsafe.Add(ref w0, word) >> shift;
        if (shift + length > 64)
        {
            value |= Unsafe.Add(ref w0, word + 1) << (64 - shift);
        }
        return (uint)(value & ((1UL << length) - 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Hash256 Xor(in Hash256 a, in Hash256 b) =>
        new(a.W0 ^ b.W0, a.W1 ^ b.W1, a.W2 ^ b.W2, a.W3 ^ b.W3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Distance(in Hash256 a, in Hash256 b) =>
        BitOperations.PopCount(a.W0 ^ b.W0) + BitOperations.PopCount(a.W1 ^ b.W1)
        + BitOperations.PopCount(a.W2 ^ b.W2) + BitOperations.PopCount(a.W3 ^ b.W3);

    public static void AssertLayout()
    {
        // Extract reads the record's four words as one ulong[4]; that needs sequential layout.
        if (Unsafe.SizeOf<Hash256>() != 32 || MemoryMarshal.Cast<Hash256, ulong>(new[] { new Hash256(1, 2, 3, 4) })[3] != 4)
        {
            throw new InvalidOperationException("Hash256 is no longer four sequential ulongs.");
        }
    }
}
