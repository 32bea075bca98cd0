using Originality.Engine.Imaging;
using SkiaSharp;

namespace Originality.Measurement.Attacks;

/// <summary>
/// The copier's changes that copy detection must survive (issue 2, D-2), each a <see cref="CopyAttack"/>.
/// </summary>
/// <remarks>
/// Used by the robustness benchmark and the tests. Colour changes follow the usual "enhance"
/// definitions: brightness scales towards black, contrast blends with the mean grey, saturation
/// blends with the grey of each pixel; ±30% means a factor of 1.3 or 0.7. Thread-safe.
/// </remarks>
public static class CopyAttacks
{
    private static readonly string[] FontCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ];

    private static readonly SKColor[] CanvasColours =
    [
        new(0xE8, 0x3A, 0x3A), new(0x2B, 0x6C, 0xD9), new(0xF2, 0xC1, 0x2E), new(0x2E, 0xA0, 0x5A), new(0x22, 0x22, 0x22),
    ];

    private static readonly Lazy<SKTypeface?> Font = new(LoadFont);

    /// <summary>Every attack, in report order.</summary>
    public static IReadOnlyList<CopyAttack> All { get; } =
    [
        new("downscale-300", "scaled so the longer side is 300 px", (img, _) => ScaleLongerSide(img, 300)),
        new("jpeg-q30", "re-encoded as JPEG at quality 30", (img, _) => Jpeg(img, 30)),
        new("crop-70-centre", "centre crop keeping 70% of the area", (img, _) => Crop(img, 0.70, 0.5, 0.5)),
        new("crop-70-offcentre", "off-centre crop keeping 70% of the area", (img, seed) => OffCentreCrop(img, 0.70, seed)),
        new("border-10", "a coloured border of 10% of the size on every side", (img, seed) => Border(img, 0.10, seed)),
        new("caption-20", "a semi-transparent caption band with text over the bottom 20%", (img, _) => Caption(img, 0.20)),
        new("watermark-20", "semi-transparent outlined lettering and a logo ring spread over 20% of the picture", (img, seed) => Watermark(img, 0.20, seed)),
        new("mirror", "mirrored left to right", (img, _) => Mirror(img)),
        new("rotate-90", "rotated a quarter turn", (img, _) => img.Transform(DihedralVariant.Rotate90)),
        new("rotate-180", "rotated a half turn", (img, _) => img.Transform(DihedralVariant.Rotate180)),
        new("rotate-270", "rotated three quarter turns", (img, _) => img.Transform(DihedralVariant.Rotate270)),
        new("rotate-3-crop", "rotated 3° and cropped to the largest upright rectangle inside", (img, _) => RotateCrop(img, 3)),
        new("rotate-5-crop", "rotated -5° and cropped to the largest upright rectangle inside", (img, _) => RotateCrop(img, -5)),
        new("rotate-5-fill", "rotated 5° on a white canvas of the same size", (img, _) => RotateFill(img, 5)),
        new("brightness+30", "brightness +30%", (img, _) => Brightness(img, 1.3)),
        new("brightness-30", "brightness -30%", (img, _) => Brightness(img, 0.7)),
        new("contrast+30", "contrast +30%", (img, _) => Contrast(img, 1.3)),
        new("contrast-30", "contrast -30%", (img, _) => Contrast(img, 0.7)),
        new("saturation+30", "saturation +30%", (img, _) => Saturation(img, 1.3)),
        new("saturation-30", "saturation -30%", (img, _) => Saturation(img, 0.7)),
        new("grayscale", "converted to grey", (img, _) => Saturation(img, 0)),
        new("canvas-50-white", "scaled to 50% and pasted on a white canvas of the original size", (img, seed) => Canvas(img, 0.5, SKColors.White, seed)),
        new("canvas-50-colour", "scaled to 50% and pasted on a coloured canvas of the original size", (img, seed) => Canvas(img, 0.5, CanvasColours[Math.Abs(seed) % CanvasColours.Length], seed)),
    ];

    /// <summary>The attack called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No attack has that name.</exception>
    public static CopyAttack Get(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"No copy attack is called '{name}'.");

    /// <summary>Scales so the longer side is <paramref name="side"/> pixels (never up).</summary>
    public static RgbImage ScaleLongerSide(RgbImage image, int side)
    {
        ArgumentNullException.ThrowIfNull(image);
        var longer = Math.Max(image.Width, image.Height);
        if (longer <= side)
        {
            return image;
        }
        var scale = (double)side / longer;
        return image.Resize(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
    }

    /// <summary>Encodes as JPEG at <paramref name="quality"/> and decodes again.</summary>
    public static RgbImage Jpeg(RgbImage image, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bitmap = image.ToBitmap();
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        using var decoded = SKBitmap.Decode(encoded);
        return RgbImage.FromBitmap(decoded);
    }

    /// <summary>Keeps <paramref name="area"/> of the picture with the same aspect ratio, placed at the relative position given.</summary>
    public static RgbImage Crop(RgbImage image, double area, double fx, double fy)
    {
        ArgumentNullException.ThrowIfNull(image);
        var side = Math.Sqrt(area);
        var w = Math.Max(1, (int)Math.Round(image.Width * side));
        var h = Math.Max(1, (int)Math.Round(image.Height * side));
        var x = (int)Math.Round((image.Width - w) * fx);
        var y = (int)Math.Round((image.Height - h) * fy);
        return CropPixels(image, x, y, w, h);
    }

    /// <summary>Mirrors left to right.</summary>
    public static RgbImage Mirror(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var src = image.Pixels;
        var dst = new byte[src.Length];
        for (var y = 0; y < image.Height; y++)
        {
            var row = 3 * image.Width * y;
            for (var x = 0; x < image.Width; x++)
            {
                var s = row + (3 * x);
                var d = row + (3 * (image.Width - 1 - x));
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return new RgbImage(image.Width, image.Height, dst);
    }

    private static RgbImage OffCentreCrop(RgbImage image, double area, int seed)
    {
        // Anywhere but the centre: each axis lands in the outer 40% of the freedom left by the crop.
        var random = new Random(seed);
        double Pick() => random.Next(2) == 0 ? 0.3 * random.NextDouble() : 1 - (0.3 * random.NextDouble());
        return Crop(image, area, Pick(), Pick());
    }

    internal static RgbImage CropPixels(RgbImage image, int x, int y, int w, int h)
    {
        var pixels = new byte[3 * w * h];
        for (var row = 0; row < h; row++)
        {
            Array.Copy(image.Pixels, 3 * (((y + row) * image.Width) + x), pixels, 3 * w * row, 3 * w);
        }
        return new RgbImage(w, h, pixels);
    }

    private static RgbImage Border(RgbImage image, double fraction, int seed)
    {
        var colour = new Random(seed).Next(3) switch
        {
            0 => SKColors.White,
            1 => SKColors.Black,
            _ => CanvasColours[Math.Abs(seed) % CanvasColours.Length],
        };
        var dx = (int)Math.Round(image.Width * fraction);
        var dy = (int)Math.Round(image.Height * fraction);
        return Draw(image.Width + (2 * dx), image.Height + (2 * dy), colour, canvas =>
        {
            using var bitmap = image.ToBitmap();
            canvas.DrawBitmap(bitmap, dx, dy);
        });
    }

    private static RgbImage Caption(RgbImage image, double fraction)
    {
        var band = (float)(image.Height * fraction);
        return Draw(image.Width, image.Height, SKColors.White, canvas =>
        {
            using var bitmap = image.ToBitmap();
            canvas.DrawBitmap(bitmap, 0, 0);
            using var fill = new SKPaint { Color = new SKColor(0, 0, 0, 150), IsAntialias = true };
            canvas.DrawRect(0, image.Height - band, image.Width, band, fill);
            DrawText(canvas, "BEST PRICE · shop-4521 · free shipping", new SKRect(0, image.Height - band, image.Width, image.Height), new SKColor(255, 255, 255, 235));
        });
    }

    private static RgbImage Watermark(RgbImage image, double fraction, int seed)
    {
        // Semi-transparent white lettering with a dark outline and a logo ring, spread over a box of
        // the picture's aspect covering the fraction of the area, at a seeded spot.
        var random = new Random(seed);
        var side = Math.Sqrt(fraction);
        var w = (float)(image.Width * side);
        var h = (float)(image.Height * side);
        var x = (float)((image.Width - w) * (0.25 + (0.5 * random.NextDouble())));
        var y = (float)((image.Height - h) * (0.25 + (0.5 * random.NextDouble())));
        var box = new SKRect(x, y, x + w, y + h);
        return Draw(image.Width, image.Height, SKColors.White, canvas =>
        {
            using var bitmap = image.ToBitmap();
            canvas.DrawBitmap(bitmap, 0, 0);
            var ringRadius = Math.Min(w, h) / 4;
            using var ring = new SKPaint { Color = new SKColor(255, 255, 255, 150), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = ringRadius / 4 };
            canvas.DrawCircle(box.MidX, box.Top + ringRadius + (h * 0.05f), ringRadius, ring);
            var lower = new SKRect(box.Left, box.Top + (h * 0.55f), box.Right, box.Bottom);
            DrawText(canvas, "© shop-4521", lower, new SKColor(255, 255, 255, 150), new SKColor(0, 0, 0, 90));
        });
    }

    private static RgbImage RotateCrop(RgbImage image, double degrees)
    {
        var rotated = RotateFill(image, degrees);
        // The largest rectangle of the same aspect inside the turned picture, centred.
        var a = Math.Abs(degrees) * Math.PI / 180;
        var (w, h) = (image.Width, image.Height);
        var scale = Math.Min(w / ((w * Math.Cos(a)) + (h * Math.Sin(a))), h / ((w * Math.Sin(a)) + (h * Math.Cos(a))));
        var cw = Math.Max(1, (int)Math.Floor(w * scale) - 2);
        var ch = Math.Max(1, (int)Math.Floor(h * scale) - 2);
        return CropPixels(rotated, (w - cw) / 2, (h - ch) / 2, cw, ch);
    }

    private static RgbImage RotateFill(RgbImage image, double degrees) =>
        Draw(image.Width, image.Height, SKColors.White, canvas =>
        {
            using var bitmap = image.ToBitmap();
            using var picture = SKImage.FromBitmap(bitmap);
            canvas.RotateDegrees((float)degrees, image.Width / 2f, image.Height / 2f);
            using var paint = new SKPaint { IsAntialias = true };
            canvas.DrawImage(picture, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
        });

    private static RgbImage Canvas(RgbImage image, double scale, SKColor colour, int seed)
    {
        var random = new Random(seed);
        var small = image.Resize(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
        var x = (int)Math.Round((image.Width - small.Width) * random.NextDouble());
        var y = (int)Math.Round((image.Height - small.Height) * random.NextDouble());
        return Draw(image.Width, image.Height, colour, canvas =>
        {
            using var bitmap = small.ToBitmap();
            canvas.DrawBitmap(bitmap, x, y);
        });
    }

    private static RgbImage Brightness(RgbImage image, double factor) =>
        PerPixel(image, (r, g, b) => (r * factor, g * factor, b * factor));

    private static RgbImage Contrast(RgbImage image, double factor)
    {
        double sum = 0;
        var p = image.Pixels;
        for (var i = 0; i < p.Length; i += 3)
        {
            sum += (0.299 * p[i]) + (0.587 * p[i + 1]) + (0.114 * p[i + 2]);
        }
        var mean = sum / (p.Length / 3);
        return PerPixel(image, (r, g, b) => (mean + ((r - mean) * factor), mean + ((g - mean) * factor), mean + ((b - mean) * factor)));
    }

    private static RgbImage Saturation(RgbImage image, double factor) =>
        PerPixel(image, (r, g, b) =>
        {
            var grey = (0.299 * r) + (0.587 * g) + (0.114 * b);
            return (grey + ((r - grey) * factor), grey + ((g - grey) * factor), grey + ((b - grey) * factor));
        });

    private static RgbImage PerPixel(RgbImage image, Func<double, double, double, (double R, double G, double B)> map)
    {
        var src = image.Pixels;
        var dst = new byte[src.Length];
        for (var i = 0; i < src.Length; i += 3)
        {
            var (r, g, b) = map(src[i], src[i + 1], src[i + 2]);
            dst[i] = ToByte(r);
            dst[i + 1] = ToByte(g);
            dst[i + 2] = ToByte(b);
        }
        return new RgbImage(image.Width, image.Height, dst);
    }

    private static byte ToByte(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);

    private static RgbImage Draw(int width, int height, SKColor background, Action<SKCanvas> paint)
    {
        using var surface = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(surface))
        {
            canvas.Clear(background);
            paint(canvas);
        }
        return RgbImage.FromBitmap(surface);
    }

    private static void DrawText(SKCanvas canvas, string text, SKRect box, SKColor colour, SKColor? outline = null)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        var typeface = Font.Value;
        if (typeface is null)
        {
            // No font on this machine: bars where the letters would be cover the same pixels.
            var bar = box.Height / 5;
            canvas.DrawRect(box.Left + (box.Width * 0.08f), box.MidY - (bar / 2), box.Width * 0.84f, bar, paint);
            return;
        }
        using var font = new SKFont(typeface, box.Height * 0.45f);
        var width = font.MeasureText(text);
        if (width > box.Width * 0.92f)
        {
            font.Size *= box.Width * 0.92f / width;
            width = font.MeasureText(text);
        }
        if (outline is { } edge)
        {
            using var stroke = new SKPaint { Color = edge, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = font.Size / 16 };
            canvas.DrawText(text, box.MidX - (width / 2), box.MidY + (font.Size * 0.35f), SKTextAlign.Left, font, stroke);
        }
        canvas.DrawText(text, box.MidX - (width / 2), box.MidY + (font.Size * 0.35f), SKTextAlign.Left, font, paint);
    }

    private static SKTypeface? LoadFont() =>
        FontCandidates.Where(File.Exists).Select(SKTypeface.FromFile).FirstOrDefault(t => t is not null);
}
