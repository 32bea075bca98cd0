using Originality.Engine.Imaging;
using SkiaSharp;

namespace Originality.Measurement.Tests.Corpus;

public sealed class ProductShotsTests
{
    /// <summary>A red disc of the given diameter on a transparent 300×300 square: a cut-out.</summary>
    private static SKBitmap Disc(int diameter = 200)
    {
        var bitmap = new SKBitmap(new SKImageInfo(300, 300, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        using var paint = new SKPaint { Color = new SKColor(200, 30, 30), IsAntialias = true };
        canvas.DrawCircle(150, 150, diameter / 2f, paint);
        return bitmap;
    }

    private static (byte R, byte G, byte B) At(RgbImage image, int x, int y)
    {
        var i = 3 * ((y * image.Width) + x);
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    [Fact]
    public void The_opaque_box_ignores_the_transparent_margin()
    {
        using var disc = Disc(100);

        var box = ProductShots.OpaqueBox(disc);

        Assert.NotNull(box);
        Assert.InRange(box.Value.Left, 98, 101);
        Assert.InRange(box.Value.Width, 99, 102);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void The_object_sits_in_the_middle_of_a_near_white_square_filling_55_to_80_percent(int template)
    {
        using var disc = Disc();
        for (var seed = 0; seed < 6; seed++)
        {
            var shot = ProductShots.Compose(disc, ProductShots.Templates[template], new Random(seed));
            var image = shot.Image;

            Assert.Equal((ProductShots.Side, ProductShots.Side), (image.Width, image.Height));
            var corner = At(image, 5, 5);
            Assert.True(corner.R > 215 && corner.G > 215 && corner.B > 215, $"corner {corner}");
            var centre = At(image, ProductShots.Side / 2, ProductShots.Side / 2);
            Assert.True(centre.R > 150 && centre.G < 80, $"centre {centre}");
            // The red run through the middle row is the disc's diameter: the fill.
            var red = Enumerable.Range(0, ProductShots.Side).Count(x => At(image, x, ProductShots.Side / 2) is { R: > 150, G: < 90 });
            Assert.InRange(red / (double)ProductShots.Side, 0.53, 0.82);
        }
    }

    [Fact]
    public void The_same_generator_state_gives_the_same_picture()
    {
        using var disc = Disc();
        var mark = ProductShots.Marks[1];

        var a = ProductShots.Compose(disc, ProductShots.Templates[1], new Random(7), mark);
        var b = ProductShots.Compose(disc, ProductShots.Templates[1], new Random(7), mark);

        Assert.Equal(a.Image.Pixels, b.Image.Pixels);
        Assert.Equal(a.Recipe, b.Recipe);
        Assert.Contains("mark=1", a.Recipe, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mark_covers_the_same_place_on_different_pictures()
    {
        var mark = ProductShots.Marks[0];
        var first = ProductShots.WithMark(Attacks.Pictures.Make(600, 400, 11), mark);
        var second = ProductShots.WithMark(Attacks.Pictures.Make(600, 400, 12), mark);
        var plain = Attacks.Pictures.Make(600, 400, 11);

        // Mark 0 sits bottom right: 30% × 7% of the picture, 3% in; (x, y) is the centre of its logo dot.
        var (x, y) = (600 - 18 - 180 + 14, 400 - 12 - 14);
        Assert.NotEqual(At(plain, x, y), At(first, x, y));
        Assert.Equal(At(first, x, y), At(second, x, y));
    }

    [Fact]
    public void A_fully_transparent_cut_out_is_refused()
    {
        using var empty = new SKBitmap(new SKImageInfo(50, 50, SKColorType.Rgba8888, SKAlphaType.Premul));
        empty.Erase(SKColors.Transparent);

        Assert.Throws<ArgumentException>(() => ProductShots.Compose(empty, ProductShots.Templates[0], new Random(1)));
    }

    [Fact]
    public void Patterns_and_low_detail_pictures_are_deterministic_and_differ_by_seed()
    {
        Assert.Equal(SyntheticPictures.Pattern(new Random(3), 200, 200).Image.Pixels, SyntheticPictures.Pattern(new Random(3), 200, 200).Image.Pixels);
        Assert.NotEqual(SyntheticPictures.Pattern(new Random(3), 200, 200).Image.Pixels, SyntheticPictures.Pattern(new Random(4), 200, 200).Image.Pixels);
        Assert.Equal(SyntheticPictures.LowDetail(new Random(3), 200, 200).Image.Pixels, SyntheticPictures.LowDetail(new Random(3), 200, 200).Image.Pixels);
    }

    [Fact]
    public void Low_detail_pictures_have_little_contrast()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var p = SyntheticPictures.LowDetail(new Random(seed), 200, 200).Image.Pixels;
            var neighbours = 0.0;
            for (var i = 3; i < p.Length; i += 3)
            {
                neighbours += Math.Abs(p[i] - p[i - 3]);
            }
            Assert.InRange(neighbours / (p.Length / 3), 0, 6);
        }
    }

    [Fact]
    public void A_darkened_picture_has_a_mean_luma_under_50()
    {
        var picture = Attacks.Pictures.Make(300, 200, 5);

        var dark = SyntheticPictures.Darkened(picture, new Random(2)).Image.Pixels;

        var mean = 0.0;
        for (var i = 0; i < dark.Length; i += 3)
        {
            mean += (0.299 * dark[i]) + (0.587 * dark[i + 1]) + (0.114 * dark[i + 2]);
        }
        Assert.InRange(mean / (dark.Length / 3), 1, 50);
    }
}
