namespace Originality.Engine.Matching;

/// <summary>Small rotations of a luma plane, as copiers straighten or skew a picture.</summary>
internal static class Tilt
{
    private const float White = 255f;

    /// <summary>
    /// Rotates the plane by <paramref name="degrees"/> counter-clockwise about its centre (bilinear).
    /// With <paramref name="crop"/> the result is the largest upright rectangle of the same aspect
    /// inside the turned picture, scaled to the plane's size; otherwise the corners left empty are white.
    /// </summary>
    public static (float[] Plane, int Width, int Height) Rotate(float[] luma, int width, int height, float degrees, bool crop)
    {
        var a = degrees * Math.PI / 180;
        var cos = Math.Cos(a);
        var sin = Math.Sin(a);
        var scale = crop ? InscribedScale(width, height, degrees) : 1.0;
        var output = new float[width * height];
        var (mx, my) = ((width - 1) / 2.0, (height - 1) / 2.0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Output pixel back into the source: scale about the centre, then turn the other way.
                var dx = (x - mx) * scale;
                var dy = (y - my) * scale;
                var sx = (cos * dx) - (sin * dy) + mx;
                var sy = (sin * dx) + (cos * dy) + my;
                output[(y * width) + x] = Sample(luma, width, height, sx, sy);
            }
        }
        return (output, width, height);
    }

    /// <summary>
    /// The scale of the largest upright rectangle of the same aspect inside a
    /// <paramref name="width"/> × <paramref name="height"/> picture turned by <paramref name="degrees"/>.
    /// </summary>
    public static double InscribedScale(double width, double height, double degrees)
    {
        var a = degrees * Math.PI / 180;
        var (c, s) = (Math.Abs(Math.Cos(a)), Math.Abs(Math.Sin(a)));
        return Math.Min(width / ((width * c) + (height * s)), height / ((width * s) + (height * c)));
    }

    private static float Sample(float[] luma, int width, int height, double x, double y)
    {
        if (x < -0.5 || y < -0.5 || x > width - 0.5 || y > height - 0.5)
        {
            return White;
        }
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var fx = (float)(x - x0);
        var fy = (float)(y - y0);
        var top = luma[(y0 * width) + x0] + ((luma[(y0 * width) + x1] - luma[(y0 * width) + x0]) * fx);
        var bottom = luma[(y1 * width) + x0] + ((luma[(y1 * width) + x1] - luma[(y1 * width) + x0]) * fx);
        return top + ((bottom - top) * fy);
    }
}
