using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Originality.Engine.Hashing;

/// <summary>
/// A 256-bit perceptual hash as four 64-bit words, compared by Hamming distance.
/// </summary>
/// <remarks>
/// Text form is 64 lower-case hex digits of one big-endian 256-bit integer, as in Meta's PDQ
/// reference: <see cref="W3"/> holds the most significant 64 bits (the first 16 hex digits) and
/// bit k of the hash (k = 0 the least significant bit of the last hex digit) is bit k % 64 of
/// word k / 64. Immutable and thread-safe.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Hash256(ulong W0, ulong W1, ulong W2, ulong W3)
{
    /// <summary>Number of bits in the hash.</summary>
    public const int Bits = 256;

    /// <summary>The all-zero hash.</summary>
    public static Hash256 Zero => default;

    /// <summary>Returns whether bit <paramref name="k"/> (0 = least significant) is set.</summary>
    public bool this[int k]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(k);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Bits);
            return ((Word(k >> 6) >> (k & 63)) & 1UL) != 0;
        }
    }

    /// <summary>Word <paramref name="i"/> (0 = least significant).</summary>
    public ulong Word(int i) => i switch
    {
        0 => W0,
        1 => W1,
        2 => W2,
        3 => W3,
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };

    /// <summary>Hamming distance: the number of bits that differ.</summary>
    public int DistanceTo(Hash256 other) =>
        BitOperations.PopCount(W0 ^ other.W0) + BitOperations.PopCount(W1 ^ other.W1)
        + BitOperations.PopCount(W2 ^ other.W2) + BitOperations.PopCount(W3 ^ other.W3);

    /// <summary>Number of set bits.</summary>
    public int PopCount() =>
        BitOperations.PopCount(W0) + BitOperations.PopCount(W1) + BitOperations.PopCount(W2) + BitOperations.PopCount(W3);

    /// <summary>Builds a hash from a bit setter: <paramref name="isSet"/>(k) for k in 0..255.</summary>
    public static Hash256 FromBits(Func<int, bool> isSet)
    {
        ArgumentNullException.ThrowIfNull(isSet);
        Span<ulong> w = stackalloc ulong[4];
        for (var k = 0; k < Bits; k++)
        {
            if (isSet(k))
            {
                w[k >> 6] |= 1UL << (k & 63);
            }
        }
        return new Hash256(w[0], w[1], w[2], w[3]);
    }

    /// <summary>Parses 64 hex digits (either case).</summary>
    /// <exception cref="FormatException">The text is not 64 hex digits.</exception>
    public static Hash256 Parse(string hex)
    {
        if (!TryParse(hex, out var hash))
        {
            throw new FormatException($"A 256-bit hash is 64 hex digits; got '{hex}'.");
        }
        return hash;
    }

    /// <summary>Parses 64 hex digits (either case) without throwing.</summary>
    public static bool TryParse(string? hex, out Hash256 hash)
    {
        hash = default;
        if (hex is null || hex.Length != 64)
        {
            return false;
        }
        Span<ulong> w = stackalloc ulong[4];
        for (var i = 0; i < 4; i++)
        {
            // The first 16 digits are the most significant word.
            if (!ulong.TryParse(hex.AsSpan(i * 16, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out w[3 - i]))
            {
                return false;
            }
        }
        hash = new Hash256(w[0], w[1], w[2], w[3]);
        return true;
    }

    /// <summary>64 lower-case hex digits, most significant first.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{W3:x16}{W2:x16}{W1:x16}{W0:x16}");

    /// <summary>Writes the 32 bytes big-endian (most significant byte first).</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 32);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination, W3);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[8..], W2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[16..], W1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[24..], W0);
    }

    /// <summary>Reads 32 bytes big-endian, the inverse of <see cref="WriteBigEndian"/>.</summary>
    public static Hash256 ReadBigEndian(ReadOnlySpan<byte> source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Length, 32);
        return new Hash256(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(source[24..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(source[16..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(source[8..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(source));
    }
}
