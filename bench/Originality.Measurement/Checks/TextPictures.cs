using SkiaSharp;

namespace Originality.Measurement.Checks;

/// <summary>One piece of text drawn on a picture.</summary>
/// <param name="Text">The text.</param>
/// <param name="FontPath">A TrueType/OpenType font file (a .ttc uses its first face).</param>
/// <param name="Size">Font size in pixels.</param>
/// <param name="X">Left of the baseline start.</param>
/// <param name="Y">Baseline.</param>
/// <param name="Rotation">Degrees, clockwise, about the start point.</param>
/// <param name="Color">Text colour as 0xAARRGGBB.</param>
public sealed record TextItem(string Text, string FontPath, float Size, float X, float Y, float Rotation = 0, uint Color = 0xFF000000);

/// <summary>A picture to draw: a background, a few product-like shapes, then text.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Background">Background as 0xAARRGGBB.</param>
/// <param name="Items">The texts.</param>
/// <param name="ShapeSeed">Seed of the decorative shapes (a stand-in for the product); null for none.</param>
public sealed record TextPictureSpec(int Width, int Height, uint Background, IReadOnlyList<TextItem> Items, int? ShapeSeed = null);

/// <summary>Draws pictures with real fonts, for tests and for the labelled measurement set.</summary>
/// <remarks>Thread-safe; fonts are loaded per call (cheap next to OCR).</remarks>
public static class TextPictures
{
    /// <summary>DejaVu Sans (Debian fonts-dejavu-core).</summary>
    public const string DejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>DejaVu Sans Bold.</summary>
    public const string DejaVuSansBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    /// <summary>DejaVu Serif.</summary>
    public const string DejaVuSerif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";

    /// <summary>Noto Sans CJK (Debian fonts-noto-cjk); draws Chinese and Latin.</summary>
    public const string NotoSansCjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    /// <summary>Noto Serif CJK Bold.</summary>
    public const string NotoSerifCjkBold = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc";

    /// <summary>Draws <paramref name="spec"/> and encodes it as PNG.</summary>
    /// <exception cref="FileNotFoundException">A font file is missing.</exception>
    public static byte[] DrawPng(TextPictureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var surface = SKSurface.Create(new SKImageInfo(spec.Width, spec.Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Could not allocate the drawing surface.");
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(spec.Background));
        if (spec.ShapeSeed is { } seed)
        {
            DrawShapes(canvas, spec.Width, spec.Height, seed);
        }
        foreach (var item in spec.Items)
        {
            if (!File.Exists(item.FontPath))
            {
                throw new FileNotFoundException("Font not found; install fonts-dejavu-core and fonts-noto-cjk.", item.FontPath);
            }
            using var typeface = SKTypeface.FromFile(item.FontPath);
            using var font = new SKFont(typeface, item.Size) { Edging = SKFontEdging.Antialias, Subpixel = true };
            using var paint = new SKPaint { Color = new SKColor(item.Color), IsAntialias = true };
            canvas.Save();
            canvas.Translate(item.X, item.Y);
            canvas.RotateDegrees(item.Rotation);
            canvas.DrawText(item.Text, 0, 0, SKTextAlign.Left, font, paint);
            canvas.Restore();
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    // Soft, low-contrast blobs stand in for a product so the text is not on a bare page.
    private static void DrawShapes(SKCanvas canvas, int width, int height, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 4; i++)
        {
            var color = new SKColor((byte)random.Next(120, 230), (byte)random.Next(120, 230), (byte)random.Next(120, 230), 90);
            using var paint = new SKPaint { Color = color, IsAntialias = true };
            var cx = (float)(random.NextDouble() * width);
            var cy = (float)(random.NextDouble() * height);
            var r = (float)(random.NextDouble() * Math.Min(width, height) / 3) + 20;
            if (i % 2 == 0)
            {
                canvas.DrawCircle(cx, cy, r, paint);
            }
            else
            {
                canvas.DrawRoundRect(new SKRect(cx - r, cy - r / 2, cx + r, cy + r / 2), 12, 12, paint);
            }
        }
    }
}
