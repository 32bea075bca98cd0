using System.Collections.Concurrent;
using Originality.Engine.Imaging;
using SkiaSharp;

namespace Originality.Measurement.Attacks;

/// <summary>Drawing helpers shared by the random attacks: compositing, fitted text, installed fonts.</summary>
internal static class Paint
{
    private static readonly string[] FontCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-ExtraLight.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Oblique.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    ];

    private static readonly string[] LatinTexts =
    [
        "BEST PRICE", "© shop-4521", "FREE SHIPPING", "original design", "NEW ARRIVAL", "Hot Sale -30%",
        "www.best-deals.example", "100% authentic", "Limited offer", "TOP SELLER", "genuine quality",
    ];

    private static readonly string[] CjkTexts =
    [
        "正品保证", "热卖 包邮", "旗舰店 · 原创", "限时特价 ¥99", "新品上市", "官方授权", "好评如潮 5★",
    ];

    private static readonly ConcurrentDictionary<string, SKTypeface?> Typefaces = new(StringComparer.Ordinal);

    /// <summary>The installed fonts among a fixed list (DejaVu, Noto CJK), in that order, so draws are the same on every machine that has them.</summary>
    public static IReadOnlyList<string> Fonts { get; } = [.. FontCandidates.Where(File.Exists)];

    public static bool IsCjk(string font) => font.Contains("CJK", StringComparison.Ordinal);

    /// <summary>A shop-like text suited to the font: only CJK fonts get Chinese.</summary>
    public static string Text(Random rng, string? font) =>
        font is not null && IsCjk(font) && rng.Next(2) == 0 ? CjkTexts[rng.Next(CjkTexts.Length)] : LatinTexts[rng.Next(LatinTexts.Length)];

    public static RgbImage Render(int width, int height, SKColor background, Action<SKCanvas> paint)
    {
        using var surface = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(surface))
        {
            canvas.Clear(background);
            paint(canvas);
        }
        return RgbImage.FromBitmap(surface);
    }

    /// <summary>Draws the whole picture stretched into <paramref name="dest"/> with cubic resampling.</summary>
    public static void Picture(SKCanvas canvas, RgbImage image, SKRect dest, SKPaint? paint = null) =>
        Picture(canvas, image, new SKRect(0, 0, image.Width, image.Height), dest, paint);

    public static void Picture(SKCanvas canvas, RgbImage image, SKRect source, SKRect dest, SKPaint? paint = null)
    {
        using var bitmap = image.ToBitmap();
        using var picture = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(picture, source, dest, new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
    }

    /// <summary>Fills <paramref name="dest"/> with the middle of the picture cut to the cell's aspect (how collages and banners fill cells).</summary>
    public static void Cover(SKCanvas canvas, RgbImage image, SKRect dest)
    {
        var scale = Math.Max(dest.Width / image.Width, dest.Height / image.Height);
        var w = dest.Width / scale;
        var h = dest.Height / scale;
        var source = SKRect.Create((image.Width - w) / 2, (image.Height - h) / 2, w, h);
        Picture(canvas, image, source, dest);
    }

    /// <summary>The largest rectangle of the picture's aspect inside <paramref name="cell"/>, centred.</summary>
    public static SKRect Contain(RgbImage image, SKRect cell)
    {
        var scale = Math.Min(cell.Width / image.Width, cell.Height / image.Height);
        var w = image.Width * scale;
        var h = image.Height * scale;
        return SKRect.Create(cell.MidX - (w / 2), cell.MidY - (h / 2), w, h);
    }

    public static SKColor Colour(Random rng) => new((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));

    /// <summary>Light colours for backgrounds, panels and studio sweeps.</summary>
    public static SKColor Light(Random rng) => new((byte)rng.Next(215, 256), (byte)rng.Next(215, 256), (byte)rng.Next(215, 256));

    /// <summary>
    /// Writes <paramref name="text"/> as large as fits in <paramref name="box"/>, centred. Without an
    /// installed font it draws a bar where the letters would be, which covers pixels the same way.
    /// </summary>
    public static void FittedText(SKCanvas canvas, string text, string? font, SKRect box, SKPaint paint, SKPaint? outline = null)
    {
        var typeface = font is null ? null : Typefaces.GetOrAdd(font, static path => SKTypeface.FromFile(path));
        if (typeface is null)
        {
            var bar = box.Height / 4;
            canvas.DrawRect(box.Left + (box.Width * 0.05f), box.MidY - (bar / 2), box.Width * 0.9f, bar, paint);
            return;
        }
        using var skFont = new SKFont(typeface, box.Height * 0.7f);
        var width = skFont.MeasureText(text);
        if (width > box.Width * 0.95f)
        {
            skFont.Size *= box.Width * 0.95f / width;
            width = skFont.MeasureText(text);
        }
        var x = box.MidX - (width / 2);
        var y = box.MidY + (skFont.Size * 0.35f);
        if (outline is not null)
        {
            canvas.DrawText(text, x, y, SKTextAlign.Left, skFont, outline);
        }
        canvas.DrawText(text, x, y, SKTextAlign.Left, skFont, paint);
    }

    public static RgbImage Crop(RgbImage image, int x, int y, int w, int h)
    {
        var pixels = new byte[3 * w * h];
        for (var row = 0; row < h; row++)
        {
            Array.Copy(image.Pixels, 3 * (((y + row) * image.Width) + x), pixels, 3 * w * row, 3 * w);
        }
        return new RgbImage(w, h, pixels);
    }

    /// <summary>
    /// A stand-in filler when the caller gave none that differ from the original: soft blobs on a
    /// gradient, deterministic from the generator, so a collage still has neighbours.
    /// </summary>
    public static RgbImage Procedural(Random rng, int width, int height) =>
        Render(width, height, Light(rng), canvas =>
        {
            using var gradient = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [Colour(rng), Colour(rng)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height, gradient);
            using var blob = new SKPaint { IsAntialias = true };
            for (var i = 0; i < 12; i++)
            {
                blob.Color = Colour(rng).WithAlpha((byte)rng.Next(90, 230));
                canvas.DrawCircle(rng.Next(width), rng.Next(height), rng.Next(width / 12, width / 4), blob);
            }
        });
}
