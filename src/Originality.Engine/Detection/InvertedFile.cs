using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Originality.Engine.Detection;

/// <summary>
/// Visual word → the pictures (by slot) that contain it, each posting with a 16-bit code of the
/// keypoint (<see cref="PostingCode"/>: a signature of its descriptor and its orientation): a query
/// keypoint votes for a posting only when their signatures are close, which keeps the vote of a true correspondence and
/// drops almost all of the chance ones that share the coarse word. Six bytes a posting. Words posted far
/// more often than the mean (the visual "the") are skipped. Not thread-safe: the owner locks.
/// </summary>
internal sealed class InvertedFile
{
    private readonly int[][] _slots;
    private readonly ushort[][] _signatures;
    private readonly int[] _lengths;
    private long _total;

    public InvertedFile(int words)
    {
        _slots = new int[words][];
        _signatures = new ushort[words][];
        _lengths = new int[words];
    }

    public long Total => _total;

    public long Bytes
    {
        get
        {
            long sum = 0;
            foreach (var list in _slots)
            {
                sum += list is null ? 0 : 48 + (6L * list.Length);
            }
            return sum + (16L * _slots.Length) + (4L * _lengths.Length);
        }
    }

    public void Add(int word, ushort signature, int slot)
    {
        var list = _slots[word];
        var length = _lengths[word];
        if (list is null || length == list.Length)
        {
            var capacity = Math.Max(4, length + (length / 2));
            Array.Resize(ref list, capacity);
            _slots[word] = list;
            var signatures = _signatures[word];
            Array.Resize(ref signatures, capacity);
            _signatures[word] = signatures;
        }
        list[length] = slot;
        _signatures[word][length] = signature;
        _lengths[word] = length + 1;
        _total++;
    }

