using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Originality.Engine.Imaging;

/// <summary>
/// A decoded picture as 8-bit RGB, row-major, three bytes per pixel, no row padding
/// (stride = 3 × <see cref="Width"/>).
/// </summary>
/// <remarks>
/// The pixel array is shared, not copied: treat it as read-only once the image is handed on.
/// Alpha is dropped without compositing, as the PDQ reference decode does.
/// </remarks>
public sealed class RgbImage
{
    /// <summary>Creates an image over <paramref name="pixels"/> (RGB24, row-major).</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != 3L * width * height)
        {
            throw new ArgumentException($"Expected {3L * width * height} bytes for {width}x{height} RGB24, got {pixels.LongLength}.", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>RGB24 bytes, row-major, stride 3 × <see cref="Width"/>.</summary>
    public byte[] Pixels { get; }

    /// <summary>Converts a bitmap of any colour type to RGB24; alpha is dropped, never composited.</summary>
    public static RgbImage FromBitmap(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        var info = bitmap.Info;
        if (info.ColorType == SKColorType.Rgba8888 && info.AlphaType != SKAlphaType.Premul)
        {
            return FromRgba(bitmap.GetPixelSpan(), info.Width, info.Height, bitmap.RowBytes);
        }
        // Unpremultiplied so that translucent pixels keep their colour when alpha is dropped.
        var rgbaInfo = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[rgbaInfo.BytesSize64];
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            using var pixmap = bitmap.PeekPixels()
                ?? throw new ArgumentException("The bitmap has no readable pixels.", nameof(bitmap));
            if (!pixmap.ReadPixels(rgbaInfo, handle.AddrOfPinnedObject(), rgbaInfo.RowBytes))
            {
                throw new ArgumentException($"Cannot convert a {info.ColorType} bitmap to RGB.", nameof(bitmap));
            }
        }
        finally
        {
            handle.Free();
        }
        return FromRgba(rgba, info.Width, info.Height, rgbaInfo.RowBytes);
    }

    /// <summary>Drops the fourth byte of each RGBA pixel.</summary>
    internal static RgbImage FromRgba(ReadOnlySpan<byte> rgba, int width, int height, int rowBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowBytes, 4 * width);
        ArgumentOutOfRangeException.ThrowIfLessThan(rgba.Length, ((height - 1) * rowBytes) + (4 * width));
        var rgb = new byte[3 * width * height];
        ref var dst = ref MemoryMarshal.GetArrayDataReference(rgb);
        for (var y = 0; y < height; y++)
        {
            ref var src = ref Unsafe.Add(ref MemoryMarshal.GetReference(rgba), y * rowBytes);
            ref var row = ref Unsafe.Add(ref dst, 3 * width * y);
            // Copy four bytes per pixel and advance three: the next pixel overwrites the alpha byte.
            // The last pixel of the image is copied byte by byte so nothing is written past the end.
            var fast = y == height - 1 ? width - 1 : width;
            for (var x = 0; x < fast; x++)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref row, 3 * x), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, 4 * x)));
            }
            for (var x = fast; x < width; x++)
            {
                Unsafe.Add(ref row, 3 * x) = Unsafe.Add(ref src, 4 * x);
                Unsafe.Add(ref row, (3 * x) + 1) = Unsafe.Add(ref src, (4 * x) + 1);
                Unsafe.Add(ref row, (3 * x) + 2) = Unsafe.Add(ref src, (4 * x) + 2);
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /// <summary>An opaque RGBA bitmap with the same pixels; the caller disposes it.</summary>
    public SKBitmap ToBitmap()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var dst = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        for (var y = 0; y < Height; y++)
        {
            var src = Pixels.AsSpan(3 * Width * y, 3 * Width);
            var row = dst.Slice(y * rowBytes, 4 * Width);
            for (int s = 0, d = 0; s < src.Length; s += 3, d += 4)
            {
                row[d] = src[s];
                row[d + 1] = src[s + 1];
                row[d + 2] = src[s + 2];
                row[d + 3] = 255;
            }
        }
        return bitmap;
    }

    /// <summary>
    /// Scales to <paramref name="width"/> × <paramref name="height"/> with Skia's cubic (Mitchell) resampler.
    /// </summary>
    public RgbImage Resize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == Width && height == Height)
        {
            return this;
        }
        using var source = ToBitmap();
        using var scaled = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new InvalidOperationException($"Skia could not resize {Width}x{Height} to {width}x{height}.");
        return FromBitmap(scaled);
    }
}
