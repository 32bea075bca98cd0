using System.Buffers.Binary;
using System.Numerics;

namespace Originality.Engine.Detection;

/// <summary>
/// Quantises a 256-bit keypoint descriptor into a visual word, so that the candidate stage is an
/// inverted file rather than a search over descriptors. A two-level tree of binary centroids
/// (k-majority clustering, Grana et al. 2013: k-means under the Hamming distance, centroids by
/// per-bit majority) trained on the tuning split's keypoints, refined inside each leaf by a few of
/// the descriptor's own bits chosen as the most even splits of the leaf's training members.
/// </summary>
/// <remarks>
/// <see cref="WordCount"/> = first × second × 2^bits. The tree follows how real descriptors
/// cluster, so postings stay even; the leaf bits multiply the vocabulary without training data the
/// tuning split cannot provide. Thread-safe once built.
/// </remarks>
public sealed class VisualVocabulary
{
    private const uint Magic = 0x31425756; // "VWB1"
    private const int Words = 4;

    private readonly ulong[] _first;
    private readonly ulong[] _second;
    private readonly byte[] _leafBits;

    private VisualVocabulary(int first, int second, int bits, ulong[] firstCentroids, ulong[] secondCentroids, byte[] leafBits)
    {
        First = first;
        Second = second;
        Bits = bits;
        _first = firstCentroids;
        _second = secondCentroids;
        _leafBits = leafBits;
    }

    /// <summary>Centroids at the first level.</summary>
    public int First { get; }

    /// <summary>Centroids under each first-level centroid.</summary>
    public int Second { get; }

    /// <summary>Descriptor bits that refine each leaf.</summary>
    public int Bits { get; }

    /// <summary>Number of distinct words.</summary>
    public int WordCount => First * Second << Bits;

    /// <summary>The vocabulary shipped with the engine, trained on the tuning split (docs/adr/003).</summary>
    public static VisualVocabulary Default { get; } = LoadEmbedded();

    /// <summary>The word of descriptor <paramref name="index"/> of <paramref name="features"/>.</summary>
    public int WordOf(FeatureSet features, int index)
    {
        ArgumentNullException.ThrowIfNull(features);
        var d = features.Descriptor(index);
        var a = Nearest(_first, 0, First, d);
        var leaf = (a * Second) + Nearest(_second, a * Second, Second, d);
        var word = leaf;
        for (var b = 0; b < Bits; b++)
        {
            int bit = _leafBits[(leaf * Bits) + b];
            word = (word << 1) | (int)((d[bit >> 6] >> (bit & 63)) & 1);
        }
        return word;
    }

