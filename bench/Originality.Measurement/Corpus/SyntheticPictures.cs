using Originality.Engine.Imaging;
using Originality.Measurement.Attacks;
using SkiaSharp;

namespace Originality.Measurement;

/// <summary>
/// Drawn hard negatives that packages ship too few of: repeating patterns, low-detail pictures,
/// and dark versions of pictures that are not originals.
/// </summary>
/// <remarks>
/// Patterns and low-detail pictures are where hashes collide (little structure, the energy in a
/// few frequencies); darkening pushes a picture into the regime of the astronomical photos, where
/// the first detector's false matches came from. Deterministic for the same generator state.
/// </remarks>
public static class SyntheticPictures
{
    /// <summary>A repeating pattern (stripes, checks, dots, waves or gingham) in random colours, angle and period.</summary>
    public static ComposedPicture Pattern(Random rng, int width = 800, int height = 800)
    {
        ArgumentNullException.ThrowIfNull(rng);
        string[] kinds = ["stripes", "checks", "dots", "waves", "gingham"];
        var kind = kinds[rng.Next(kinds.Length)];
        var (a, b) = (Paint.Colour(rng), Paint.Colour(rng));
        var period = 12 + rng.Next(80);
        var angle = rng.Next(180);
        var image = Paint.Render(width, height, a, canvas =>
        {
            using var ink = new SKPaint { Color = b, IsAntialias = true };
            canvas.RotateDegrees(angle, width / 2f, height / 2f);
            var reach = width + height;
            switch (kind)
            {
                case "stripes":
                    for (var x = -reach; x < reach; x += period)
                    {
                        canvas.DrawRect(x, -reach, period / 2f, 2 * reach, ink);
                    }
                    break;
                case "checks":
                    for (var y = -reach; y < reach; y += period)
                    {
                        for (var x = -reach + ((y / period) % 2 == 0 ? 0 : period); x < reach; x += 2 * period)
                        {
                            canvas.DrawRect(x, y, period, period, ink);
                        }
                    }
                    break;
                case "dots":
                    for (var y = -reach; y < reach; y += period)
                    {
                        for (var x = -reach; x < reach; x += period)
                        {
                            canvas.DrawCircle(x, y, period / 3f, ink);
                        }
                    }
                    break;
                case "waves":
                    using (var stroke = new SKPaint { Color = b, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = period / 4f })
                    {
                        for (var y = -reach; y < reach; y += period)
                        {
                            using var path = new SKPath();
                            path.MoveTo(-reach, y);
                            for (var x = -reach; x < reach; x += 8)
                            {
                                path.LineTo(x, y + (period / 3f * MathF.Sin(x * 2 * MathF.PI / (period * 3))));
                            }
                            canvas.DrawPath(path, stroke);
                        }
                    }
                    break;
                default:
                    ink.Color = b.WithAlpha(120);
                    for (var x = -reach; x < reach; x += period)
                    {
                        canvas.DrawRect(x, -reach, period / 2f, 2 * reach, ink);
                        canvas.DrawRect(-reach, x, 2 * reach, period / 2f, ink);
                    }
                    break;
            }
        });
        return new ComposedPicture(image, FormattableString.Invariant($"pattern={kind} period={period} angle={angle}"));
    }

    /// <summary>A soft two-colour gradient with faint noise and sometimes one blurred blob: almost nothing to hash.</summary>
    public static ComposedPicture LowDetail(Random rng, int width = 800, int height = 800)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var dark = rng.Next(3) == 0;
        SKColor Tone() => dark
            ? new SKColor((byte)rng.Next(0, 40), (byte)rng.Next(0, 40), (byte)rng.Next(0, 40))
            : Paint.Light(rng);
        var (a, b) = (Tone(), Tone());
        var blob = rng.Next(2) == 0;
        var (bx, by, br) = (rng.Next(width), rng.Next(height), rng.Next(width / 12, width / 4));
        var blobColour = Tone();
        var noise = 1 + rng.Next(4);
        var image = Paint.Render(width, height, a, canvas =>
        {
            using var gradient = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width * 0.3f, height), [a, b], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, width, height, gradient);
            if (blob)
            {
                using var soft = SKImageFilter.CreateBlur(br / 3f, br / 3f);
                using var paint = new SKPaint { Color = blobColour, ImageFilter = soft };
                canvas.DrawCircle(bx, by, br, paint);
            }
        });
        var p = image.Pixels;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (byte)Math.Clamp(p[i] + rng.Next(-noise, noise + 1), 0, 255);
        }
        return new ComposedPicture(image, FormattableString.Invariant($"low-detail dark={(dark ? 1 : 0)} blob={(blob ? 1 : 0)} noise={noise}"));
    }

    /// <summary>
    /// The picture pushed dark: mean luma brought to 12–40 by a gamma and a gain. Only for
    /// pictures that are not originals — a darkened original is a copy, not a negative.
    /// </summary>
    public static ComposedPicture Darkened(RgbImage picture, Random rng)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(rng);
        var gamma = 1.8 + (1.2 * rng.NextDouble());
        var target = 12 + (28 * rng.NextDouble());
        var curve = new double[256];
        for (var v = 0; v < 256; v++)
        {
            curve[v] = 255 * Math.Pow(v / 255.0, gamma);
        }
        var src = picture.Pixels;
        double mean = 0;
        for (var i = 0; i < src.Length; i += 3)
        {
            mean += (0.299 * curve[src[i]]) + (0.587 * curve[src[i + 1]]) + (0.114 * curve[src[i + 2]]);
        }
        mean /= src.Length / 3;
        var gain = mean > 0 ? Math.Min(1, target / mean) : 1;
        var dst = new byte[src.Length];
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = (byte)Math.Clamp((int)Math.Round(curve[src[i]] * gain), 0, 255);
        }
        return new ComposedPicture(new RgbImage(picture.Width, picture.Height, dst), FormattableString.Invariant($"darkened gamma={gamma:0.##} gain={gain:0.###}"));
    }
}
