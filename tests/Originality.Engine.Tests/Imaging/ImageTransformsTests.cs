using Originality.Engine.Imaging;

namespace Originality.Engine.Tests.Imaging;

public sealed class ImageTransformsTests
{
    // 3 x 2 picture whose red channel numbers the pixels:  0 1 2 / 3 4 5
    private static RgbImage Numbered() =>
        new(3, 2, Enumerable.Range(0, 6).SelectMany(i => new[] { (byte)i, (byte)0, (byte)0 }).ToArray());

    private static byte[] Reds(RgbImage image) => image.Pixels.Where((_, i) => i % 3 == 0).ToArray();

    [Theory]
    [InlineData(DihedralVariant.Original, 3, new byte[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData(DihedralVariant.Rotate90, 2, new byte[] { 2, 5, 1, 4, 0, 3 })]
    [InlineData(DihedralVariant.Rotate180, 3, new byte[] { 5, 4, 3, 2, 1, 0 })]
    [InlineData(DihedralVariant.Rotate270, 2, new byte[] { 3, 0, 4, 1, 5, 2 })]
    [InlineData(DihedralVariant.FlipX, 3, new byte[] { 3, 4, 5, 0, 1, 2 })]
    [InlineData(DihedralVariant.FlipY, 3, new byte[] { 2, 1, 0, 5, 4, 3 })]
    [InlineData(DihedralVariant.FlipPlus1, 2, new byte[] { 0, 3, 1, 4, 2, 5 })]
    [InlineData(DihedralVariant.FlipMinus1, 2, new byte[] { 5, 2, 4, 1, 3, 0 })]
    public void Each_variant_moves_pixels_as_named(DihedralVariant variant, int expectedWidth, byte[] expectedReds)
    {
        var turned = Numbered().Transform(variant);

        Assert.Equal(expectedWidth, turned.Width);
        Assert.Equal(expectedReds, Reds(turned));
    }

    [Fact]
    public void Four_quarter_turns_give_the_original_back()
    {
        var image = Numbered();

        var turned = image.Transform(DihedralVariant.Rotate90).Transform(DihedralVariant.Rotate90)
            .Transform(DihedralVariant.Rotate90).Transform(DihedralVariant.Rotate90);

        Assert.Equal(image.Pixels, turned.Pixels);
    }

    [Theory]
    [InlineData(1, DihedralVariant.Original)]
    [InlineData(3, DihedralVariant.Rotate180)]
    [InlineData(6, DihedralVariant.Rotate270)]
    [InlineData(8, DihedralVariant.Rotate90)]
    [InlineData(2, DihedralVariant.FlipY)]
    public void Exif_orientation_maps_to_the_transform_that_makes_the_picture_upright(int orientation, DihedralVariant expected)
    {
        Assert.Equal(expected, ImageTransforms.FromExifOrientation(orientation));
    }

    [Fact]
    public void A_bitmap_round_trip_keeps_every_pixel()
    {
        var image = TestImages.Png(33, 17).Pixels();

        using var bitmap = image.ToBitmap();

        Assert.Equal(image.Pixels, RgbImage.FromBitmap(bitmap).Pixels);
    }

    [Fact]
    public void A_translucent_premultiplied_bitmap_keeps_its_colour_when_alpha_is_dropped()
    {
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(2, 1, SkiaSharp.SKColorType.Bgra8888, SkiaSharp.SKAlphaType.Premul));
        bitmap.SetPixel(0, 0, new SkiaSharp.SKColor(200, 100, 50, 128));
        bitmap.SetPixel(1, 0, new SkiaSharp.SKColor(10, 20, 30, 255));

        var rgb = RgbImage.FromBitmap(bitmap).Pixels;

        Assert.InRange(rgb[0], 198, 202);
        Assert.InRange(rgb[1], 98, 102);
        Assert.InRange(rgb[2], 48, 52);
        Assert.Equal(new byte[] { 10, 20, 30 }, rgb[3..6]);
    }
}
