namespace Originality.Engine.Matching;

/// <summary>
/// Finds the content of a picture inside uniform borders, padding or a plain canvas (letterboxing,
/// frames, a photo pasted onto a white or coloured banner), so that the content can be hashed alone.
/// </summary>
/// <remarks>
/// A line (row or column) at an edge is border when nearly all its pixels are within a tolerance of
/// the colour of the first border line on that side; JPEG ringing and a few stray pixels are
/// tolerated. Real photographs rarely have such lines, and when they do (a clear sky, a black night)
/// both the original and the copy are trimmed alike, and the untrimmed picture is hashed as well.
/// </remarks>
internal static class BorderTrimmer
{
    private const float Tolerance = 14f;
    private const double UniformShare = 0.99;

    // Mean absolute deviation from the border colour: near 0 for painted borders and canvases (JPEG
    // ringing included), higher for a night sky or a smooth wall, whose noise and stars stay.
    private const float MaxMeanDeviation = 2f;
    private const double MinContentShare = 0.2;

    /// <summary>The content rectangle in pixels of <paramref name="picture"/>.</summary>
    public static (int X, int Y, int Width, int Height) FindContent(WorkingPicture picture)
    {
        var w = picture.Width;
        var h = picture.Height;
        var top = Scan(picture, h, i => (0, i, w, 1));
        var bottom = Scan(picture, h - top, i => (0, h - 1 - i, w, 1));
        var left = Scan(picture, w, i => (i, top, 1, h - top - bottom));
        var right = Scan(picture, w - left, i => (w - 1 - i, top, 1, h - top - bottom));
        var cw = w - left - right;
        var ch = h - top - bottom;
        if (cw < w * MinContentShare || ch < h * MinContentShare)
        {
            // Mostly flat: there is no frame to speak of, the flat area is the picture.
            return (0, 0, w, h);
        }
        return (left, top, cw, ch);
    }

    // Number of border lines from one side: consecutive lines uniform in the colour of the first.
    private static int Scan(WorkingPicture picture, int available, Func<int, (int X, int Y, int W, int H)> line)
    {
        if (available <= 2)
        {
            return 0;
        }
        var first = line(0);
        if (first.W <= 0 || first.H <= 0)
        {
            return 0;
        }
        var reference = Median(picture, first);
        var count = 0;
        while (count < available - 1)
        {
            var l = line(count);
            if (l.W <= 0 || l.H <= 0 || !IsUniform(picture, l, reference))
            {
                break;
            }
            count++;
        }
        return count;
    }

    private static bool IsUniform(WorkingPicture picture, (int X, int Y, int W, int H) l, (float R, float G, float B) c)
    {
        var n = l.W * l.H;
        var allowed = (int)(n * (1 - UniformShare));
        var off = 0;
        var deviation = 0f;
        var rgb = picture.Rgb;
        for (var y = l.Y; y < l.Y + l.H; y++)
        {
            for (var x = l.X; x < l.X + l.W; x++)
            {
                var i = 3 * ((y * picture.Width) + x);
                var d = Math.Max(Math.Abs(rgb[i] - c.R), Math.Max(Math.Abs(rgb[i + 1] - c.G), Math.Abs(rgb[i + 2] - c.B)));
                if (d > Tolerance)
                {
                    if (++off > allowed)
                    {
                        return false;
                    }
                }
                else
                {
                    deviation += d;
                }
            }
        }
        return deviation / (n - off) <= MaxMeanDeviation;
    }

    private static (float R, float G, float B) Median(WorkingPicture picture, (int X, int Y, int W, int H) l)
    {
        var n = l.W * l.H;
        var r = new float[n];
        var g = new float[n];
        var b = new float[n];
        var k = 0;
        for (var y = l.Y; y < l.Y + l.H; y++)
        {
            for (var x = l.X; x < l.X + l.W; x++, k++)
            {
                var i = 3 * ((y * picture.Width) + x);
                r[k] = picture.Rgb[i];
                g[k] = picture.Rgb[i + 1];
                b[k] = picture.Rgb[i + 2];
            }
        }
        Array.Sort(r);
        Array.Sort(g);
        Array.Sort(b);
        return (r[n / 2], g[n / 2], b[n / 2]);
    }
}
