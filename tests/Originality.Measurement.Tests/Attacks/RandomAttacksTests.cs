using Originality.Engine.Imaging;
using Originality.Measurement.Attacks;

namespace Originality.Measurement.Tests.Attacks;

public sealed class RandomAttacksTests
{
    private const int Seeds = 40;

    public static TheoryData<AttackFamily> AllFamilies() => [.. RandomAttacks.Families];

    private static AttackedCopy Attack(AttackFamily family, int seed, RgbImage? original = null, IReadOnlyList<RgbImage>? fillers = null) =>
        RandomAttacks.Apply(family, original ?? Pictures.Original, new Random(seed), fillers ?? Pictures.Fillers);

    private static IEnumerable<AttackedCopy> Many(AttackFamily family, int count = Seeds) =>
        Enumerable.Range(0, count).Select(seed => Attack(family, seed));

    private static double P(AttackedCopy copy, string key) =>
        copy.Parameters.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"{key} not in: {copy.Description}");

    [Fact]
    public void Families_lists_every_family_once_with_combined_last()
    {
        Assert.Equal(Enum.GetValues<AttackFamily>().Order(), RandomAttacks.Families.Order());
        Assert.Equal(AttackFamily.Combined, RandomAttacks.Families[^1]);
    }

    [Theory]
    [MemberData(nameof(AllFamilies))]
    public void The_same_seed_gives_the_same_copy_and_description(AttackFamily family)
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var first = Attack(family, seed);
            var second = Attack(family, seed);

            Assert.Equal(first.Description, second.Description);
            Assert.Equal((first.Image.Width, first.Image.Height), (second.Image.Width, second.Image.Height));
            Assert.Equal(first.Image.Pixels, second.Image.Pixels);
            Assert.Equal(family, first.Family);
        }
    }

    [Theory]
    [MemberData(nameof(AllFamilies))]
    public void Different_seeds_draw_different_parameters(AttackFamily family)
    {
        var descriptions = Many(family, 12).Select(c => c.Description).Distinct(StringComparer.Ordinal).Count();

        // Dihedral has seven outcomes only; the others draw continuous values (a grey copy with
        // nothing else is the one discrete outcome of Colour, so one repeat is allowed).
        Assert.True(descriptions >= (family == AttackFamily.Dihedral ? 4 : 11), $"{descriptions} distinct descriptions");
    }

    [Theory]
    [MemberData(nameof(AllFamilies))]
    public void Copies_have_sane_sizes_and_change_the_picture(AttackFamily family)
    {
        var o = Pictures.Original;
        foreach (var copy in Many(family))
        {
            var (w, h) = (copy.Image.Width, copy.Image.Height);
            Assert.InRange(Math.Min(w, h), 16, int.MaxValue);
            // The largest growth: a collage 1.5× the original's longer side, framed in a 1.5× screenshot.
            Assert.InRange((double)w * h, 0, 12.0 * o.Width * o.Width);
            Assert.False(w == o.Width && h == o.Height && copy.Image.Pixels.AsSpan().SequenceEqual(o.Pixels), copy.Description);
            Assert.False(string.IsNullOrWhiteSpace(copy.Description));
        }
    }

    [Fact]
    public void Crops_keep_55_to_80_percent_at_any_aspect_and_reach_the_corners()
    {
        var copies = Many(AttackFamily.Crop, 200).ToList();
        var o = Pictures.Original;

        foreach (var c in copies)
        {
            Assert.InRange(P(c, "crop.area"), 0.55, 0.80);
            Assert.InRange((double)c.Image.Width * c.Image.Height / (o.Width * o.Height), 0.54, 0.81);
            // The kept pixels are exactly the original's at the recorded place.
            var x = (int)P(c, "crop.x");
            var y = (int)P(c, "crop.y");
            for (var row = 0; row < c.Image.Height; row += 7)
            {
                Assert.True(c.Image.Pixels.AsSpan(3 * row * c.Image.Width, 3 * c.Image.Width)
                    .SequenceEqual(o.Pixels.AsSpan(3 * (((y + row) * o.Width) + x), 3 * c.Image.Width)), c.Description);
            }
        }
        var areas = copies.Select(c => P(c, "crop.area")).ToList();
        Assert.True(areas.Min() < 0.57 && areas.Max() > 0.78, "the whole area range is drawn");
        var aspects = copies.Select(c => (double)c.Image.Width / c.Image.Height / ((double)o.Width / o.Height)).ToList();
        Assert.True(aspects.Min() < 0.8 && aspects.Max() > 1.25, "both sides are cut more than the other at times");
        Assert.Contains(copies, c => P(c, "crop.x") == 0 && P(c, "crop.y") == 0);
        Assert.Contains(copies, c => P(c, "crop.x") + c.Image.Width == o.Width && P(c, "crop.y") + c.Image.Height == o.Height);
    }

    [Fact]
    public void Borders_are_5_to_20_percent_of_a_side_around_the_untouched_picture()
    {
        var o = Pictures.Original;
        foreach (var c in Many(AttackFamily.Border))
        {
            var sides = new[] { "side", "left", "top", "right", "bottom" }.Where(s => c.Parameters.ContainsKey("border." + s)).Select(s => P(c, "border." + s)).ToList();
            Assert.NotEmpty(sides);
            Assert.All(sides, s => Assert.InRange(s, 0.05, 0.20));
            Assert.InRange(c.Image.Width, o.Width * 1.09, o.Width * 1.41);
            Assert.InRange(c.Image.Height, o.Height * 1.09, o.Height * 1.41);
            var (l, t) = ((int)P(c, "border.leftPx"), (int)P(c, "border.topPx"));
            Assert.True(c.Image.Pixels.AsSpan(3 * (((t + 10) * c.Image.Width) + l), 3 * o.Width).SequenceEqual(o.Pixels.AsSpan(3 * 10 * o.Width, 3 * o.Width)));
        }
    }

    [Fact]
    public void Canvas_pastes_take_35_to_75_percent_of_the_canvas_on_the_binding_axis()
    {
        foreach (var c in Many(AttackFamily.Canvas))
        {
            var scale = P(c, "canvas.scale");
            Assert.InRange(scale, 0.35, 0.75);
            var share = Math.Max(P(c, "canvas.width") / c.Image.Width, P(c, "canvas.height") / c.Image.Height);
            Assert.InRange(share, scale - 0.02, scale + 0.02);
            Assert.InRange(P(c, "canvas.x") + P(c, "canvas.width"), 0, c.Image.Width);
            Assert.InRange(P(c, "canvas.y") + P(c, "canvas.height"), 0, c.Image.Height);
        }
        Assert.Contains(Many(AttackFamily.Canvas), c => P(c, "canvas.banner") == 1 && c.Parameters.Keys.Any(k => k.StartsWith("canvas.bannerFiller", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_canvas_shows_the_original_scaled_where_it_says()
    {
        var o = Pictures.Original;
        var c = Attack(AttackFamily.Canvas, 3);
        var (x, y, w, h) = ((int)P(c, "canvas.x"), (int)P(c, "canvas.y"), (int)P(c, "canvas.width"), (int)P(c, "canvas.height"));

        var pasted = Paint.Crop(c.Image, x, y, w, h);
        var expected = o.Resize(w, h);

        Assert.InRange(MeanAbsoluteDifference(pasted, expected), 0, 12);
    }

    [Fact]
    public void Collages_hold_2_to_4_pictures_and_never_the_original_twice()
    {
        var o = Pictures.Original;
        var clone = new RgbImage(o.Width, o.Height, (byte[])o.Pixels.Clone());
        // The caller's list holds the original itself and a pixel-identical clone at 0 and 2.
        IReadOnlyList<RgbImage> fillers = [o, Pictures.Fillers[0], clone, Pictures.Fillers[1]];
        foreach (var seed in Enumerable.Range(0, Seeds))
        {
            var c = Attack(AttackFamily.Collage, seed, o, fillers);
            Assert.InRange(P(c, "collage.count"), 2, 4);
            var used = c.Parameters.Where(p => p.Key.StartsWith("collage.filler", StringComparison.Ordinal)).Select(p => p.Value).ToList();
            Assert.Equal(P(c, "collage.count") - 1, used.Count);
            Assert.All(used, index => Assert.Contains(index, new double[] { 1, 3 }));
        }
    }

    [Theory]
    [InlineData(AttackFamily.Canvas)]
    [InlineData(AttackFamily.Collage)]
    [InlineData(AttackFamily.Overlay)]
    [InlineData(AttackFamily.Screenshot)]
    [InlineData(AttackFamily.Combined)]
    public void No_family_uses_the_original_as_a_filler(AttackFamily family)
    {
        var o = Pictures.Original;
        IReadOnlyList<RgbImage> fillers = [Pictures.Fillers[0], o, Pictures.Fillers[2]];
        for (var seed = 0; seed < Seeds; seed++)
        {
            var c = Attack(family, seed, o, fillers);
            var used = c.Parameters.Where(p => p.Key.Contains("filler", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.All(used, p => Assert.NotEqual(1, p.Value));
        }
    }

    [Fact]
    public void Without_other_pictures_a_collage_uses_drawn_stand_ins()
    {
        var c = Attack(AttackFamily.Collage, 5, Pictures.Original, [Pictures.Original]);

        Assert.All(c.Parameters.Where(p => p.Key.StartsWith("collage.filler", StringComparison.Ordinal)), p => Assert.Equal(-1, p.Value));
    }

    [Fact]
    public void Overlays_stay_within_their_ranges()
    {
        var copies = Many(AttackFamily.Overlay, 120).ToList();
        foreach (var c in copies)
        {
            Assert.Equal((Pictures.Original.Width, Pictures.Original.Height), (c.Image.Width, c.Image.Height));
            if (c.Parameters.TryGetValue("overlay.captionHeight", out var band))
            {
                Assert.InRange(band, 0.05, 0.30);
            }
            if (c.Parameters.TryGetValue("overlay.cover", out var cover))
            {
                Assert.InRange(cover, 0.05, 0.25);
            }
            if (c.Parameters.TryGetValue("overlay.watermarkOpacity", out var opacity))
            {
                Assert.InRange(opacity, 0.3, 0.7);
                Assert.InRange(P(c, "overlay.watermarkAngle"), -180, 180);
            }
        }
        Assert.Contains(copies, c => c.Parameters.ContainsKey("overlay.captionHeight"));
        Assert.Contains(copies, c => c.Parameters.ContainsKey("overlay.watermarkOpacity"));
        Assert.Contains(copies, c => c.Parameters.ContainsKey("overlay.stickerCount"));
    }

    [Fact]
    public void Dihedral_copies_are_exact_turns_or_mirrors()
    {
        foreach (var c in Many(AttackFamily.Dihedral, 20))
        {
            var variant = (DihedralVariant)(int)P(c, "dihedral.variant");
            Assert.NotEqual(DihedralVariant.Original, variant);
            Assert.Equal(Pictures.Original.Transform(variant).Pixels, c.Image.Pixels);
        }
    }

    [Fact]
    public void Tilts_are_1_to_7_degrees_either_way_on_a_fill_or_cropped_inside()
    {
        var o = Pictures.Original;
        var copies = Many(AttackFamily.Tilt, 120).ToList();
        foreach (var c in copies)
        {
            var angle = P(c, "tilt.angle");
            Assert.InRange(Math.Abs(angle), 1, 7);
            if (P(c, "tilt.mode") == 0)
            {
                Assert.Equal((o.Width, o.Height), (c.Image.Width, c.Image.Height));
            }
            else
            {
                Assert.True(c.Image.Width < o.Width && c.Image.Height < o.Height, c.Description);
            }
        }
        Assert.Contains(copies, c => P(c, "tilt.angle") < -6);
        Assert.Contains(copies, c => P(c, "tilt.angle") > 6);
        Assert.Contains(copies, c => Math.Abs(P(c, "tilt.angle")) < 1.5);
        Assert.Contains(copies, c => P(c, "tilt.mode") == 1);
        Assert.Contains(copies, c => P(c, "tilt.mode") == 0);
    }

    [Theory]
    [InlineData(400, 300, 0)]
    [InlineData(400, 300, 30)]
    [InlineData(300, 400, 7)]
    [InlineData(1000, 200, 5)]
    public void The_largest_upright_rectangle_lies_inside_the_turned_picture(double w, double h, double degrees)
    {
        var a = degrees * Math.PI / 180;
        var (rw, rh) = RandomAttacks.LargestUprightRectangle(w, h, a);

        // Its corners, turned back into the picture's frame, are inside the picture.
        foreach (var (cx, cy) in new[] { (rw / 2, rh / 2), (-rw / 2, rh / 2) })
        {
            var x = (cx * Math.Cos(a)) + (cy * Math.Sin(a));
            var y = (-cx * Math.Sin(a)) + (cy * Math.Cos(a));
            Assert.InRange(Math.Abs(x), 0, (w / 2) + 1e-6);
            Assert.InRange(Math.Abs(y), 0, (h / 2) + 1e-6);
        }
        // And it is not a trivially small one: at least what the same-aspect inscribed rectangle keeps.
        var sameAspect = Math.Min(w / ((w * Math.Cos(a)) + (h * Math.Sin(a))), h / ((w * Math.Sin(a)) + (h * Math.Cos(a))));
        Assert.True(rw * rh >= (w * sameAspect * h * sameAspect) - 1e-6);
    }

    [Fact]
    public void Colour_changes_stay_within_35_percent_and_keep_the_size()
    {
        foreach (var c in Many(AttackFamily.Colour, 80))
        {
            foreach (var key in new[] { "colour.brightness", "colour.contrast", "colour.saturation" })
            {
                if (c.Parameters.TryGetValue(key, out var factor))
                {
                    Assert.InRange(factor, 0.65, 1.35);
                }
            }
            if (c.Parameters.TryGetValue("colour.gamma", out var gamma))
            {
                Assert.InRange(gamma, 0.7, 1 / 0.7);
            }
            if (c.Parameters.TryGetValue("colour.hue", out var hue))
            {
                Assert.InRange(hue, -90, 90);
            }
            Assert.Equal((Pictures.Original.Width, Pictures.Original.Height), (c.Image.Width, c.Image.Height));
        }
    }

    [Fact]
    public void A_grey_copy_has_no_colour_left()
    {
        var c = Many(AttackFamily.Colour, 40).First(c => P(c, "colour.saturationMode") == 2 && !c.Parameters.ContainsKey("colour.hue"));
        var p = c.Image.Pixels;

        for (var i = 0; i < p.Length; i += 3 * 97)
        {
            Assert.InRange(Math.Abs(p[i] - p[i + 1]) + Math.Abs(p[i + 1] - p[i + 2]), 0, 3);
        }
    }

    [Fact]
    public void Degradations_stay_within_their_ranges()
    {
        var big = Pictures.Make(900, 700, 9);
        var copies = Enumerable.Range(0, 60).Select(seed => Attack(AttackFamily.Degrade, seed, big)).ToList();
        foreach (var c in copies)
        {
            Assert.InRange(P(c, "degrade.quality"), 15, 95);
            if (c.Parameters.TryGetValue("degrade.sigma", out var sigma))
            {
                Assert.InRange(sigma, 0, 2);
            }
            if (c.Parameters.TryGetValue("degrade.stretch", out var stretch))
            {
                Assert.InRange(stretch, 1, 1.2);
            }
            if (c.Parameters.TryGetValue("degrade.shortSide", out var side))
            {
                Assert.InRange(side, 250, 600);
                Assert.InRange(Math.Min(c.Image.Width, c.Image.Height), side - 1, side + 1);
            }
        }
        Assert.Contains(copies, c => c.Parameters.ContainsKey("degrade.shortSide"));
        Assert.Contains(copies, c => c.Parameters.ContainsKey("degrade.stretch"));
    }

    [Fact]
    public void Screenshots_show_the_picture_at_40_to_80_percent_of_the_frame()
    {
        foreach (var c in Many(AttackFamily.Screenshot))
        {
            var scale = P(c, "screenshot.scale");
            Assert.InRange(scale, 0.40, 0.80);
            var share = Math.Max(P(c, "screenshot.width") / c.Image.Width, P(c, "screenshot.height") / c.Image.Height);
            Assert.InRange(share, scale - 0.02, scale + 0.02);
            Assert.InRange(P(c, "screenshot.x") + P(c, "screenshot.width"), 0, c.Image.Width);
            Assert.InRange(P(c, "screenshot.y") + P(c, "screenshot.height"), 0, c.Image.Height);
        }
    }

    [Fact]
    public void Combined_copies_chain_two_different_single_families()
    {
        var pairs = new HashSet<(AttackFamily, AttackFamily)>();
        foreach (var c in Many(AttackFamily.Combined, 60))
        {
            var (first, second) = ((AttackFamily)(int)P(c, "combined.first"), (AttackFamily)(int)P(c, "combined.second"));
            Assert.NotEqual(first, second);
            Assert.NotEqual(AttackFamily.Combined, first);
            Assert.NotEqual(AttackFamily.Combined, second);
            // Both families' parameters are recorded.
            Assert.Contains(c.Parameters.Keys, k => k.StartsWith(first.ToString().ToLowerInvariant() + ".", StringComparison.Ordinal));
            Assert.Contains(c.Parameters.Keys, k => k.StartsWith(second.ToString().ToLowerInvariant() + ".", StringComparison.Ordinal));
            pairs.Add((first, second));
        }
        Assert.True(pairs.Count > 20, $"{pairs.Count} different pairs");
    }

    private static double MeanAbsoluteDifference(RgbImage a, RgbImage b)
    {
        long sum = 0;
        for (var i = 0; i < a.Pixels.Length; i++)
        {
            sum += Math.Abs(a.Pixels[i] - b.Pixels[i]);
        }
        return (double)sum / a.Pixels.Length;
    }
}
