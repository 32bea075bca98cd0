using OpenCvSharp;
using Originality.Engine.Imaging;

namespace Originality.Engine.Detection;

/// <summary>
/// The picture a reviewer decides from: the original, the suspect with the original's outline
/// where the fitted transform puts it, and the original warped onto the suspect and blended half
/// and half, so what agrees looks sharp and what was changed (a caption, a logo, another object)
/// looks doubled. Side by side, each panel <see cref="PanelHeight"/> px high, as PNG.
/// </summary>
public static class EvidenceOverlay
{
    /// <summary>Height of each panel in pixels.</summary>
    public const int PanelHeight = 360;

    /// <summary>Renders the evidence of <paramref name="match"/>; null when the match has no transform.</summary>
    public static byte[]? Render(RgbImage original, RgbImage suspect, CopyMatch match)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(match);
        if (match.Map is not { } map)
        {
            return null;
        }
        using var o = ToBgr(original);
        using var s = ToBgr(suspect);
        // Relative coordinates → the pixels of these two pictures.
        var pixels = new AffineMap(
            map.M11 * s.Width / o.Width, map.M12 * s.Width / o.Height, map.Dx * s.Width,
            map.M21 * s.Height / o.Width, map.M22 * s.Height / o.Height, map.Dy * s.Height);
        using var transform = pixels.ToMat();
        using var warped = new Mat();
        Cv2.WarpAffine(o, warped, transform, s.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        using var ones = new Mat(o.Size(), MatType.CV_8UC1, Scalar.All(255));
        using var mask = new Mat();
        Cv2.WarpAffine(ones, mask, transform, s.Size(), InterpolationFlags.Nearest, BorderTypes.Constant, Scalar.All(0));
        using var blended = new Mat();
        Cv2.AddWeighted(s, 0.5, warped, 0.5, 0, blended);
        using var overlay = s.Clone();
        blended.CopyTo(overlay, mask);
        using var outlined = s.Clone();
        var corners = new[] { (0.0, 0.0), (o.Width, 0.0), (o.Width, o.Height), (0.0, o.Height) }
            .Select(c => pixels.Apply(c.Item1, c.Item2))
            .Select(p => new Point((int)Math.Round(p.X), (int)Math.Round(p.Y)))
            .ToArray();
        var thickness = Math.Max(2, s.Height / 150);
        Cv2.Polylines(outlined, [corners], isClosed: true, new Scalar(0, 0, 255), thickness);
        Cv2.Polylines(overlay, [corners], isClosed: true, new Scalar(0, 0, 255), thickness);
        using var left = Panel(o);
        using var middle = Panel(outlined);
        using var right = Panel(overlay);
        using var row = new Mat();
        Cv2.HConcat([left, middle, right], row);
        Cv2.ImEncode(".png", row, out var png);
        return png;
    }

    private static Mat ToBgr(RgbImage image)
    {
        using var rgb = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
        return bgr;
    }

    private static Mat Panel(Mat image)
    {
        var width = Math.Max(1, (int)Math.Round((double)image.Width * PanelHeight / image.Height));
        var panel = new Mat();
        Cv2.Resize(image, panel, new Size(width, PanelHeight), 0, 0, InterpolationFlags.Area);
        return panel;
    }
}
