using Originality.Engine.Imaging;

namespace Originality.Measurement.Tests.Attacks;

/// <summary>Small generated pictures with detail everywhere, distinct per seed (the tests never read the corpus).</summary>
internal static class Pictures
{
    public static RgbImage Make(int width, int height, int seed)
    {
        var random = new Random(seed);
        var (fx, fy, phase) = (random.Next(5, 29), random.Next(5, 23), random.Next(256));
        var pixels = new byte[3 * width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = 3 * ((y * width) + x);
                pixels[i] = (byte)((255 * x / width) ^ phase);
                pixels[i + 1] = (byte)(255 * y / height);
                pixels[i + 2] = (byte)((((x / fx) + (y / fy)) % 2 == 0) ? 40 : 220);
            }
        }
        return new RgbImage(width, height, pixels);
    }

    public static RgbImage Original { get; } = Make(240, 160, 1);

    public static IReadOnlyList<RgbImage> Fillers { get; } = [Make(200, 150, 2), Make(160, 200, 3), Make(180, 180, 4)];
}
