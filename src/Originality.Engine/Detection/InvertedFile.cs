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
    /// word in a filed picture (a star field, a fabric) outvotes real correspondences.
    /// <paramref name="words"/> must be sorted, <paramref name="signatures"/> alongside. Words posted more
    /// than <paramref name="maxPostings"/> times are skipped. Returns the postings read.
    /// </summary>
    public long Vote(ReadOnlySpan<int> words, ReadOnlySpan<ushort> signatures, int maxSignatureDistance, int maxPostings, int pictures, Span<float> votes, List<int> touched)
    {
        var ballot = new PlainBallot(votes, touched);
        return Scan(words, signatures, maxSignatureDistance, maxPostings, pictures, ref ballot);
    }

    /// <summary>
    /// The votes of <see cref="Vote"/> again, for the chosen pictures only, each put in the sector of
    /// the rotation between the query keypoint and the posting (<see cref="PostingCode.Rotation"/>):
    /// <paramref name="chosen"/> holds, per slot, 1 + the picture's row in <paramref name="sectors"/>
    /// (<see cref="PostingCode.Sectors"/> floats a row), or 0 for a picture not chosen.
    /// </summary>
    public void VoteBySector(ReadOnlySpan<int> words, ReadOnlySpan<ushort> signatures, int maxSignatureDistance, int maxPostings, int pictures, ReadOnlySpan<int> chosen, Span<float> sectors)
    {
        var ballot = new SectorBallot(chosen, sectors);
        Scan(words, signatures, maxSignatureDistance, maxPostings, pictures, ref ballot);
    }

    // Where a vote goes: both ways of voting read the postings alike and differ only in this.
    private interface IBallot
    {
        bool Counts(int slot);

        void Cast(int slot, float weight, uint query, uint posting);
    }

    private ref struct PlainBallot(Span<float> votes, List<int> touched) : IBallot
    {
        private readonly Span<float> _votes = votes;

        public readonly bool Counts(int slot) => true;

        public readonly void Cast(int slot, float weight, uint query, uint posting)
        {
            if (_votes[slot] == 0)
            {
                touched.Add(slot);
            }
            _votes[slot] += weight;
        }
    }

    private ref struct SectorBallot(ReadOnlySpan<int> chosen, Span<float> sectors) : IBallot
    {
        private readonly ReadOnlySpan<int> _chosen = chosen;
        private readonly Span<float> _sectors = sectors;

        public readonly bool Counts(int slot) => _chosen[slot] > 0;

        public readonly void Cast(int slot, float weight, uint query, uint posting) =>
            _sectors[((_chosen[slot] - 1) * PostingCode.Sectors) + PostingCode.Rotation(query, posting)] += weight;
    }

    // Each posting of the query's words whose picture the ballot counts gets one vote, weighted by
    // the word's rarity, from the first query keypoint of its word with a close signature; a picture
    // at most one per word. Returns the postings read.
    private long Scan<TBallot>(ReadOnlySpan<int> words, ReadOnlySpan<ushort> signatures, int maxSignatureDistance, int maxPostings, int pictures, ref TBallot ballot)
        where TBallot : IBallot, allows ref struct
    {
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
            var slots = _slots[word];
            var postings = _signatures[word];
            var last = -1;
            for (var i = 0; i < length; i++)
            {
                var slot = slots[i];
                if (slot == last || !ballot.Counts(slot))
                {
                    continue;
                }
                uint posting = postings[i];
                foreach (var signature in group)
                {
                    if (PostingCode.SignatureDistance(posting, signature) <= maxSignatureDistance)
                    {
                        // Postings are in slot order, so one picture's postings of a word are adjacent.
                        last = slot;
                        ballot.Cast(slot, weight, signature, posting);
                        break;
                    }
                }
            }
        }
        return scanned;
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
