using Originality.Engine.Imaging;
using Originality.Measurement.Attacks;
using Originality.Tests;
using SkiaSharp;

namespace Originality.Server.Tests.Infrastructure;

/// <summary>
/// Pictures made on the spot: a seeded arrangement of shapes and gradients (rich enough for PDQ
/// to be confident), and the copies a copier would make of one.
/// </summary>
public static class TestPictures
{
    public static byte[] Original(int seed, int width = 900, int height = 800, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var background = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(
                    new SKPoint(0, 0), new SKPoint(width, height),
                    [RandomColor(random), RandomColor(random)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height, background);
            for (var i = 0; i < 30; i++)
            {
                using var paint = new SKPaint { Color = RandomColor(random), IsAntialias = true };
                var x = random.Next(width);
                var y = random.Next(height);
                var size = random.Next(width / 20, width / 4);
                if (i % 2 == 0)
                {
                    canvas.DrawCircle(x, y, size / 2f, paint);
                }
                else
                {
                    canvas.DrawRect(x, y, size, size * 0.6f, paint);
                }
            }
        }
        return Encode(bitmap, format);
    }

    /// <summary>What a copier uploads: the picture scaled down and recompressed as JPEG.</summary>
    public static byte[] Copy(byte[] original, double scale = 0.8, int quality = 80)
    {
        using var decoded = SKBitmap.Decode(original);
        var info = new SKImageInfo((int)(decoded.Width * scale), (int)(decoded.Height * scale));
        using var resized = decoded.Resize(info, new SKSamplingOptions(SKFilterMode.Linear));
        return Encode(resized, SKEncodedImageFormat.Jpeg, quality);
    }

    /// <summary>A real photo from the PDQ conformance set in ../shared, as its file's bytes.</summary>
    public static byte[] Photo(string relative) =>
        File.ReadAllBytes(TestEnvironment.ConformancePath(["pdq", .. relative.Split('/')]));

    /// <summary>The picture after one of the engine's named copy attacks (e.g. "crop-70-offcentre"), as JPEG.</summary>
    public static byte[] Attacked(byte[] picture, string attack, int seed = 7, int quality = 90)
    {
        var image = ImageDecoder.Decode(picture).Image;
        var attacked = CopyAttacks.Get(attack).Apply(image, seed);
        using var bitmap = attacked.ToBitmap();
        return Encode(bitmap, SKEncodedImageFormat.Jpeg, quality);
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 92)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    private static SKColor RandomColor(Random random) =>
        new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
}
