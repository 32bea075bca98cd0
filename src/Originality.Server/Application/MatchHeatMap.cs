using Originality.Engine.Hashing;
using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Engine.Pdq;
using SkiaSharp;

namespace Originality.Server.Application;

/// <summary>
/// Shows a reviewer or a warned seller how closely each part of the matched area agrees: the
/// original's matched rectangle is first aligned to the suspect's (a small shift search), both are
/// cut into a grid, each suspect cell is PDQ-hashed and compared with the best of the nearby
/// placements of the corresponding original cell, and tinted from green (same content) to red
/// (different); the rest of the suspect is dimmed. A PNG of the suspect's size.
/// </summary>
/// <remarks>
/// Cells correspond by position in the two rectangles, so a copy that was turned or mirrored shows
/// as red even where the detector matched it (its evidence text says so); cells too flat for PDQ
/// to judge stay grey.
/// </remarks>
public static class MatchHeatMap
{
    /// <summary>Cells per side of the grid over the matched rectangle.</summary>
    public const int Cells = 4;

    private const int AlignSide = 384;

    private const int CellSide = 1200;

    /// <summary>From this PDQ distance (of 256 bits) a cell is fully red; unrelated content sits near 128.</summary>
    private const int RedFrom = 64;

    public static byte[] Render(byte[] suspectBytes, byte[] originalBytes, RelativeRect suspectRegion, RelativeRect originalRegion)
    {
        // Never more pixels than the largest working size needs (JPEG scaled in the DCT domain, PNG averaged down).
        var options = new DecodeOptions(MinShortSide: CellSide);
        var suspect = ImageDecoder.Decode(suspectBytes, options: options).Image;
        var original = ImageDecoder.Decode(originalBytes, options: options).Image;
        // Aligned at a small working size: the whole region's hash only needs the coarse structure.
        var small = Shrink(suspect, AlignSide);
        var smallOriginal = Shrink(original, AlignSide);
        // Cells need more pixels: PDQ of a patch a few dozen pixels wide is mostly noise.
        var large = Shrink(suspect, CellSide);
        var largeOriginal = Shrink(original, CellSide);
        // The detector's regions come from a fixed grid of windows, so the original's region can be a
        // few percent off the copied area: align it first, then let each cell settle locally.
        var aligned = Align(small, suspectRegion, smallOriginal, originalRegion);
        using var bitmap = suspect.ToBitmap();
        using (var canvas = new SKCanvas(bitmap))
        {
            var area = ToPixels(suspectRegion, suspect);
            using (var dim = new SKPaint { Color = new SKColor(0, 0, 0, 140) })
            {
                canvas.Save();
                canvas.ClipRect(area, SKClipOperation.Difference);
                canvas.DrawRect(0, 0, suspect.Width, suspect.Height, dim);
                canvas.Restore();
            }
            for (var row = 0; row < Cells; row++)
            {
                for (var column = 0; column < Cells; column++)
                {
                    var cell = new RelativeRect((double)column / Cells, (double)row / Cells, 1.0 / Cells, 1.0 / Cells);
                    var distance = BestShift(large, suspectRegion.Sub(cell), largeOriginal, aligned.Sub(cell), 0.06, 0.02).Distance;
                    using var tint = new SKPaint { Color = ColourOf(distance) };
                    canvas.DrawRect(ToPixels(suspectRegion.Sub(cell), suspect), tint);
                }
            }
            using var outline = new SKPaint { Color = SKColors.Yellow, IsStroke = true, StrokeWidth = Math.Max(2, Math.Min(suspect.Width, suspect.Height) / 200f) };
            canvas.DrawRect(area, outline);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The original's rectangle rescaled (±20%) and shifted to fit the suspect's content best, coarse then fine.</summary>
    private static RelativeRect Align(RgbImage suspect, RelativeRect probe, RgbImage original, RelativeRect target)
    {
        var best = (Region: target, Distance: (int?)null);
        for (var scale = 0.8; scale <= 1.251; scale += 0.05)
        {
            var w = Math.Min(1, target.Width * scale);
            var h = Math.Min(1, target.Height * scale);
            var x = Math.Clamp(target.X + ((target.Width - w) / 2), 0, 1 - w);
            var y = Math.Clamp(target.Y + ((target.Height - h) / 2), 0, 1 - h);
            var candidate = BestShift(suspect, probe, original, new RelativeRect(x, y, w, h), 0.12, 0.04);
            if (candidate.Distance is int d && (best.Distance is null || d < best.Distance))
            {
                best = candidate;
            }
        }
        var fine = BestShift(suspect, probe, original, best.Region, 0.04, 0.01).Region;
        return BestShift(suspect, probe, original, fine, 0.01, 0.0025).Region;
    }

    /// <summary>
    /// The placement of <paramref name="target"/>, moved by up to <paramref name="reach"/> of its own
    /// size in steps of <paramref name="step"/>, whose content is closest to <paramref name="probe"/>.
    /// </summary>
    private static (RelativeRect Region, int? Distance) BestShift(RgbImage suspect, RelativeRect probe, RgbImage original, RelativeRect target, double reach, double step)
    {
        var probeHash = HashOf(suspect, probe);
        if (probeHash is null)
        {
            return (target, null);
        }
        var best = (Region: target, Distance: (int?)null);
        var steps = (int)Math.Round(reach / step);
        for (var dy = -steps; dy <= steps; dy++)
        {
            for (var dx = -steps; dx <= steps; dx++)
            {
                var moved = new RelativeRect(target.X + (dx * step * target.Width), target.Y + (dy * step * target.Height), target.Width, target.Height);
                if (moved.X < -0.001 || moved.Y < -0.001 || moved.X + moved.Width > 1.001 || moved.Y + moved.Height > 1.001)
                {
                    continue;
                }
                if (HashOf(original, moved) is { } hash)
                {
                    var distance = probeHash.Value.DistanceTo(hash);
                    if (best.Distance is null || distance < best.Distance)
                    {
                        best = (moved, distance);
                    }
                }
            }
        }
        return best;
    }

    private static Hash256? HashOf(RgbImage image, RelativeRect region)
    {
        var rect = ToPixels(region, image);
        if (rect.Width < 8 || rect.Height < 8)
        {
            return null;
        }
        var pdq = PdqHasher.Hash(Cut(image, rect));
        return pdq.IsUseful ? pdq.Hash : null;
    }

    private static RgbImage Shrink(RgbImage image, int side)
    {
        var longer = Math.Max(image.Width, image.Height);
        if (longer <= side)
        {
            return image;
        }
        var scale = (double)side / longer;
        return image.Resize(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
    }

    private static SKColor ColourOf(int? distance)
    {
        if (distance is not int d)
        {
            return new SKColor(128, 128, 128, 90);
        }
        var t = Math.Clamp(d / (double)RedFrom, 0, 1);
        return new SKColor((byte)Math.Round(255 * t), (byte)Math.Round(200 * (1 - t)), 0, 110);
    }

    private static SKRectI ToPixels(RelativeRect r, RgbImage image)
    {
        var left = Math.Clamp((int)Math.Round(r.X * image.Width), 0, image.Width - 1);
        var top = Math.Clamp((int)Math.Round(r.Y * image.Height), 0, image.Height - 1);
        var right = Math.Clamp((int)Math.Round((r.X + r.Width) * image.Width), left + 1, image.Width);
        var bottom = Math.Clamp((int)Math.Round((r.Y + r.Height) * image.Height), top + 1, image.Height);
        return new SKRectI(left, top, right, bottom);
    }

    private static RgbImage Cut(RgbImage image, SKRectI rect)
    {
        var pixels = new byte[3 * rect.Width * rect.Height];
        for (var row = 0; row < rect.Height; row++)
        {
            Array.Copy(image.Pixels, 3 * (((rect.Top + row) * image.Width) + rect.Left), pixels, 3 * rect.Width * row, 3 * rect.Width);
        }
        return new RgbImage(rect.Width, rect.Height, pixels);
    }
}
