namespace Originality.Engine.Detection;

/// <summary>
/// Visual word → the pictures (by slot) that contain it. Postings are appended in slot order, so
/// each list stays sorted and costs four bytes an entry. A lookup votes: every query word adds one to
/// every picture posted under it; words posted far more often than the mean (the visual equivalent
/// of "the") are skipped, since they cannot tell pictures apart. Not thread-safe: the owner locks.
/// </summary>
internal sealed class InvertedFile
{
    private readonly int[][] _postings;
    private readonly int[] _lengths;
    private long _total;

    public InvertedFile(int words)
    {
        _postings = new int[words][];
        _lengths = new int[words];
    }

    public long Total => _total;

    public long Bytes
    {
        get
        {
            long sum = 0;
            foreach (var list in _postings)
            {
                sum += list is null ? 0 : 24 + (4L * list.Length);
            }
            return sum + (8L * _postings.Length) + (4L * _lengths.Length);
        }
    }

    public void Add(int word, int slot)
    {
        var list = _postings[word];
        var length = _lengths[word];
        if (length > 0 && list[length - 1] == slot)
        {
            return;
        }
        if (list is null || length == list.Length)
        {
            Array.Resize(ref list, Math.Max(4, length + (length / 2)));
            _postings[word] = list;
        }
        list[length] = slot;
        _lengths[word] = length + 1;
        _total++;
    }

    /// <summary>Adds one vote per posting of every word, skipping words posted more than <paramref name="maxPostings"/> times.</summary>
    public void Vote(ReadOnlySpan<int> words, int maxPostings, Span<ushort> votes, List<int> touched)
    {
        foreach (var word in words)
        {
            var length = _lengths[word];
            if (length == 0 || length > maxPostings)
            {
                continue;
            }
            var list = _postings[word];
            for (var i = 0; i < length; i++)
            {
                var slot = list[i];
                if (votes[slot]++ == 0)
                {
                    touched.Add(slot);
                }
            }
        }
    }

    /// <summary>Trims every list to its length (after a bulk load).</summary>
    public void Trim()
    {
        for (var w = 0; w < _postings.Length; w++)
        {
            if (_postings[w] is { } list && list.Length != _lengths[w])
            {
                Array.Resize(ref list, _lengths[w]);
                _postings[w] = list;
            }
        }
    }
}
