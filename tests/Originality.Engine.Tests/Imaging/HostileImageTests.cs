using Originality.Measurement.Checks;
using Originality.Engine.Imaging;
using Originality.Engine.Pdq;
using Originality.Tests;

namespace Originality.Engine.Tests.Imaging;

/// <summary>
/// Issue 10: any bytes get a refusal with a stable code, never another exception, and no accepted
/// picture costs much more memory than a normal photo.
/// </summary>
public sealed class HostileImageTests
{
    [Theory]
    [InlineData("tEXt", 0x7fffffffu)]
    [InlineData("zTXt", 0x7fffffffu)]
    [InlineData("eXIf", 0x7fffffffu)]
    [InlineData("iCCP", 0x7ffffff0u)]
    [InlineData("tEXt", 0xffffffffu)]
    [InlineData("tEXt", 5_000_000u)]
    public void A_png_chunk_whose_length_runs_past_the_end_is_refused_as_corrupt(string type, uint declaredLength)
    {
        var png = HostileFiles.WithLyingChunk(HostileFiles.Png(64, 48), type, declaredLength);

        var refusal = Assert.ThrowsAny<ImageRejectedException>(() => PdqFingerprinter.Fingerprint(png, "photo.png"));

        Assert.Equal(ImageRejectionCodes.CorruptImage, refusal.Code);
    }

    [Fact]
    public void A_png_cut_off_anywhere_is_refused_as_corrupt()
    {
        var png = HostileFiles.Png(64, 48);
        foreach (var fraction in new[] { 0.1, 0.3, 0.5, 0.8, 0.95, 0.999 })
        {
            var refusal = Assert.ThrowsAny<ImageRejectedException>(() => ImageDecoder.Decode(HostileFiles.Truncated(png, fraction), "photo.png"));
            Assert.Equal(ImageRejectionCodes.CorruptImage, refusal.Code);
        }
    }

    [Fact]
    public void A_png_with_exif_in_an_exif_chunk_is_read()
    {
        var tiff = ExifJpegBuilderTiff();
        var png = HostileFiles.Png(64, 48, extraChunks: [("eXIf", tiff)]);

        var decoded = ImageDecoder.Decode(png, "photo.png");

        Assert.Equal("Canon", decoded.Exif.CameraMake);
    }

    [Fact]
    public void Bytes_after_iend_are_ignored_and_never_parsed()
    {
        var png = HostileFiles.Png(64, 48);
        byte[] withTail = [.. png, .. HostileFiles.WithLyingChunk(png)[33..53]];

        var decoded = ImageDecoder.Decode(withTail, "photo.png");

        Assert.Equal((64, 48), (decoded.Image.Width, decoded.Image.Height));
    }

