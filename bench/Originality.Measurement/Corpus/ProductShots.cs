using Originality.Engine.Imaging;
using Originality.Measurement.Attacks;
using SkiaSharp;

namespace Originality.Measurement;

/// <summary>One of a few fixed studio set-ups: background sweep, shadow, and how large the object sits.</summary>
/// <param name="Index">Stable number, recorded in the manifest's group.</param>
/// <param name="Top">Background colour at the top.</param>
/// <param name="Bottom">Background colour at the bottom (a sweep).</param>
/// <param name="ContactShadow">A soft ellipse under the object; otherwise a blurred drop shadow of its outline.</param>
/// <param name="ShadowOpacity">0–1.</param>
/// <param name="ShadowBlur">Blur σ as a share of the picture side.</param>
public sealed record StudioTemplate(int Index, SKColor Top, SKColor Bottom, bool ContactShadow, float ShadowOpacity, float ShadowBlur);

/// <summary>A shop's mark (a logo ring and its name) stamped at the same place on many different pictures.</summary>
/// <param name="Index">Stable number.</param>
/// <param name="Text">The shop name.</param>
/// <param name="Colour">Ink colour.</param>
/// <param name="Corner">0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.</param>
public sealed record ShopMark(int Index, string Text, SKColor Colour, int Corner);

/// <summary>A drawn picture and how it was made.</summary>
/// <param name="Image">The pixels.</param>
/// <param name="Recipe">The parameters, for the manifest (e.g. <c>template=2 fill=0.71 mark=3</c>).</param>
public sealed record ComposedPicture(RgbImage Image, string Recipe);

/// <summary>
/// Marketplace main pictures from cut-outs (PNG with alpha, e.g. Debian's tuxpaint-stamps): the
/// object centred on a white or near-white studio sweep with a soft shadow, square, filling
/// 55–80% of the side — the framing of a listing's first picture.
/// </summary>
/// <remarks>
/// Used both for originals and for hard negatives, with the same templates and marks, so the pool
/// holds different objects on exactly the backgrounds and under exactly the marks some originals
/// have: what a detector must not call a copy. Deterministic for the same inputs and generator.
/// </remarks>
public static class ProductShots
{
    /// <summary>Side of the square pictures, in pixels.</summary>
    public const int Side = 800;

    /// <summary>The studio templates, shared by originals and negatives.</summary>
    public static IReadOnlyList<StudioTemplate> Templates { get; } =
    [
        new(0, SKColors.White, SKColors.White, true, 0.25f, 0.015f),
        new(1, SKColors.White, new SKColor(0xEE, 0xEE, 0xEE), true, 0.35f, 0.02f),
        new(2, new SKColor(0xFA, 0xFA, 0xF7), new SKColor(0xE6, 0xE4, 0xDF), false, 0.3f, 0.012f),
        new(3, new SKColor(0xF4, 0xF7, 0xFB), new SKColor(0xDD, 0xE4, 0xEE), false, 0.22f, 0.02f),
        new(4, SKColors.White, SKColors.White, false, 0.4f, 0.008f),
        new(5, new SKColor(0xFF, 0xF8, 0xF0), new SKColor(0xF0, 0xE2, 0xD0), true, 0.3f, 0.025f),
    ];

    /// <summary>The shop marks, shared by originals and negatives.</summary>
    public static IReadOnlyList<ShopMark> Marks { get; } =
    [
        new(0, "shop-4521", new SKColor(0xD3, 0x2F, 0x2F), 3),
        new(1, "旗舰店 官方", new SKColor(0x19, 0x76, 0xD2), 1),
        new(2, "BEST DEALS", new SKColor(0x38, 0x8E, 0x3C), 2),
        new(3, "原创设计 · studio", new SKColor(0x42, 0x42, 0x42), 0),
        new(4, "TOP SELLER ★", new SKColor(0xF5, 0x7C, 0x00), 3),
    ];

