namespace Originality.Engine.Matching;

/// <summary>
/// A rectangle in a picture as fractions of its width and height (0..1), so it stays true at any
/// resolution the picture is shown in.
/// </summary>
/// <param name="X">Left edge as a fraction of the width.</param>
/// <param name="Y">Top edge as a fraction of the height.</param>
/// <param name="Width">Width as a fraction of the picture's width.</param>
/// <param name="Height">Height as a fraction of the picture's height.</param>
public readonly record struct RelativeRect(double X, double Y, double Width, double Height)
{
    /// <summary>The whole picture.</summary>
    public static RelativeRect Whole { get; } = new(0, 0, 1, 1);

    /// <summary>Its share of the picture's area.</summary>
    public double Area => Width * Height;

    /// <summary>The part of this rectangle given relative to it, expressed relative to the whole picture.</summary>
    public RelativeRect Sub(RelativeRect inner) =>
        new(X + (inner.X * Width), Y + (inner.Y * Height), inner.Width * Width, inner.Height * Height);

    /// <summary>The rectangle widened on each side by <paramref name="share"/> of its own width and height, clipped to the picture.</summary>
    public RelativeRect Widened(double share)
    {
        var (mx, my) = (share * Width, share * Height);
        var x0 = Math.Clamp(X - mx, 0, 1);
        var y0 = Math.Clamp(Y - my, 0, 1);
        return new RelativeRect(x0, y0, Math.Clamp(X + Width + mx, 0, 1) - x0, Math.Clamp(Y + Height + my, 0, 1) - y0);
    }

    /// <summary>Area of the intersection of the two rectangles over the area of their union (0 when they do not meet).</summary>
    public double IntersectionOverUnion(RelativeRect other)
    {
        var ix = Math.Max(0, Math.Min(X + Width, other.X + other.Width) - Math.Max(X, other.X));
        var iy = Math.Max(0, Math.Min(Y + Height, other.Y + other.Height) - Math.Max(Y, other.Y));
        var intersection = ix * iy;
        return intersection / Math.Max(1e-12, Area + other.Area - intersection);
    }

    /// <summary>The rectangle in pixels of a picture of the given size (rounded, at least 1×1, inside the picture).</summary>
    public (int X, int Y, int Width, int Height) ToPixels(int width, int height)
    {
        var x = Math.Clamp((int)Math.Round(X * width), 0, width - 1);
        var y = Math.Clamp((int)Math.Round(Y * height), 0, height - 1);
        var w = Math.Clamp((int)Math.Round(Width * width), 1, width - x);
        var h = Math.Clamp((int)Math.Round(Height * height), 1, height - y);
        return (x, y, w, h);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{X:0.###},{Y:0.###} {Width:0.###}x{Height:0.###}]");
}
