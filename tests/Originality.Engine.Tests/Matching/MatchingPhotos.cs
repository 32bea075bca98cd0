using Originality.Engine.Detection;
using Originality.Engine.Imaging;
using Originality.Measurement.Attacks;
using Originality.Tests;

namespace Originality.Engine.Tests.Matching;

/// <summary>Real photos from Meta's PDQ conformance set (../shared), decoded once per test run.</summary>
internal static class MatchingPhotos
{
    /// <summary>Photos registered as originals in the detection tests.</summary>
    public static IReadOnlyList<string> Originals { get; } =
    [
        "misc-images/c.png",
        "reg-test-input/exif-rotn/exif-rotn-1.jpg",
        "reg-test-input/labelme-subset/q0746.jpg",
        "bridge-mods/aaa-orig.jpg",
    ];

    /// <summary>Position of the bridge photo in <see cref="Originals"/>.</summary>
    public const int Bridge = 3;

    /// <summary>Photos that are not copies of any original.</summary>
    public static IReadOnlyList<string> Unrelated { get; } =
    [
        "reg-test-input/labelme-subset/q0003.jpg",
        "reg-test-input/labelme-subset/q0004.jpg",
        "reg-test-input/labelme-subset/q0291.jpg",
        "reg-test-input/labelme-subset/q1050.jpg",
        "reg-test-input/labelme-subset/q2821.jpg",
        "reg-test-input/labelme-subset/q0122.jpg",
        "python-threatexchange/rgb.jpeg",
    ];

    private static readonly Dictionary<string, RgbImage> Cache = new(StringComparer.Ordinal);

    private static readonly Lazy<CopyIndex> SharedDetector = new(() => DetectorOf(Originals));

    /// <summary>A detector holding <see cref="Originals"/>, picture id = position in that list.</summary>
    public static CopyIndex Detector => SharedDetector.Value;

    public static RgbImage Load(string relative)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(relative, out var image))
            {
                var path = TestEnvironment.ConformancePath(["pdq", .. relative.Split('/')]);
                // Phone photos are scaled to 1600 px as the server's intake would, to keep the tests quick.
                image = CopyAttacks.ScaleLongerSide(ImageDecoder.Decode(File.ReadAllBytes(path), path).Image, 1600);
                Cache[relative] = image;
            }
            return image;
        }
    }

    /// <summary>A new detector holding <paramref name="photos"/> (dispose it).</summary>
    public static CopyIndex DetectorOf(IReadOnlyList<string> photos, DetectorSettings? settings = null)
    {
        var detector = new CopyIndex(settings);
        for (var i = 0; i < photos.Count; i++)
        {
            detector.Add(i, PictureAnalysis.Of(Load(photos[i])).ToRecord());
        }
        return detector;
    }
}
