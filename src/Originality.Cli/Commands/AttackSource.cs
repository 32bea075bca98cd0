using Originality.Engine.Imaging;
using Originality.Engine.Matching.Attacks;

namespace Originality.Cli.Commands;

/// <summary>The attack families the detection benchmark draws copies from.</summary>
internal static class AttackSource
{
    private static readonly (string Family, string Prefix)[] Map =
    [
        ("Crop", "crop"), ("Border", "border"), ("Canvas", "canvas"), ("Overlay", "caption"), ("Overlay", "watermark"),
        ("Dihedral", "mirror"), ("Dihedral", "rotate-90"), ("Dihedral", "rotate-180"), ("Dihedral", "rotate-270"),
        ("Tilt", "rotate-3"), ("Tilt", "rotate-5"), ("Colour", "brightness"), ("Colour", "contrast"), ("Colour", "saturation"),
        ("Colour", "grayscale"), ("Degrade", "downscale"), ("Degrade", "jpeg"),
    ];

    private static readonly string[] Ordered = ["Crop", "Border", "Canvas", "Collage", "Overlay", "Dihedral", "Tilt", "Colour", "Degrade", "Screenshot", "Combined"];

    public static IReadOnlyList<string> Families(string? filter) =>
        filter is null ? [.. Map.Select(m => m.Family).Distinct()] : [.. filter.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    public static int Order(string family) => Array.IndexOf(Ordered, family);

    public static (RgbImage Image, string Description) Apply(string family, RgbImage original, Random rng, IReadOnlyList<RgbImage> fillers)
    {
        var names = CopyAttacks.All.Where(a => Map.Any(m => m.Family == family && a.Name.StartsWith(m.Prefix, StringComparison.Ordinal))).ToList();
        var attack = names[rng.Next(names.Count)];
        return (attack.Apply(original, rng.Next()), attack.Name);
    }
}
