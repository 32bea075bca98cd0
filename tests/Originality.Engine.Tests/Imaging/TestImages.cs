using Originality.Engine.Imaging;
using SkiaSharp;

namespace Originality.Engine.Tests.Imaging;

/// <summary>Builds real encoded pictures with photo-like detail (gradients and a deterministic pattern).</summary>
internal sealed class TestImages
{
    private int _width = 800;
    private int _height = 800;
    private SKEncodedImageFormat _format = SKEncodedImageFormat.Jpeg;
    private int _quality = 90;

    public static TestImages Jpeg(int width, int height) => new TestImages { _width = width, _height = height };

    public static TestImages Png(int width, int height) => new TestImages { _width = width, _height = height, _format = SKEncodedImageFormat.Png };

    public static TestImages WebP(int width, int height) => new TestImages { _width = width, _height = height, _format = SKEncodedImageFormat.Webp };

    public TestImages WithQuality(int quality)
    {
        _quality = quality;
        return this;
    }

    public RgbImage Pixels()
    {
        var pixels = new byte[3 * _width * _height];
        for (var y = 0; y < _height; y++)
        {
            for (var x = 0; x < _width; x++)
            {
                var i = 3 * ((y * _width) + x);
                pixels[i] = (byte)(255 * x / _width);
                pixels[i + 1] = (byte)(255 * y / _height);
                pixels[i + 2] = (byte)((((x / 37) + (y / 23)) % 2 == 0) ? 40 : 220);
            }
        }
        return new RgbImage(_width, _height, pixels);
    }

    public byte[] Encode()
    {
        using var bitmap = Pixels().ToBitmap();
        using var data = bitmap.Encode(_format, _quality);
        return data.ToArray();
    }
}
