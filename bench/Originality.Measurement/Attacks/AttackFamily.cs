using Originality.Engine.Imaging;

namespace Originality.Measurement.Attacks;

/// <summary>
/// A family of copier's changes with ranges of parameters (issue 12), as opposed to the fixed
/// points of <see cref="CopyAttacks"/>. <see cref="RandomAttacks"/> draws the parameters.
/// </summary>
public enum AttackFamily
{
    /// <summary>A crop keeping 55–80% of the area, anchored anywhere, any aspect.</summary>
    Crop,

    /// <summary>Borders or padding of 5–20% of a side, any colour, uniform or per side.</summary>
    Border,

    /// <summary>Pasted at 35–75% of a white, coloured or textured canvas, sometimes beside other pictures.</summary>
    Canvas,

    /// <summary>One cell of a collage of 2–4 pictures in a row, column or grid.</summary>
    Collage,

    /// <summary>Caption bands, watermarks, stickers and logos.</summary>
    Overlay,

    /// <summary>Quarter turns and mirrorings.</summary>
    Dihedral,

    /// <summary>Tilted 1–7° on a flat colour, or cropped to the largest upright rectangle inside.</summary>
    Tilt,

    /// <summary>Brightness, contrast, saturation, grey, hue and gamma.</summary>
    Colour,

    /// <summary>JPEG, downscaling, blur, sharpening, noise and one-axis stretches.</summary>
    Degrade,

    /// <summary>Scaled to 40–80% inside a frame of UI chrome.</summary>
    Screenshot,

    /// <summary>Two different other families, one after the other.</summary>
    Combined,
}

/// <summary>One attacked copy of an original.</summary>
/// <param name="Image">The copy's pixels.</param>
/// <param name="Family">The family that made it.</param>
/// <param name="Description">The drawn parameters, readable, e.g. <c>crop: area=0.612 widthFactor=0.85 …</c>.</param>
public sealed record AttackedCopy(RgbImage Image, AttackFamily Family, string Description)
{
    /// <summary>
    /// The drawn parameters by name, keyed <c>family.parameter</c> (<c>crop.area</c>,
    /// <c>tilt.angle</c>, …) so that tests and reports can check them against the ranges;
    /// choices are stored as the index of the option, yes/no as 1/0. Combined copies hold both
    /// families' keys and <c>combined.first</c> / <c>combined.second</c> (the families as numbers).
    /// </summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();
}