    /// <summary>
    /// The words of descriptor <paramref name="index"/> when it is looked up: the leaves under its
    /// <paramref name="firstProbes"/> nearest first-level centroids and, under each, its
    /// <paramref name="secondProbes"/> nearest second-level ones. Soft assignment on the query side
    /// only: a descriptor moved by an attack across a cell boundary still meets its original.
    /// </summary>
    public void ProbeWords(FeatureSet features, int index, int firstProbes, int secondProbes, List<int> words)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(words);
        if (firstProbes <= 0)
        {
            return;
        }
        var d = features.Descriptor(index);
        // The first-level cells are the ones pairing reads too: computed once per feature set.
        var probes = Math.Min(firstProbes, First);
        var firsts = features.FirstCells(this, firstProbes).AsSpan(index * probes, probes);
        Span<int> seconds = stackalloc int[Math.Min(secondProbes, Second)];
        foreach (var a in firsts)
        {
            NearestK(_second, a * Second, Second, d, seconds);
            foreach (var b in seconds)
            {
                var leaf = (a * Second) + b;
                var word = leaf;
                for (var bit = 0; bit < Bits; bit++)
                {
                    int position = _leafBits[(leaf * Bits) + bit];
                    word = (word << 1) | (int)((d[position >> 6] >> (position & 63)) & 1);
                }
                words.Add(word);
            }
        }
    }

    /// <summary>
    /// The <paramref name="probes"/> nearest first-level centroids of every descriptor of
    /// <paramref name="features"/>, <paramref name="probes"/> entries per keypoint, nearest first.
    /// </summary>
    public int[] FirstCells(FeatureSet features, int probes)
    {
        ArgumentNullException.ThrowIfNull(features);
        probes = Math.Clamp(probes, 1, First);
        var cells = new int[features.Count * probes];
        for (var i = 0; i < features.Count; i++)
        {
            NearestK(_first, 0, First, features.Descriptor(i), cells.AsSpan(i * probes, probes));
        }
        return cells;
    }

    private static void NearestK(ulong[] centroids, int start, int count, ReadOnlySpan<ulong> d, Span<int> best)
    {
        Span<int> distances = stackalloc int[best.Length];
        distances.Fill(int.MaxValue);
        for (var c = 0; c < count; c++)
        {
            var o = (start + c) * Words;
            var distance = BitOperations.PopCount(centroids[o] ^ d[0]) + BitOperations.PopCount(centroids[o + 1] ^ d[1])
                + BitOperations.PopCount(centroids[o + 2] ^ d[2]) + BitOperations.PopCount(centroids[o + 3] ^ d[3]);
            for (var k = 0; k < best.Length; k++)
            {
                if (distance < distances[k])
                {
                    for (var m = best.Length - 1; m > k; m--)
                    {
                        distances[m] = distances[m - 1];
                        best[m] = best[m - 1];
                    }
                    distances[k] = distance;
                    best[k] = c;
                    break;
                }
            }
        }
    }

    /// <summary>Trains a vocabulary from descriptors (k-majority, seeded, so the same input gives the same vocabulary).</summary>
    public static VisualVocabulary Train(IReadOnlyList<FeatureSet> sets, int first, int second, int bits, int seed = 1, int iterations = 8)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var all = new List<ulong>();
        foreach (var set in sets)
        {
            for (var i = 0; i < set.Count; i++)
            {
                foreach (var w in set.Descriptor(i))
                {
                    all.Add(w);
                }
            }
        }
        var data = all.ToArray();
        var n = data.Length / Words;
        if (n < first * second)
        {
            throw new ArgumentException($"{n} descriptors cannot train {first * second} leaves.", nameof(sets));
        }
        var rng = new Random(seed);
        var firstCentroids = KMajority(data, Enumerable.Range(0, n).ToArray(), first, iterations, rng, out var firstAssign);
        var secondCentroids = new ulong[first * second * Words];
        var leafBits = new byte[first * second * bits];
        for (var a = 0; a < first; a++)
        {
            var members = Enumerable.Range(0, n).Where(i => firstAssign[i] == a).ToArray();
            // A cell with fewer members than centroids repeats members; its leaves are then small.
            var cell = members.Length >= second ? members : [.. Enumerable.Range(0, second).Select(i => members.Length == 0 ? rng.Next(n) : members[i % members.Length])];
            var centroids = KMajority(data, cell, second, iterations, rng, out var assign);
            Array.Copy(centroids, 0, secondCentroids, a * second * Words, second * Words);
            for (var b = 0; b < second; b++)
            {
                var leafMembers = cell.Where((_, i) => assign[i] == b).ToArray();
                EvenBits(data, leafMembers, bits).CopyTo(leafBits, ((a * second) + b) * bits);
            }
        }
        return new VisualVocabulary(first, second, bits, firstCentroids, secondCentroids, leafBits);
    }

    /// <summary>The vocabulary as bytes (the embedded resource's format).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[16 + (_first.Length * 8) + (_second.Length * 8) + _leafBits.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), First);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), Second);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), Bits);
        var offset = 16;
        foreach (var w in _first.Concat(_second))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), w);
            offset += 8;
        }
        _leafBits.CopyTo(bytes.AsSpan(offset));
        return bytes;
    }

    /// <summary>Reads <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">Not a vocabulary.</exception>
    public static VisualVocabulary FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 16 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new FormatException("Not a visual vocabulary.");
        }
        var first = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        var second = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        var bits = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        if (first is < 1 or > 4096 || second is < 1 or > 4096 || bits is < 0 or > 16
            || bytes.Length != 16 + ((first + (first * second)) * Words * 8) + (first * second * bits))
        {
            throw new FormatException("The vocabulary's sizes do not match its length.");
        }
        var firstCentroids = new ulong[first * Words];
        var secondCentroids = new ulong[first * second * Words];
        var offset = 16;
        for (var i = 0; i < firstCentroids.Length; i++, offset += 8)
        {
            firstCentroids[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[offset..]);
        }
        for (var i = 0; i < secondCentroids.Length; i++, offset += 8)
        {
            secondCentroids[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[offset..]);
        }
        return new VisualVocabulary(first, second, bits, firstCentroids, secondCentroids, bytes[offset..].ToArray());
    }

    private static VisualVocabulary LoadEmbedded()
    {
        using var stream = typeof(VisualVocabulary).Assembly.GetManifestResourceStream("Originality.Engine.Detection.vocabulary.bin")
            ?? throw new InvalidOperationException("The engine was built without its visual vocabulary (Detection/Resources/vocabulary.bin).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return FromBytes(memory.ToArray());
    }

    private static int Nearest(ulong[] centroids, int start, int count, ReadOnlySpan<ulong> d)
    {
        var best = 0;
        var bestDistance = int.MaxValue;
        for (var c = 0; c < count; c++)
        {
            var o = (start + c) * Words;
            var distance = BitOperations.PopCount(centroids[o] ^ d[0]) + BitOperations.PopCount(centroids[o + 1] ^ d[1])
                + BitOperations.PopCount(centroids[o + 2] ^ d[2]) + BitOperations.PopCount(centroids[o + 3] ^ d[3]);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }

    private static ulong[] KMajority(ulong[] data, int[] members, int k, int iterations, Random rng, out int[] assign)
    {
        var centroids = new ulong[k * Words];
        var picks = members.OrderBy(_ => rng.Next()).Take(k).ToArray();
        for (var c = 0; c < k; c++)
        {
            Array.Copy(data, picks[c % picks.Length] * Words, centroids, c * Words, Words);
        }
        assign = new int[members.Length];
        var counts = new int[k * 256];
        var sizes = new int[k];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Array.Clear(counts);
            Array.Clear(sizes);
            for (var i = 0; i < members.Length; i++)
            {
                var d = data.AsSpan(members[i] * Words, Words);
                var c = Nearest(centroids, 0, k, d);
                assign[i] = c;
                sizes[c]++;
                for (var bit = 0; bit < 256; bit++)
                {
                    counts[(c * 256) + bit] += (int)((d[bit >> 6] >> (bit & 63)) & 1);
                }
            }
            for (var c = 0; c < k; c++)
            {
                if (sizes[c] == 0)
                {
                    // An empty cluster restarts on a random member rather than dying.
                    Array.Copy(data, members[rng.Next(members.Length)] * Words, centroids, c * Words, Words);
                    continue;
                }
                for (var w = 0; w < Words; w++)
                {
                    ulong word = 0;
                    for (var bit = 0; bit < 64; bit++)
                    {
                        if (2 * counts[(c * 256) + (w * 64) + bit] > sizes[c])
                        {
                            word |= 1UL << bit;
                        }
                    }
                    centroids[(c * Words) + w] = word;
                }
            }
        }
        return centroids;
    }

    // The bits whose ones and zeros are most evenly split among the leaf's members (ties by position).
    private static byte[] EvenBits(ulong[] data, int[] members, int bits)
    {
        var ones = new int[256];
        foreach (var m in members)
        {
            for (var bit = 0; bit < 256; bit++)
            {
                ones[bit] += (int)((data[(m * Words) + (bit >> 6)] >> (bit & 63)) & 1);
            }
        }
        var half = members.Length / 2.0;
        return [.. Enumerable.Range(0, 256).OrderBy(bit => Math.Abs(ones[bit] - half)).ThenBy(bit => bit).Take(bits).Select(bit => (byte)bit)];
    }
}