    /// <summary>
    /// The cut-out on a template, scaled so the larger side of its opaque part is 55–80% of
    /// <see cref="Side"/> (drawn from <paramref name="rng"/>), centred up to 3% off, with an optional mark.
    /// </summary>
    /// <param name="cutout">An RGBA picture whose transparent margin is cut away.</param>
    /// <param name="template">The studio set-up.</param>
    /// <param name="rng">Draws the size and the small offset.</param>
    /// <param name="mark">A shop mark to stamp in its corner, or none.</param>
    /// <exception cref="ArgumentException">The cut-out is fully transparent.</exception>
    public static ComposedPicture Compose(SKBitmap cutout, StudioTemplate template, Random rng, ShopMark? mark = null)
    {
        ArgumentNullException.ThrowIfNull(cutout);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(rng);
        var box = OpaqueBox(cutout) ?? throw new ArgumentException("The cut-out has no opaque pixel.", nameof(cutout));
        var fill = 0.55 + (0.25 * rng.NextDouble());
        var scale = (float)(fill * Side / Math.Max(box.Width, box.Height));
        var (w, h) = (box.Width * scale, box.Height * scale);
        var dx = (float)((rng.NextDouble() - 0.5) * 0.06 * Side);
        var dy = (float)((rng.NextDouble() - 0.5) * 0.06 * Side);
        var dest = SKRect.Create(((Side - w) / 2) + dx, ((Side - h) / 2) + dy, w, h);
        using var picture = SKImage.FromBitmap(cutout);
        var sampling = new SKSamplingOptions(SKCubicResampler.Mitchell);
        var image = Paint.Render(Side, Side, template.Top, canvas =>
        {
            using var sweep = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, Side), [template.Top, template.Bottom], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, Side, Side, sweep);
            var sigma = template.ShadowBlur * Side;
            using var blur = SKImageFilter.CreateBlur(sigma, sigma);
            if (template.ContactShadow)
            {
                using var shadow = new SKPaint { Color = SKColors.Black.WithAlpha((byte)(255 * template.ShadowOpacity)), ImageFilter = blur, IsAntialias = true };
                canvas.DrawOval(SKRect.Create(dest.Left + (w * 0.1f), dest.Bottom - (h * 0.04f), w * 0.8f, h * 0.08f), shadow);
            }
            else
            {
                // The object's own outline, black, offset down and right, blurred: a drop shadow.
                using var tint = SKColorFilter.CreateBlendMode(SKColors.Black.WithAlpha((byte)(255 * template.ShadowOpacity)), SKBlendMode.SrcIn);
                using var shadow = new SKPaint { ColorFilter = tint, ImageFilter = blur };
                var offset = SKRect.Create(dest.Left + (Side * 0.012f), dest.Top + (Side * 0.018f), w, h);
                canvas.DrawImage(picture, box, offset, sampling, shadow);
            }
            canvas.DrawImage(picture, box, dest, sampling, null);
            if (mark is not null)
            {
                DrawMark(canvas, mark, Side, Side);
            }
        });
        var recipe = FormattableString.Invariant($"template={template.Index} fill={fill:0.###} mark={(mark is null ? "none" : mark.Index.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        return new ComposedPicture(image, recipe);
    }

    /// <summary>Stamps <paramref name="mark"/> on a copy of <paramref name="image"/>, at the same relative place and size as on every other picture.</summary>
    public static RgbImage WithMark(RgbImage image, ShopMark mark)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mark);
        return Paint.Render(image.Width, image.Height, SKColors.White, canvas =>
        {
            Paint.Picture(canvas, image, SKRect.Create(0, 0, image.Width, image.Height));
            DrawMark(canvas, mark, image.Width, image.Height);
        });
    }

    /// <summary>The bounding box of the pixels with alpha above 8, or null if there are none.</summary>
    public static SKRectI? OpaqueBox(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var rgba = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (!bitmap.CopyTo(rgba, SKColorType.Rgba8888))
        {
            throw new ArgumentException("The cut-out cannot be read as RGBA.", nameof(bitmap));
        }
        var pixels = rgba.GetPixelSpan();
        int left = bitmap.Width, top = bitmap.Height, right = -1, bottom = -1;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (pixels[(y * rgba.RowBytes) + (4 * x) + 3] > 8)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }
        return right < 0 ? null : new SKRectI(left, top, right + 1, bottom + 1);
    }

    private static void DrawMark(SKCanvas canvas, ShopMark mark, int width, int height)
    {
        // 30% of the width by 7% of the height, 3% in from its corner: the same on every picture.
        var (w, h) = (0.30f * width, 0.07f * height);
        var (mx, my) = (0.03f * width, 0.03f * height);
        var x = mark.Corner % 2 == 0 ? mx : width - mx - w;
        var y = mark.Corner < 2 ? my : height - my - h;
        var rect = SKRect.Create(x, y, w, h);
        using var ring = new SKPaint { Color = mark.Colour, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, h / 9) };
        canvas.DrawOval(SKRect.Create(rect.Left, rect.Top, h, h), ring);
        using var ink = new SKPaint { Color = mark.Colour, IsAntialias = true };
        canvas.DrawCircle(rect.Left + (h / 2), rect.MidY, h / 6, ink);
        var font = Paint.Fonts.FirstOrDefault(Paint.IsCjk) ?? (Paint.Fonts.Count > 0 ? Paint.Fonts[0] : null);
        Paint.FittedText(canvas, mark.Text, font, SKRect.Create(rect.Left + (h * 1.15f), rect.Top, w - (h * 1.15f), h), ink);
    }
}
