using Originality.Engine.Imaging;

namespace Originality.Measurement.Attacks;

/// <summary>
/// One change a copier makes to a picture (D-2), as a named, deterministic transform: the same
/// picture and seed always give the same pixels.
/// </summary>
/// <param name="Name">Stable name used in benchmark reports, e.g. <c>crop-70-offcentre</c>.</param>
/// <param name="Description">What the attack does, for people reading the report.</param>
/// <param name="Apply">The transform; the seed picks positions and colours where the attack has any.</param>
public sealed record CopyAttack(string Name, string Description, Func<RgbImage, int, RgbImage> Apply)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