    /// <summary>
    /// Votes for the pictures posted under the query's words: a posting gets one vote, weighted by the word's rarity, when any query
    /// keypoint of its word has a signature within <paramref name="maxSignatureDistance"/> bits, and a
    /// picture at most one vote per word, so neither a repeated texture in the suspect nor a bursty
    /// word in a filed picture (a star field, a fabric) outvotes real correspondences. Every vote
    /// cast is also written to <paramref name="log"/> with the rotation it agrees on, so the votes can
    /// be counted again by rotation without reading the postings a second time.
    /// <paramref name="words"/> must be sorted, <paramref name="signatures"/> alongside. Words posted more
    /// than <paramref name="maxPostings"/> times are skipped. Returns the postings read.
    /// </summary>
    /// <remarks>
    /// Sixteen postings at a time are tested against the word's query signatures in vector registers;
    /// only those that pass are looked at one by one, in order, exactly as a plain loop would.
    /// </remarks>
    public long Vote(ReadOnlySpan<int> words, ReadOnlySpan<ushort> signatures, int maxSignatureDistance, int maxPostings, int pictures, Span<float> votes, VoteLog log)
    {
        log.Clear();
        long scanned = 0;
        for (var start = 0; start < words.Length;)
        {
            var word = words[start];
            var end = start + 1;
            while (end < words.Length && words[end] == word)
            {
                end++;
            }
            var group = signatures[start..end];
            start = end;
            var length = _lengths[word];
            if (length == 0 || length > maxPostings)
            {
                continue;
            }
            scanned += length;
            // Inverse document frequency: a word most pictures share says little about any of them.
            var weight = MathF.Log(1 + ((float)pictures / length));
            var slots = _slots[word].AsSpan(0, length);
            var postings = _signatures[word].AsSpan(0, length);
            var last = -1;
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + Vector256<ushort>.Count <= length; i += Vector256<ushort>.Count)
                {
                    var passing = Passing(Vector256.Create<ushort>(postings[i..]), group, maxSignatureDistance);
                    while (passing != 0)
                    {
                        var j = i + BitOperations.TrailingZeroCount(passing);
                        passing &= passing - 1;
                        Consider(slots[j], postings[j], group, maxSignatureDistance, weight, ref last, votes, log);
                    }
                }
            }
            for (; i < length; i++)
            {
                Consider(slots[i], postings[i], group, maxSignatureDistance, weight, ref last, votes, log);
            }
        }
        return scanned;
    }

    // One posting: a vote from the first query signature close to it, unless its picture already has
    // this word's vote (postings are in slot order, so one picture's postings of a word are adjacent).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Consider(int slot, uint posting, ReadOnlySpan<ushort> group, int maxSignatureDistance, float weight, ref int last, Span<float> votes, VoteLog log)
    {
        if (slot == last)
        {
            return;
        }
        foreach (var signature in group)
        {
            if (PostingCode.SignatureDistance(posting, signature) <= maxSignatureDistance)
            {
                last = slot;
                votes[slot] += weight;
                log.Add(slot, weight, PostingCode.Rotation(signature, posting));
                return;
            }
        }
    }

    // A bit per lane of the sixteen postings whose signature is within the distance of any of the query's.
    private static uint Passing(Vector256<ushort> postings, ReadOnlySpan<ushort> group, int maxSignatureDistance)
    {
        var limit = Vector256.Create((ushort)maxSignatureDistance);
        var any = Vector256<ushort>.Zero;
        foreach (var signature in group)
        {
            var differing = Vector256.ShiftRightLogical(postings ^ Vector256.Create(signature), PostingCode.SignatureShift);
            any |= Vector256.LessThanOrEqual(PopCount(differing), limit);
        }
        return any.ExtractMostSignificantBits();
    }

    // Set bits of each 16-bit lane (the usual halving sums; there is no vector popcount for 16-bit lanes).
    private static Vector256<ushort> PopCount(Vector256<ushort> x)
    {
        x -= Vector256.ShiftRightLogical(x, 1) & Vector256.Create((ushort)0x5555);
        x = (x & Vector256.Create((ushort)0x3333)) + (Vector256.ShiftRightLogical(x, 2) & Vector256.Create((ushort)0x3333));
        x = (x + Vector256.ShiftRightLogical(x, 4)) & Vector256.Create((ushort)0x0F0F);
        return (x + Vector256.ShiftRightLogical(x, 8)) & Vector256.Create((ushort)0x001F);
    }

    /// <summary>Trims every list to its length (after a bulk load).</summary>
    public void Trim()
    {
        for (var w = 0; w < _slots.Length; w++)
        {
            if (_slots[w] is { } list && list.Length != _lengths[w])
            {
                Array.Resize(ref list, _lengths[w]);
                _slots[w] = list;
                var signatures = _signatures[w];
                Array.Resize(ref signatures, _lengths[w]);
                _signatures[w] = signatures;
            }
        }
    }
}

/// <summary>
/// The votes one <see cref="InvertedFile.Vote"/> cast, in the order cast, each with the rotation
/// sector it agrees on: the weak-geometric re-count of the best voted pictures reads this (about one
/// entry per eight postings read: most fail the signature test) instead of every posting again.
/// Reused across lookups on one thread; nine bytes an entry, so at 1 M filed pictures about 12 MB a
/// side and thread, beside the 4 MB vote arrays.
/// </summary>
internal sealed class VoteLog
{
    private int[] _slots = new int[1024];
    private float[] _weights = new float[1024];
    private byte[] _sectors = new byte[1024];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Add(int slot, float weight, int sector)
    {
        if (Count == _slots.Length)
        {
            var capacity = Count * 2;
            Array.Resize(ref _slots, capacity);
            Array.Resize(ref _weights, capacity);
            Array.Resize(ref _sectors, capacity);
        }
        _slots[Count] = slot;
        _weights[Count] = weight;
        _sectors[Count] = (byte)sector;
        Count++;
    }

    /// <summary>
    /// Adds each logged vote of a chosen picture to its rotation sector: <paramref name="rows"/> holds,
    /// per slot, 1 + the picture's row in <paramref name="sectors"/> (<see cref="PostingCode.Sectors"/>
    /// floats a row), or 0 for a picture not chosen.
    /// </summary>
    public void CountBySector(ReadOnlySpan<int> rows, Span<float> sectors)
    {
        for (var i = 0; i < Count; i++)
        {
            var row = rows[_slots[i]];
            if (row > 0)
            {
                sectors[((row - 1) * PostingCode.Sectors) + _sectors[i]] += _weights[i];
            }
        }
    }
}

