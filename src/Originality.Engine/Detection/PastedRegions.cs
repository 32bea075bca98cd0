using Originality.Engine.Matching;

namespace Originality.Engine.Detection;

/// <summary>
/// Finds rectangles that look pasted into a picture: a photo in a banner, a cell of a collage, a
/// picture inside a screenshot's page. A pasted picture is bounded by straight, axis-aligned
/// discontinuities (or by the suspect's own border) along its whole sides, which a photograph's
/// content rarely has; such a rectangle is looked up as a picture of its own, at its own scale,
/// wherever it lies and whatever its size.
/// </summary>
/// <remarks>
/// Works on the picture reduced to the working size, in colour: vertical and horizontal edges
/// (steps across two pixels), the columns and rows holding a long run of them (cuts), and every
/// rectangle between two cuts (or the border) each way whose sides are edges along most of their
/// length (each side's count read off running sums in constant time). Deterministic and cheap (a
/// few passes over the working picture).
/// </remarks>
public static class PastedRegions
{
    // Smallest share of the suspect a pasted region covers.
    private const double MinArea = 0.03;

    // Largest share of the suspect a pasted region covers: a larger one is nearly the whole suspect, already looked up.
    private const double MaxArea = 0.8;

    // Cuts kept each way, strongest first: bounds the rectangles tried to Cuts² × Cuts².
    private const int Cuts = 20;

    // Columns (rows) within this many pixels of a stronger cut are the same boundary, blurred by the downscale.
    private const int Suppression = 3;

    // A gap of up to this many pixels does not break an edge run (a boundary fading against a like-coloured part).
    private const int MaxGap = 3;

