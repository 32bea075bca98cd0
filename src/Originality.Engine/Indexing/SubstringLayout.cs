namespace Originality.Engine.Indexing;

/// <summary>
/// How the 256 bits are cut into contiguous substrings for multi-index hashing, and the
/// per-substring search radius a query radius implies.
/// </summary>
/// <remarks>
/// Pigeonhole (Norouzi et al., refined form): write r = s·m + a with 0 ≤ a &lt; m. If two hashes
/// are within r, then one of the first a + 1 substrings differs in at most s bits, or one of the
/// others in at most s − 1 bits; otherwise the distance would be at least
/// (a + 1)(s + 1) + (m − a − 1)s = r + 1. This holds for any widths, so substrings of 21 and 22
/// bits mix freely, and it holds for any prefix of a substring too (a prefix differs in no more
/// bits than the whole), which lets small segments address fewer buckets.
/// </remarks>
internal sealed class SubstringLayout
{
    private SubstringLayout(int[] starts, int[] widths)
    {
        Starts = starts;
        Widths = widths;
    }

    public int Count => Starts.Length;

    public int[] Starts { get; }

    public int[] Widths { get; }

    public static SubstringLayout Create(int substrings)
    {
        var starts = new int[substrings];
        var widths = new int[substrings];
        var start = 0;
        for (var i = 0; i < substrings; i++)
        {
            // The wider substrings come first: they get the larger radius (see Radius).
            widths[i] = (256 / substrings) + (i < 256 % substrings ? 1 : 0);
            starts[i] = start;
            start += widths[i];
        }
        return new SubstringLayout(starts, widths);
    }

    /// <summary>The radius substring <paramref name="table"/> is probed with; negative means not at all.</summary>
    public static int Radius(int queryRadius, int substrings, int table)
    {
        var s = queryRadius / substrings;
        var a = queryRadius % substrings;
        return table <= a ? s : s - 1;
    }
}
