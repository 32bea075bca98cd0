using Originality.Engine.Hashing;
using Originality.Engine.Indexing;

namespace Originality.Measurement;

/// <summary>
/// Seeded synthetic hashes shaped like a marketplace's PDQ hashes, for benchmarks and tests of
/// <see cref="HashIndex"/>: not uniform, because uniform data flatters any hash-bucket index.
/// </summary>
/// <remarks>
/// <para>
/// Real PDQ hashes have about half their bits set, but pictures of similar scenes (white
/// product backgrounds, the same model in a series) share many bits, and a seller's variants of
/// one picture sit a few bits apart. The generator models that as a mixture:
/// </para>
/// <list type="bullet">
/// <item>70 %: members of one of <c>clusters</c> prototypes, chosen with a skewed (squared
/// uniform) popularity, each bit flipped with a per-cluster probability of 1/8 to 3/8 (distance
/// to the prototype about 32 to 96 bits); prototypes themselves derive from 16 themes with 1/4
/// of bits flipped, so bits are correlated across clusters too;</item>
/// <item>20 %: near-duplicates of an earlier hash at a uniform distance of 0 to 40 bits;</item>
/// <item>10 %: uniform random hashes.</item>
/// </list>
/// Not thread-safe.
/// </remarks>
public sealed class SyntheticPdqHashes
{
    private readonly Random _random;
    private readonly Hash256[] _prototypes;
    private readonly int[] _tightness;
    private readonly List<Hash256> _recent = [];

    /// <summary>Creates a generator; the same seed and calls give the same hashes.</summary>
    public SyntheticPdqHashes(int seed, int clusters = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 1);
        _random = new Random(seed);
        var themes = new Hash256[16];
        for (var i = 0; i < themes.Length; i++)
        {
            themes[i] = Uniform();
        }
        _prototypes = new Hash256[clusters];
        _tightness = new int[clusters];
        for (var c = 0; c < clusters; c++)
        {
            _prototypes[c] = Xor(themes[_random.Next(themes.Length)], Mask(2));
            _tightness[c] = _random.Next(5);
        }
    }

    /// <summary>The next hash of the mixture.</summary>
    public Hash256 Next()
    {
        var roll = _random.NextDouble();
        Hash256 hash;
        if (roll < 0.2 && _recent.Count > 0)
        {
            hash = FlipBits(_recent[_random.Next(_recent.Count)], _random.Next(41), _random);
        }
        else if (roll < 0.3)
        {
            hash = Uniform();
        }
        else
        {
            var u = _random.NextDouble();
            var c = (int)(u * u * _prototypes.Length);
            hash = Xor(_prototypes[c], Mask(_tightness[c]));
        }
        // A bounded pool of earlier hashes keeps near-duplicate sources spread over the whole run.
        if (_recent.Count < 65536)
        {
            _recent.Add(hash);
        }
        else
        {
            _recent[_random.Next(_recent.Count)] = hash;
        }
        return hash;
    }

    /// <summary><paramref name="count"/> hashes of the mixture.</summary>
    public Hash256[] Next(int count)
    {
        var hashes = new Hash256[count];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = Next();
        }
        return hashes;
    }

    /// <summary>A copy of <paramref name="hash"/> with exactly <paramref name="distance"/> distinct bits flipped.</summary>
    public static Hash256 FlipBits(Hash256 hash, int distance, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(distance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(distance, Hash256.Bits);
        Span<ulong> w = [hash.W0, hash.W1, hash.W2, hash.W3];
        Span<ulong> flipped = stackalloc ulong[4];
        var done = 0;
        while (done < distance)
        {
            var bit = random.Next(Hash256.Bits);
            var mask = 1UL << (bit & 63);
            if ((flipped[bit >> 6] & mask) == 0)
            {
                flipped[bit >> 6] |= mask;
                w[bit >> 6] ^= mask;
                done++;
            }
        }
        return new Hash256(w[0], w[1], w[2], w[3]);
    }

    /// <summary>A uniformly random hash.</summary>
    public Hash256 Uniform() => new(Word(), Word(), Word(), Word());

    private ulong Word() => (ulong)_random.NextInt64(long.MinValue, long.MaxValue);

    private static Hash256 Xor(Hash256 a, Hash256 b) => new(a.W0 ^ b.W0, a.W1 ^ b.W1, a.W2 ^ b.W2, a.W3 ^ b.W3);

    /// <summary>Random bits set with probability 1/8, 3/16, 1/4, 5/16 or 3/8 for level 0..4.</summary>
    private Hash256 Mask(int level) => new(MaskWord(level), MaskWord(level), MaskWord(level), MaskWord(level));

    private ulong MaskWord(int level)
    {
        ulong a = Word(), b = Word(), c = Word(), d = Word();
        return level switch
        {
            0 => a & b & c,
            1 => a & b & (c | d),
            2 => a & b,
            3 => a & (b | (c & d)),
            _ => a & (b | c),
        };
    }
}
