using Originality.Engine.Detection;
using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Engine.Tests.Matching;
using Originality.Measurement.Attacks;

namespace Originality.Engine.Tests.Detection;

/// <summary>Rectangles that look pasted: real photos pasted at random sizes and places, on flat and busy canvases.</summary>
public sealed class PastedRegionsTests
{
    private static List<RelativeRect> Find(RgbImage image) =>
        PastedRegions.Find(image, DetectorSettings.Default.WorkingSide, 3, DetectorSettings.Default.PasteEdgeStep, DetectorSettings.Default.PasteSideSupport);

    private static (RgbImage Canvas, RelativeRect Pasted) Paste(RgbImage photo, Random rng, RgbImage? texture)
    {
        var (cw, ch) = (rng.Next(700, 1400), rng.Next(500, 1000));
        var scale = 0.35 + (0.4 * rng.NextDouble());
        var k = scale * Math.Min((double)cw / photo.Width, (double)ch / photo.Height);
        var small = CopyAttacks.ScaleLongerSide(photo, (int)Math.Round(Math.Max(photo.Width, photo.Height) * k));
        var (x, y) = (rng.Next(0, cw - small.Width + 1), rng.Next(0, ch - small.Height + 1));
        var pixels = new byte[3 * cw * ch];
        var colour = new[] { (byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256) };
        for (var i = 0; i < cw * ch; i++)
        {
            var (px, py) = (i % cw, i / cw);
            for (var c = 0; c < 3; c++)
            {
                // A textured canvas is another photo stretched over it.
                pixels[(3 * i) + c] = texture is null ? colour[c] : texture.Pixels[(3 * (((py * texture.Height / ch) * texture.Width) + (px * texture.Width / cw))) + c];
            }
        }
        for (var row = 0; row < small.Height; row++)
        {
            Array.Copy(small.Pixels, 3 * row * small.Width, pixels, 3 * (((y + row) * cw) + x), 3 * small.Width);
        }
        return (new RgbImage(cw, ch, pixels), new RelativeRect((double)x / cw, (double)y / ch, (double)small.Width / cw, (double)small.Height / ch));
    }

    [Fact]
    public void A_photo_pasted_anywhere_at_any_size_on_a_flat_or_textured_canvas_is_proposed()
    {
        var rng = new Random(404);
        var texture = MatchingPhotos.Load(MatchingPhotos.Unrelated[0]);
        var proposed = 0;
        var total = 0;
        var misses = new List<string>();
        foreach (var photo in MatchingPhotos.Originals.Take(6))
        {
            for (var round = 0; round < 3; round++)
            {
                var (canvas, pasted) = Paste(MatchingPhotos.Load(photo), rng, round == 2 ? texture : null);
                var regions = Find(canvas);
                total++;
                if (regions.Exists(r => r.IntersectionOverUnion(pasted) > 0.85))
                {
                    proposed++;
                }
                else
                {
                    misses.Add($"{photo} at {pasted}: {string.Join(", ", regions)}");
                }
            }
        }

        Assert.True(proposed >= total * 0.85, $"{proposed} of {total} proposed; missed: {string.Join("; ", misses)}");
    }

    [Fact]
    public void A_cell_of_a_collage_without_gutters_is_proposed()
    {
        // Two photos side by side, touching: the boundary between them and the picture's border bound each.
        var left = CopyAttacks.ScaleLongerSide(MatchingPhotos.Load(MatchingPhotos.Originals[0]), 600);
        var right = CopyAttacks.ScaleLongerSide(MatchingPhotos.Load(MatchingPhotos.Unrelated[1]), 600);
        var height = Math.Min(left.Height, right.Height);
        var width = left.Width + right.Width;
        var pixels = new byte[3 * width * height];
        for (var row = 0; row < height; row++)
        {
            Array.Copy(left.Pixels, 3 * row * left.Width, pixels, 3 * row * width, 3 * left.Width);
            Array.Copy(right.Pixels, 3 * row * right.Width, pixels, 3 * ((row * width) + left.Width), 3 * right.Width);
        }
        var expected = new RelativeRect(0, 0, (double)left.Width / width, 1);

        var regions = Find(new RgbImage(width, height, pixels));

        Assert.Contains(regions, r => r.IntersectionOverUnion(expected) > 0.85);
    }

    [Fact]
    public void A_flat_picture_or_one_with_a_single_straight_edge_yields_no_region()
    {
        var flat = new RgbImage(800, 600, Enumerable.Repeat((byte)200, 3 * 800 * 600).ToArray());
        // Light above, dark below: one cut across the whole picture bounds two halves, each over the largest share.
        var halves = new RgbImage(800, 600, [.. Enumerable.Range(0, 3 * 800 * 600).Select(i => i < 3 * 800 * 100 ? (byte)230 : (byte)40)]);

        Assert.Empty(Find(flat));
        Assert.DoesNotContain(Find(halves), r => r.Height > 0.5);
    }
}
