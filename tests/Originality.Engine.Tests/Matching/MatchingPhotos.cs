using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Tests;

namespace Originality.Engine.Tests.Matching;

/// <summary>Real photos from Meta's PDQ conformance set (../shared), decoded once per test run.</summary>
internal static class MatchingPhotos
{
    /// <summary>Photos registered as originals in the detection tests.</summary>
    public static IReadOnlyList<string> Originals { get; } =
    [
        "bridge-mods/aaa-orig.jpg",
        "python-threatexchange/rgb.jpeg",
        "reg-test-input/labelme-subset/q0122.jpg",
        "reg-test-input/labelme-subset/q0746.jpg",
    ];

    /// <summary>Photos that are not copies of any original.</summary>
    public static IReadOnlyList<string> Unrelated { get; } =
    [
        "reg-test-input/labelme-subset/q0003.jpg",
        "reg-test-input/labelme-subset/q0004.jpg",
        "reg-test-input/labelme-subset/q0291.jpg",
        "reg-test-input/labelme-subset/q1050.jpg",
        "reg-test-input/labelme-subset/q2821.jpg",
        "misc-images/c.png",
    ];

    private static readonly Dictionary<string, RgbImage> Cache = new(StringComparer.Ordinal);

    private static readonly Lazy<CopyDetector> SharedDetector = new(() => DetectorOf(Originals));

    /// <summary>A detector holding <see cref="Originals"/>, picture id = position in that list.</summary>
    public static CopyDetector Detector => SharedDetector.Value;

    public static RgbImage Load(string relative)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(relative, out var image))
            {
                var path = TestEnvironment.ConformancePath(["pdq", .. relative.Split('/')]);
                image = ImageDecoder.Decode(File.ReadAllBytes(path), path).Image;
                Cache[relative] = image;
            }
            return image;
        }
    }

    public static CopyDetector DetectorOf(IReadOnlyList<string> photos)
    {
        var detector = new CopyDetector();
        for (var i = 0; i < photos.Count; i++)
        {
            detector.Add(i, Fingerprinter.Compute(Load(photos[i])));
        }
        return detector;
    }
}