    /// <summary>Rectangles that look pasted, in the order they are worth looking up, at most <paramref name="limit"/>.</summary>
    /// <param name="image">The suspect.</param>
    /// <param name="side">Longer side of the picture the edges are found on.</param>
    /// <param name="limit">Most rectangles returned.</param>
    /// <param name="step">Smallest step in any colour channel that makes an edge.</param>
    /// <param name="minSupport">Smallest share of each inner side that must be edge.</param>
    public static List<RelativeRect> Find(Imaging.RgbImage image, int side, int limit, int step, double minSupport)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (w, h, rgb) = Reduced(image, side);
        if (limit <= 0 || w < 16 || h < 16)
        {
            return [];
        }
        var vertical = Edges(rgb, w, h, step, horizontalStep: true);
        var horizontal = Edges(rgb, w, h, step, horizontalStep: false);
        var minSide = (int)Math.Ceiling(Math.Sqrt(MinArea) * Math.Min(w, h) / 2);
        var xs = CutsOf(vertical, w, h, columns: true, minSide);
        var ys = CutsOf(horizontal, w, h, columns: false, minSide);
        var columnSums = xs.Select(x => Prefix(vertical, w, h, x, columns: true)).ToArray();
        var rowSums = ys.Select(y => Prefix(horizontal, w, h, y, columns: false)).ToArray();
        var found = new List<(RelativeRect Rect, bool Split, double Area)>();
        for (var a = 0; a < xs.Count; a++)
        {
            for (var b = 0; b < xs.Count; b++)
            {
                var (x0, x1) = (xs[a], xs[b]);
                if (x1 - x0 < minSide)
                {
                    continue;
                }
                for (var c = 0; c < ys.Count; c++)
                {
                    for (var d = 0; d < ys.Count; d++)
                    {
                        var (y0, y1) = (ys[c], ys[d]);
                        var area = (double)(x1 - x0) * (y1 - y0) / ((double)(w - 1) * (h - 1));
                        if (y1 - y0 < minSide || area < MinArea || area > MaxArea)
                        {
                            continue;
                        }
                        // Each side inside the picture must be edge along most of its length; a side on
                        // the border counts for nothing either way (a paste may touch the border).
                        var inner = 0;
                        var passes = Side(columnSums[a], y0, y1, x0 > 0, minSupport, ref inner)
                            && Side(columnSums[b], y0, y1, x1 < w - 1, minSupport, ref inner)
                            && Side(rowSums[c], x0, x1, y0 > 0, minSupport, ref inner)
                            && Side(rowSums[d], x0, x1, y1 < h - 1, minSupport, ref inner);
                        if (passes && inner > 0)
                        {
                            found.Add((new RelativeRect((double)x0 / (w - 1), (double)y0 / (h - 1), (double)(x1 - x0) / (w - 1), (double)(y1 - y0) / (h - 1)),
                                Split(xs, ys, columnSums, rowSums, x0, x1, y0, y1, minSupport), area));
                        }
                    }
                }
            }
        }
        // Whole rectangles before split ones (two collage cells together are crossed by the edge
        // between them; most single pictures are not), then the largest first: content inside a
        // pasted picture (a window frame, a shelf) bounds smaller rectangles than the paste itself,
        // and a rectangle reaching past the paste has a side on the canvas, where there is no edge.
        // A rectangle is dropped only for one of its own kind much like it, so a picture crossed by a
        // straight line of its own (a pillar, a horizon) still follows the parts that line cuts it into.
        found.Sort((p, q) => p.Split != q.Split ? p.Split.CompareTo(q.Split) : q.Area.CompareTo(p.Area));
        var kept = new List<(RelativeRect Rect, bool Split)>();
        foreach (var (rect, split, _) in found)
        {
            if (kept.Count == limit)
            {
                break;
            }
            if (kept.TrueForAll(k => k.Split != split || k.Rect.IntersectionOverUnion(rect) < 0.5))
            {
                kept.Add((rect, split));
            }
        }
        return [.. kept.Select(k => k.Rect)];
    }

    // Whether one side passes: edge along at least minSupport of it, or on the border (not inside).
    private static bool Side(int[] sums, int from, int to, bool inside, double minSupport, ref int inner)
    {
        if (!inside)
        {
            return true;
        }
        var on = sums[to + 1] - sums[from];
        inner += on;
        return on >= minSupport * (to - from + 1);
    }

    // Whether a cut crosses the rectangle from side to side (strictly inside it), edge along most of the way.
    private static bool Split(List<int> xs, List<int> ys, int[][] columnSums, int[][] rowSums, int x0, int x1, int y0, int y1, double minSupport)
    {
        for (var a = 0; a < xs.Count; a++)
        {
            if (xs[a] > x0 + Suppression && xs[a] < x1 - Suppression && columnSums[a][y1 + 1] - columnSums[a][y0] >= minSupport * (y1 - y0 + 1))
            {
                return true;
            }
        }
        for (var c = 0; c < ys.Count; c++)
        {
            if (ys[c] > y0 + Suppression && ys[c] < y1 - Suppression && rowSums[c][x1 + 1] - rowSums[c][x0] >= minSupport * (x1 - x0 + 1))
            {
                return true;
            }
        }
        return false;
    }

    // Running count of edge pixels (or their immediate neighbours across the line) along one column or row.
    private static int[] Prefix(bool[] edges, int w, int h, int at, bool columns)
    {
        var along = columns ? h : w;
        var sums = new int[along + 1];
        for (var t = 0; t < along; t++)
        {
            var on = columns ? Near(edges, w, h, at, t, columns: true) : Near(edges, w, h, t, at, columns: false);
            sums[t + 1] = sums[t] + (on ? 1 : 0);
        }
        return sums;
    }

    // The picture in colour, its longer side reduced to `side` by area averaging (never enlarged).
    private static (int Width, int Height, byte[] Pixels) Reduced(Imaging.RgbImage image, int side)
    {
        var scale = Math.Min(1.0, (double)side / Math.Max(image.Width, image.Height));
        if (scale >= 1)
        {
            return (image.Width, image.Height, image.Pixels);
        }
        var (w, h) = (Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
        using var source = OpenCvSharp.Mat.FromPixelData(image.Height, image.Width, OpenCvSharp.MatType.CV_8UC3, image.Pixels);
        using var reduced = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.Resize(source, reduced, new OpenCvSharp.Size(w, h), 0, 0, OpenCvSharp.InterpolationFlags.Area);
        var pixels = new byte[3 * w * h];
        for (var y = 0; y < h; y++)
        {
            System.Runtime.InteropServices.Marshal.Copy(reduced.Ptr(y), pixels, 3 * y * w, 3 * w);
        }
        return (w, h, pixels);
    }

    // Edge map: a step of at least `step` in any colour channel across the pixel (left to right, or
    // top to bottom); colour, because a paste and its canvas may be one grey and two hues.
    private static bool[] Edges(byte[] rgb, int w, int h, int step, bool horizontalStep)
    {
        var edges = new bool[w * h];
        var stride = horizontalStep ? 3 : 3 * w;
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var i = 3 * ((y * w) + x);
                var d = Math.Max(Math.Abs(rgb[i + stride] - rgb[i - stride]), Math.Max(Math.Abs(rgb[i + 1 + stride] - rgb[i + 1 - stride]), Math.Abs(rgb[i + 2 + stride] - rgb[i + 2 - stride])));
                edges[(y * w) + x] = d >= step;
            }
        }
        return edges;
    }

    // Is there an edge at (x, y) or one pixel across the boundary (a downscaled boundary falls between pixels)?
    private static bool Near(bool[] edges, int w, int h, int x, int y, bool columns)
    {
        if (columns)
        {
            return edges[(y * w) + x] || (x > 0 && edges[(y * w) + x - 1]) || (x < w - 1 && edges[(y * w) + x + 1]);
        }
        return edges[(y * w) + x] || (y > 0 && edges[((y - 1) * w) + x]) || (y < h - 1 && edges[((y + 1) * w) + x]);
    }

    // Columns (or rows) whose longest edge run, gaps of MaxGap allowed, is at least minRun: the
    // strongest Cuts after suppressing their near neighbours, plus both borders.
    private static List<int> CutsOf(bool[] edges, int w, int h, bool columns, int minRun)
    {
        var (across, along) = columns ? (w, h) : (h, w);
        var runs = new int[across];
        for (var a = 2; a < across - 2; a++)
        {
            int best = 0, run = 0, gap = 0;
            for (var t = 0; t < along; t++)
            {
                var on = columns ? edges[(t * w) + a] : edges[(a * w) + t];
                if (on)
                {
                    run += gap + 1;
                    gap = 0;
                    best = Math.Max(best, run);
                }
                else if (run > 0 && ++gap > MaxGap)
                {
                    run = 0;
                    gap = 0;
                }
            }
            runs[a] = best;
        }
        var order = Enumerable.Range(0, across).Where(a => runs[a] >= minRun).OrderByDescending(a => runs[a]).ThenBy(a => a);
        var cuts = new List<int>();
        foreach (var a in order)
        {
            if (cuts.Count == Cuts)
            {
                break;
            }
            if (cuts.TrueForAll(c => Math.Abs(c - a) > Suppression))
            {
                cuts.Add(a);
            }
        }
        cuts.Add(0);
        cuts.Add(across - 1);
        return cuts;
    }
}
