using Originality.Engine.Imaging;
using Originality.Measurement.Attacks;

namespace Originality.Cli.Commands;

/// <summary>The attack families the detection benchmark draws copies from (random parameters over each family's whole range).</summary>
internal static class AttackSource
{
    public static IReadOnlyList<string> Families(string? filter) =>
        filter is null
            ? [.. RandomAttacks.Families.Select(f => f.ToString())]
            : [.. filter.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(f => Enum.Parse<AttackFamily>(f, ignoreCase: true).ToString())];

    public static int Order(string family) => (int)Enum.Parse<AttackFamily>(family);

    public static (RgbImage Image, string Description) Apply(string family, RgbImage original, Random rng, IReadOnlyList<RgbImage> fillers)
    {
        var copy = RandomAttacks.Apply(Enum.Parse<AttackFamily>(family), original, rng, fillers);
        return (copy.Image, copy.Description);
    }
}