    [Theory]
    [InlineData(6000, 6000, 0xC2)] // progressive JPEG, 36 MP
    [InlineData(30000, 1000, 0xC6)]
    public void A_large_progressive_jpeg_is_refused_by_its_header(int width, int height, byte sof)
    {
        var refusal = Assert.Throws<ImageTooLargeException>(() => ImageDecoder.Decode(HostileFiles.JpegHeaderOnly(width, height, sof), "x.jpg"));

        Assert.Equal(ImageRejectionCodes.TooManyPixels, refusal.Code);
        Assert.Contains("progressive", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_interlaced_png_is_refused_by_its_header()
    {
        var refusal = Assert.Throws<ImageTooLargeException>(() => ImageDecoder.Decode(HostileFiles.PngHeaderOnly(6000, 6000, interlace: 1), "x.png"));

        Assert.Contains("interlaced", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_100_million_pixels_wide_and_1_high_is_refused_by_its_side()
    {
        var refusal = Assert.Throws<ImageTooLargeException>(() => ImageDecoder.Decode(HostileFiles.PngHeaderOnly(100_000_000, 1), "x.png"));

        Assert.Equal(ImageRejectionCodes.TooManyPixels, refusal.Code);
    }

    [Fact]
    public void A_large_png_averaged_down_keeps_the_picture()
    {
        var png = HostileFiles.Png(2100, 1400);

        var small = ImageDecoder.Decode(png, options: new DecodeOptions(MinShortSide: 700)).Image;
        var full = ImageDecoder.Decode(png).Image;

        Assert.Equal((1050, 700), (small.Width, small.Height));
        // Every output pixel is the mean of its 2×2 block.
        for (var (y, x) = (0, 0); y < 700; y += 97, x = (x + 151) % 1050)
        {
            for (var c = 0; c < 3; c++)
            {
                var sum = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        sum += full.Pixels[(3 * ((((2 * y) + dy) * 2100) + (2 * x) + dx)) + c];
                    }
                }
                Assert.Equal((sum + 2) / 4, small.Pixels[(3 * ((y * 1050) + x)) + c]);
            }
        }
    }

    /// <summary>
    /// Seeded mutation of real files (byte flips, overwrites with 0x00/0xFF/0x7F, cuts, inserted
    /// lengths): every mutant is decoded or refused with a code; no other exception escapes.
    /// </summary>
    [Fact]
    public void Mutated_pictures_are_decoded_or_refused_never_thrown()
    {
        var seeds = new[]
        {
            HostileFiles.Png(40, 30),
            new ExifJpegBuilder().Camera("Canon", "EOS R5").Software("GIMP 2.10").TakenAt("2025:03:01 10:00:00", "+08:00").Build(),
            TestImages.Jpeg(48, 40).Encode(),
        };
        var random = new Random(10);
        var refused = 0;
        for (var i = 0; i < 1500; i++)
        {
            var seed = seeds[i % seeds.Length];
            var mutant = Mutate(seed, random);
            try
            {
                var fingerprint = PdqFingerprinter.Fingerprint(mutant);
                Assert.True(fingerprint.Decoded.Image.Width > 0);
            }
            catch (ImageRejectedException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Code));
                refused++;
            }
        }
        Assert.True(refused > 0);
    }

    internal static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = (byte[])seed.Clone();
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(bytes.Length);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    for (var k = at; k < Math.Min(bytes.Length, at + 4); k++)
                    {
                        bytes[k] = new byte[] { 0x00, 0xFF, 0x7F }[random.Next(3)];
                    }
                    break;
                case 3:
                    bytes = bytes[..Math.Max(1, at)];
                    break;
                default:
                    bytes = [.. bytes[..at], 0x7F, 0xFF, 0xFF, 0xFF, .. bytes[at..]];
                    break;
            }
        }
        return bytes;
    }

    private static byte[] ExifJpegBuilderTiff()
    {
        // The APP1 payload of a built JPEG is "Exif\0\0" followed by the TIFF structure an eXIf chunk holds.
        var jpeg = new ExifJpegBuilder().Camera("Canon", "EOS R5").Build();
        var app1 = jpeg.AsSpan().IndexOf("Exif\0\0"u8);
        var length = (jpeg[app1 - 2] << 8) | jpeg[app1 - 1];
        return jpeg[(app1 + 6)..(app1 - 2 + length)];
    }
}

/// <summary>Measures the process's peak memory, so it runs alone.</summary>
[CollectionDefinition(nameof(DecodeMemoryAlone), DisableParallelization = true)]
public sealed class DecodeMemoryAlone;

[Collection(nameof(DecodeMemoryAlone))]
public sealed class DecodeMemoryTests
{
    /// <summary>
    /// The 285 KB all-zero 10000×10000 PNG at the pixel cap cost 510 MB to decode (issue 10). Decoded
    /// for hashing as the intake does, it is now read row by row: its peak is a few MB.
    /// </summary>
    [Fact]
    public void A_10000_by_10000_zero_png_is_fingerprinted_in_bounded_memory()
    {
        var png = HostileFiles.ZeroPng(10_000, 10_000);
        GC.Collect();
        ResetPeak();
        var before = PeakBytes();

        var fingerprint = PdqFingerprinter.Fingerprint(png, "zero.png");

        var grown = PeakBytes() - before;
        Assert.Equal((10_000, 10_000), (fingerprint.Decoded.OriginalWidth, fingerprint.Decoded.OriginalHeight));
        Assert.True(grown < 100L * 1024 * 1024, $"peak memory grew by {grown / (1024 * 1024)} MB decoding the zero PNG");
    }

    private static void ResetPeak()
    {
        // Writing 5 to clear_refs resets VmHWM (Linux); elsewhere the measure is against the old peak.
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static long PeakBytes()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return Environment.WorkingSet;
        }
        var line = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
