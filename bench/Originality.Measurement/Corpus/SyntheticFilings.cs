using Originality.Engine.Detection;
using Originality.Engine.Hashing;

namespace Originality.Measurement;

/// <summary>
/// Filed pictures made up from a few real ones, to fill a <see cref="CopyIndex"/> to a scale no
/// corpus here reaches: the candidate stage's memory and lookup cost at N pictures.
/// </summary>
/// <remarks>
/// Each synthetic entry takes the visual words of a real base picture, replaces a fifth of them by
/// words drawn from the pool of every real word (so the word frequencies stay those of real
/// pictures) and flips random signature and PDQ bits. Their verification records are the base's,
/// shared on disk, so verifying a synthetic candidate costs what verifying a real one does. Two
/// instances given the same bases in the same order and random generators of the same seed make
/// the same entries, so one corpus can be split over several indexes (partitions). Not thread-safe.
/// </remarks>
public sealed class SyntheticFilings(CopyIndex index)
{
    private readonly List<(long Offset, int[] Words, ushort[] Signatures, Hash256 Pdq)> _bases = [];
    private readonly List<int> _wordPool = [];
    private readonly int[] _words = new int[index.Settings.IndexedWords];
    private readonly ushort[] _signatures = new ushort[index.Settings.IndexedWords];

    public int Bases => _bases.Count;

    /// <summary>Keeps <paramref name="record"/> (a real picture's) as a base: its record goes to the index's store, not into its search structures.</summary>
    public void AddBase(FiledRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var indexed = record.Features.Take(index.Settings.IndexedWords);
        var words = index.WordsOf(indexed);
        _wordPool.AddRange(words);
        _bases.Add((index.AppendRecord(record), words, CopyIndex.SignaturesOf(indexed), record.Pdq.Hash));
    }

    /// <summary>Adds one synthetic picture as <paramref name="pictureId"/>.</summary>
    public void Add(long pictureId, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var (offset, baseWords, baseSignatures, pdq) = _bases[rng.Next(_bases.Count)];
        var n = baseWords.Length;
        for (var k = 0; k < n; k++)
        {
            _words[k] = rng.Next(5) == 0 ? _wordPool[rng.Next(_wordPool.Count)] : baseWords[k];
            _signatures[k] = (ushort)(baseSignatures[k] ^ (1 << rng.Next(16)) ^ (1 << rng.Next(16)));
        }
        index.AddShared(pictureId, Flip(pdq, rng, 40), _words.AsSpan(0, n), _signatures.AsSpan(0, n), offset);
    }

    private static Hash256 Flip(Hash256 hash, Random rng, int bits)
    {
        var (w0, w1, w2, w3) = (hash.W0, hash.W1, hash.W2, hash.W3);
        for (var i = 0; i < bits; i++)
        {
            var bit = rng.Next(256);
            switch (bit >> 6)
            {
                case 0: w0 ^= 1UL << (bit & 63); break;
                case 1: w1 ^= 1UL << (bit & 63); break;
                case 2: w2 ^= 1UL << (bit & 63); break;
                default: w3 ^= 1UL << (bit & 63); break;
            }
        }
        return new Hash256(w0, w1, w2, w3);
    }
}
