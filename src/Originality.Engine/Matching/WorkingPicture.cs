using Originality.Engine.Imaging;

namespace Originality.Engine.Matching;

/// <summary>
/// A picture reduced by area averaging to a small working size, as RGB and luma planes of floats.
/// PDQ only keeps 64×64 samples, so hashing regions of a 256-pixel picture loses nothing that
/// matters and costs a fraction of full resolution.
/// </summary>
internal sealed class WorkingPicture
{
    private WorkingPicture(int width, int height, float[] rgb, float[] luma)
    {
        Width = width;
        Height = height;
        Rgb = rgb;
        Luma = luma;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Three floats (0..255) per pixel, row-major.</summary>
    public float[] Rgb { get; }

    /// <summary>PDQ's luma (0.299 R + 0.587 G + 0.114 B), row-major.</summary>
    public float[] Luma { get; }

    public static WorkingPicture From(RgbImage image, int longerSide)
    {
        var scale = Math.Min(1.0, (double)longerSide / Math.Max(image.Width, image.Height));
        var w = Math.Max(1, (int)Math.Round(image.Width * scale));
        var h = Math.Max(1, (int)Math.Round(image.Height * scale));
        var rgb = new float[3 * w * h];
        var src = image.Pixels;
        // Area averaging: output cell (x, y) averages the source pixels whose index maps onto it.
        var x0 = new int[w + 1];
        for (var x = 0; x <= w; x++)
        {
            x0[x] = (int)((long)x * image.Width / w);
        }
        for (var y = 0; y < h; y++)
        {
            var ya = (int)((long)y * image.Height / h);
            var yb = Math.Max(ya + 1, (int)((long)(y + 1) * image.Height / h));
            for (var x = 0; x < w; x++)
            {
                var xa = x0[x];
                var xb = Math.Max(xa + 1, x0[x + 1]);
                float r = 0, g = 0, b = 0;
                for (var sy = ya; sy < yb; sy++)
                {
                    var s = 3 * ((sy * image.Width) + xa);
                    for (var sx = xa; sx < xb; sx++, s += 3)
                    {
                        r += src[s];
                        g += src[s + 1];
                        b += src[s + 2];
                    }
                }
                var n = (float)((yb - ya) * (xb - xa));
                var d = 3 * ((y * w) + x);
                rgb[d] = r / n;
                rgb[d + 1] = g / n;
                rgb[d + 2] = b / n;
            }
        }
        var luma = new float[w * h];
        for (var i = 0; i < luma.Length; i++)
        {
            luma[i] = (0.299f * rgb[3 * i]) + (0.587f * rgb[(3 * i) + 1]) + (0.114f * rgb[(3 * i) + 2]);
        }
        return new WorkingPicture(w, h, rgb, luma);
    }

    /// <summary>Copies the luma of a pixel rectangle into a new row-major plane.</summary>
    public float[] LumaOf(int x, int y, int w, int h)
    {
        var plane = new float[w * h];
        for (var row = 0; row < h; row++)
        {
            Array.Copy(Luma, ((y + row) * Width) + x, plane, row * w, w);
        }
        return plane;
    }
}
