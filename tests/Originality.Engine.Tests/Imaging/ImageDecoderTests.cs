using System.Buffers.Binary;
using Originality.Engine.Imaging;
using Originality.Tests;

namespace Originality.Engine.Tests.Imaging;

public sealed class ImageDecoderTests
{
    [Fact]
    public void A_jpeg_is_decoded_at_its_size()
    {
        var bytes = TestImages.Jpeg(900, 720).Encode();

        var decoded = ImageDecoder.Decode(bytes, "photo.JPG");

        Assert.Equal(ImageFormatKind.Jpeg, decoded.Format);
        Assert.Equal((900, 720), (decoded.Image.Width, decoded.Image.Height));
        Assert.Equal((900, 720), (decoded.OriginalWidth, decoded.OriginalHeight));
    }

    [Fact]
    public void A_png_is_decoded_losslessly()
    {
        var source = TestImages.Png(120, 80);

        var decoded = ImageDecoder.Decode(source.Encode(), "picture.png");

        Assert.Equal(ImageFormatKind.Png, decoded.Format);
        Assert.Equal(source.Pixels().Pixels, decoded.Image.Pixels);
    }

    [Fact]
    public void A_webp_picture_is_refused_as_unsupported()
    {
        var bytes = TestImages.WebP(800, 800).Encode();

        var refusal = Assert.Throws<UnsupportedImageFormatException>(() => ImageDecoder.Decode(bytes, "photo.webp"));

        Assert.Equal("unsupported-format", refusal.Code);
        Assert.Contains("WebP", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_file_is_refused_as_unsupported()
    {
        var refusal = Assert.Throws<UnsupportedImageFormatException>(() => ImageDecoder.Decode("hello, this is not a picture"u8, "notes.jpg"));

        Assert.Equal(ImageRejectionCodes.UnsupportedFormat, refusal.Code);
    }

    [Theory]
    [InlineData("photo.png")]
    [InlineData("photo.gif")]
    [InlineData("photo")]
    public void A_jpeg_under_another_extension_is_refused_as_a_mismatch(string fileName)
    {
        var bytes = TestImages.Jpeg(800, 800).Encode();

        var refusal = Assert.Throws<UnsupportedImageFormatException>(() => ImageDecoder.Decode(bytes, fileName));

        Assert.Equal("extension-mismatch", refusal.Code);
        Assert.Contains(".jpg", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_named_jpeg_is_refused_as_a_mismatch()
    {
        var bytes = TestImages.Png(64, 64).Encode();

        var refusal = Assert.Throws<UnsupportedImageFormatException>(() => ImageDecoder.Decode(bytes, "photo.jpeg"));

        Assert.Equal(ImageRejectionCodes.ExtensionMismatch, refusal.Code);
    }

    [Fact]
    public void A_file_over_10_megabytes_is_refused_before_anything_else()
    {
        var jpeg = TestImages.Jpeg(800, 800).Encode();
        var padded = new byte[(10 * 1024 * 1024) + 1];
        jpeg.CopyTo(padded, 0); // a real JPEG followed by padding after its end marker

        var refusal = Assert.Throws<ImageTooLargeException>(() => ImageDecoder.Decode(padded, "big.jpg"));

        Assert.Equal("file-too-large", refusal.Code);
        Assert.Contains("10 MB", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_header_claiming_100000_by_100000_pixels_is_refused_without_decoding()
    {
        var bomb = PngHeaderOnly(100_000, 100_000);

        var refusal = Assert.Throws<ImageTooLargeException>(() => ImageDecoder.Decode(bomb, "bomb.png"));

        Assert.Equal("too-many-pixels", refusal.Code);
        Assert.Contains("100000×100000", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_over_the_pixel_cap_is_refused_by_its_header()
    {
        var bytes = TestImages.Jpeg(1000, 1000).Encode();

        var refusal = Assert.Throws<ImageTooLargeException>(() => ImageDecoder.Decode(bytes, options: new DecodeOptions(new ImageLimits(ImageLimits.Default.MaxBytes, 999_999))));

        Assert.Equal(ImageRejectionCodes.TooManyPixels, refusal.Code);
    }

    [Fact]
    public void A_truncated_jpeg_is_refused_as_corrupt()
    {
        var bytes = TestImages.Jpeg(800, 800).Encode();

        var refusal = Assert.Throws<CorruptImageException>(() => ImageDecoder.Decode(bytes.AsSpan(0, bytes.Length / 2), "cut.jpg"));

        Assert.Equal("corrupt-image", refusal.Code);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Reason));
    }

    [Fact]
    public void A_png_whose_data_is_garbage_is_refused_as_corrupt()
    {
        var bytes = TestImages.Png(200, 200).Encode();
        for (var i = 60; i < bytes.Length - 20; i++)
        {
            bytes[i] = (byte)(i * 31);
        }

        var refusal = Assert.Throws<CorruptImageException>(() => ImageDecoder.Decode(bytes, "broken.png"));

        Assert.Equal(ImageRejectionCodes.CorruptImage, refusal.Code);
    }

    [Fact]
    public void A_jpeg_cut_inside_its_header_is_refused_as_corrupt()
    {
        var bytes = TestImages.Jpeg(800, 800).Encode();

        var refusal = Assert.Throws<CorruptImageException>(() => ImageDecoder.Decode(bytes.AsSpan(0, 40), "cut.jpg"));

        Assert.Equal(ImageRejectionCodes.CorruptImage, refusal.Code);
    }

    [Fact]
    public void Every_refusal_is_an_image_rejected_exception_with_code_and_reason()
    {
        Assert.True(typeof(UnsupportedImageFormatException).IsSealed);
        Assert.True(typeof(ImageTooLargeException).IsSealed);
        Assert.True(typeof(CorruptImageException).IsSealed);
        var refusal = Assert.ThrowsAny<ImageRejectedException>(() => ImageDecoder.Decode([], "empty.jpg"));
        Assert.Equal(ImageRejectionCodes.UnsupportedFormat, refusal.Code);
    }

    [Fact]
    public void Exif_camera_date_software_gps_and_orientation_are_read()
    {
        var bytes = File.ReadAllBytes(TestEnvironment.ConformancePath("pdq", "reg-test-input", "exif-rotn", "exif-rotn-6.jpg"));

        var exif = ImageDecoder.Decode(bytes, "exif-rotn-6.jpg", new DecodeOptions(MinShortSide: 256)).Exif;

        Assert.Equal("samsung", exif.CameraMake);
        Assert.Equal("SM-G930V", exif.CameraModel);
        Assert.Equal(new DateTime(2017, 11, 7, 22, 14, 6), exif.OriginalDateTime);
        Assert.Equal("G930VVRS4BQI1", exif.Software);
        Assert.True(exif.HasGps);
        Assert.Equal(6, exif.Orientation);
    }

    [Fact]
    public void A_picture_without_exif_has_an_empty_summary()
    {
        var exif = ImageDecoder.Decode(TestImages.Jpeg(64, 64).Encode()).Exif;

        Assert.Equal(ExifSummary.None, exif);
    }

    [Fact]
    public void Orientation_6_turns_the_stored_landscape_into_an_upright_portrait()
    {
        var bytes = File.ReadAllBytes(TestEnvironment.ConformancePath("pdq", "reg-test-input", "exif-rotn", "exif-rotn-6.jpg"));

        var upright = ImageDecoder.Decode(bytes, options: new DecodeOptions(MinShortSide: 300));
        var stored = ImageDecoder.Decode(bytes, options: new DecodeOptions(MinShortSide: 300, ApplyOrientation: false));

        Assert.Equal((3024, 4032), (upright.OriginalWidth, upright.OriginalHeight));
        Assert.Equal((stored.Image.Height, stored.Image.Width), (upright.Image.Width, upright.Image.Height));
    }

    [Theory]
    [InlineData(2000, 2000, 512, 750)]
    [InlineData(2000, 1200, 512, 600)]
    [InlineData(600, 900, 512, 525)]
    [InlineData(2000, 2000, 2000, 2000)]
    public void The_scaled_decode_keeps_the_short_side_at_or_above_the_minimum(int width, int height, int minShortSide, int expectedShortSide)
    {
        var bytes = TestImages.Jpeg(width, height).Encode();

        var decoded = ImageDecoder.Decode(bytes, options: new DecodeOptions(MinShortSide: minShortSide));

        Assert.Equal(expectedShortSide, Math.Min(decoded.Image.Width, decoded.Image.Height));
        Assert.Equal((width, height), (decoded.OriginalWidth, decoded.OriginalHeight));
    }

    [Fact]
    public void A_large_png_is_shrunk_for_hashing_but_keeps_the_minimum_short_side()
    {
        var bytes = TestImages.Png(1100, 1300).Encode();

        var decoded = ImageDecoder.Decode(bytes, options: new DecodeOptions(MinShortSide: 512));

        Assert.Equal((550, 650), (decoded.Image.Width, decoded.Image.Height));
    }

    [Fact]
    public void Inspect_reports_format_and_size_without_decoding()
    {
        var (format, width, height) = ImageDecoder.Inspect(PngHeaderOnly(3000, 2000), "x.png");

        Assert.Equal((ImageFormatKind.Png, 3000, 2000), (format, width, height));
    }

    /// <summary>A PNG signature and a valid IHDR chunk, no image data: all a bomb needs to declare its size.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        var png = new byte[8 + 25];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(8), 13);
        "IHDR"u8.CopyTo(png.AsSpan(12));
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        png[24] = 8; // bit depth
        png[25] = 2; // colour type RGB
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }
}
