using System.Runtime.InteropServices;
using OpenCvSharp;
using Originality.Engine.Imaging;
using Originality.Engine.Pdq;

namespace Originality.Engine.Detection;

/// <summary>
/// Everything copy detection needs of one picture, computed once from its pixels: the whole-picture
/// PDQ hashes in the eight rotations and mirrorings (the fast path for near-exact copies), local
/// features of the picture and of its mirror image, the grey working picture that the dense check
/// reads, and the small thumbnail that is kept when the picture is filed.
/// </summary>
/// <remarks>
/// A filed picture keeps only <see cref="ToRecord"/> (PDQ, the strongest keypoints, the thumbnail);
/// the rest serves the lookup of a suspect and is dropped afterwards. Immutable.
/// </remarks>
public sealed class PictureAnalysis
{
    private PictureAnalysis(DihedralHashes pdq, FeatureSet features, FeatureSet mirrored, GrayPlane working, GrayPlane thumbnail)
    {
        Pdq = pdq;
        Features = features;
        MirroredFeatures = mirrored;
        Working = working;
        Thumbnail = thumbnail;
    }

    /// <summary>Whole-picture PDQ of the working picture in all eight variants.</summary>
    public DihedralHashes Pdq { get; }

    /// <summary>Keypoints of the picture, strongest first, in <see cref="Working"/> coordinates.</summary>
    public FeatureSet Features { get; }

    /// <summary>Keypoints of the mirror image, positions given in the unmirrored <see cref="Working"/> frame.</summary>
    public FeatureSet MirroredFeatures { get; }

    /// <summary>The grey working picture (longer side <see cref="DetectorSettings.WorkingSide"/>).</summary>
    public GrayPlane Working { get; }

    /// <summary>The grey thumbnail kept with a filed picture for the dense check.</summary>
    public GrayPlane Thumbnail { get; }

    /// <summary>Analyses a decoded picture.</summary>
    public static PictureAnalysis Of(RgbImage image, DetectorSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        settings ??= DetectorSettings.Default;
        using var gray = ToWorkingGray(image, settings.WorkingSide);
        var (features, mirrored) = FeatureExtractor.ExtractWithMirror(gray, settings.QueryKeypoints);
        var working = GrayPlane.FromMat(gray);
        var thumbnail = working.Resized(settings.ThumbnailSide);
        return new PictureAnalysis(DihedralPdq(working), features, mirrored, working, thumbnail);
    }

    /// <summary>What is kept of the picture once it is filed.</summary>
    public FiledRecord ToRecord(DetectorSettings? settings = null)
    {
        settings ??= DetectorSettings.Default;
        return new FiledRecord(Pdq.Original, Features.Take(settings.FiledKeypoints), Thumbnail);
    }

    private static Mat ToWorkingGray(RgbImage image, int side)
    {
        using var rgb = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        using var gray = new Mat();
        Cv2.CvtColor(rgb, gray, ColorConversionCodes.RGB2GRAY);
        // Every picture is brought to one working size, up or down, so keypoint scales compare
        // across pictures and a small suspect still has fine-scale corners.
        var scale = (double)side / Math.Max(image.Width, image.Height);
        var size = new Size(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
        var result = new Mat();
        Cv2.Resize(gray, result, size, 0, 0, scale < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);
        return result;
    }

    private static DihedralHashes DihedralPdq(GrayPlane working)
    {
        var luma = new float[working.Width * working.Height];
        for (var i = 0; i < luma.Length; i++)
        {
            luma[i] = working.Pixels[i];
        }
        return PdqHasher.HashDihedralProbes(luma, working.Width, working.Height);
    }
}

/// <summary>A grey picture, one byte per pixel, row-major, no padding.</summary>
public sealed class GrayPlane
{
    /// <summary>Creates a plane over <paramref name="pixels"/>.</summary>
    public GrayPlane(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"Expected {width * height} bytes, got {pixels.Length}.", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Grey levels, row-major.</summary>
    public byte[] Pixels { get; }

    internal static GrayPlane FromMat(Mat gray)
    {
        var width = gray.Width;
        var height = gray.Height;
        var pixels = new byte[width * height];
        if (gray.IsContinuous())
        {
            Marshal.Copy(gray.Data, pixels, 0, pixels.Length);
        }
        else
        {
            for (var y = 0; y < height; y++)
            {
                Marshal.Copy(gray.Ptr(y), pixels, y * width, width);
            }
        }
        return new GrayPlane(width, height, pixels);
    }

    internal Mat ToMat() => Mat.FromPixelData(Height, Width, MatType.CV_8UC1, Pixels);

    /// <summary>The plane scaled by area averaging so its longer side is <paramref name="side"/> (never enlarged).</summary>
    public GrayPlane Resized(int side)
    {
        var scale = Math.Min(1.0, (double)side / Math.Max(Width, Height));
        if (scale >= 1)
        {
            return this;
        }
        using var source = ToMat();
        using var result = new Mat();
        Cv2.Resize(source, result, new Size(Math.Max(1, (int)Math.Round(Width * scale)), Math.Max(1, (int)Math.Round(Height * scale))), 0, 0, InterpolationFlags.Area);
        return FromMat(result);
    }
}
