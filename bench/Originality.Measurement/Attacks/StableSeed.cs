namespace Originality.Measurement.Attacks;

/// <summary>
/// The seed of one attacked copy from its parts, the same in every process (HashCode.Combine is
/// randomised per process, so two benchmark runs drew different copies and could not be compared
/// pair by pair).
/// </summary>
public static class StableSeed
{
    public static int Of(int seed, int source, string family, int copy = 0)
    {
        ArgumentNullException.ThrowIfNull(family);
        // FNV-1a over the parts.
        var hash = 2166136261u;
        void Mix(int value)
        {
            for (var i = 0; i < 4; i++)
            {
                hash = (hash ^ (byte)(value >> (8 * i))) * 16777619u;
            }
        }
        Mix(seed);
        Mix(source);
        foreach (var c in family)
        {
            Mix(c);
        }
        Mix(copy);
        return (int)(hash & int.MaxValue);
    }
}
