using Originality.Engine.Detection;
using Originality.Engine.Matching;
using Originality.Engine.Tests.Matching;
using Originality.Measurement.Attacks;

namespace Originality.Engine.Tests.Detection;

/// <summary>The two-stage detector on real photos (Meta's PDQ conformance set), attacked by the benchmark's generators.</summary>
public sealed class CopyIndexTests
{
    // A photo scaled to a longer side of `side` and pasted at (x, y) on a light grey banner; where it lies.
    private static (Originality.Engine.Imaging.RgbImage Banner, RelativeRect Pasted) Banner(Originality.Engine.Imaging.RgbImage photo, int side, int width, int height, int x, int y)
    {
        var small = CopyAttacks.ScaleLongerSide(photo, side);
        var banner = new Originality.Engine.Imaging.RgbImage(width, height, Enumerable.Repeat((byte)235, 3 * width * height).ToArray());
        for (var row = 0; row < small.Height; row++)
        {
            Array.Copy(small.Pixels, 3 * row * small.Width, banner.Pixels, 3 * (((y + row) * width) + x), 3 * small.Width);
        }
        return (banner, new RelativeRect((double)x / width, (double)y / height, (double)small.Width / width, (double)small.Height / height));
    }

    public static TheoryData<string, string> AttackedOriginals()
    {
        var data = new TheoryData<string, string>();
        foreach (var photo in MatchingPhotos.Originals.Take(3))
        {
            foreach (var attack in CopyAttacks.All)
            {
                data.Add(photo, attack.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AttackedOriginals))]
    public void An_attacked_copy_is_found_and_attributed_to_its_own_original(string photo, string attack)
    {
        var copy = CopyAttacks.Get(attack).Apply(MatchingPhotos.Load(photo), 17);

        var results = MatchingPhotos.Detector.FindCopies(PictureAnalysis.Of(copy));

        var best = Assert.Single(results);
        Assert.Equal(MatchingPhotos.Originals.ToList().IndexOf(photo), best.PictureId);
        Assert.Equal(MatchVerdict.Match, best.Verdict);
        Assert.InRange(best.FalseMatchBound, 0, 1e-9);
    }

    [Fact]
    public void Copies_drawn_at_random_from_every_family_are_found()
    {
        // Random parameters over each family's whole range: a family may miss now and then, as the
        // held-out benchmark reports, but most copies of these photos must be found, and by their own original.
        var rng = new Random(2026);
        var found = 0;
        var total = 0;
        var wrong = new List<string>();
        foreach (var (photo, index) in MatchingPhotos.Originals.Select((p, i) => (p, i)))
        {
            var fillers = MatchingPhotos.Unrelated.Take(3).Select(MatchingPhotos.Load).ToList();
            foreach (var family in RandomAttacks.Families)
            {
                var copy = RandomAttacks.Apply(family, MatchingPhotos.Load(photo), rng, fillers);
                var results = MatchingPhotos.Detector.FindCopies(copy.Image, PictureAnalysis.Of(copy.Image), out _);
                total++;
                found += results.Any(r => r.PictureId == index) ? 1 : 0;
                wrong.AddRange(results.Where(r => r.PictureId != index).Select(r => $"{copy.Description} matched {r.PictureId}"));
            }
        }

        Assert.Empty(wrong);
        Assert.True(found >= total * 0.8, $"{found} of {total} found");
    }

    [Fact]
    public void Unrelated_photos_and_their_attacked_copies_match_nothing()
    {
        var matched = (
            from photo in MatchingPhotos.Unrelated
            from attack in new[] { "jpeg-q30", "crop-70-offcentre", "canvas-50-white", "rotate-5-fill" }
            let copy = CopyAttacks.Get(attack).Apply(MatchingPhotos.Load(photo), 5)
            from result in MatchingPhotos.Detector.FindCopies(copy, PictureAnalysis.Of(copy), out _)
            select $"{attack} of {photo} matched {result.PictureId}: {result.Evidence}").ToList();

        Assert.Empty(matched);
    }

    [Fact]
    public void A_suspect_showing_only_a_corner_of_a_picture_does_not_copy_it_but_a_large_crop_does()
    {
        // Two product photos of one shop share its badge in a corner: that corner agreeing is not a
        // copy of the picture.
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[0]);
        var record = PictureAnalysis.Of(original).ToRecord();
        var corner = PictureAnalysis.Of(CopyAttacks.Crop(original, 0.2, 0, 0));
        var large = PictureAnalysis.Of(CopyAttacks.Crop(original, 0.55, 0, 0));

        // The inliers' spread is judged apart (the next test); here only the shown share differs.
        var settings = DetectorSettings.Default with { MinInlierSpread = 0 };
        var cornerMatch = CopyIndex.Compare(corner, record, settings);
        var cornerIgnoringCoverage = CopyIndex.Compare(corner, record, settings with { MinCoverage = 0 });
        var largeMatch = CopyIndex.Compare(large, record);

        Assert.True(cornerIgnoringCoverage.Verdict == MatchVerdict.Match, cornerIgnoringCoverage.Evidence);
        Assert.Equal(MatchVerdict.NoMatch, cornerMatch.Verdict);
        Assert.Equal(MatchVerdict.Match, largeMatch.Verdict);
        Assert.InRange(largeMatch.OriginalRegion.Area, 0.45, 0.65);
    }

    [Fact]
    public void The_inliers_spread_is_the_share_of_the_originals_detail_that_agrees()
    {
        // A whole copy agrees all over the original; a corner of it only in that corner. A badge
        // two different photos share agrees in a corner too, which is why a copy needs a spread.
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[1]);
        var record = PictureAnalysis.Of(original).ToRecord();
        var settings = DetectorSettings.Default with { MinCoverage = 0, MinInlierSpread = 0 };

        var whole = PairVerifier.Verify(PictureAnalysis.Of(CopyAttacks.Jpeg(original, 60)), record, settings);
        var corner = PairVerifier.Verify(PictureAnalysis.Of(CopyAttacks.Crop(original, 0.2, 1, 1)), record, settings);

        Assert.InRange(whole.Spread, 0.8, 1);
        Assert.InRange(corner.Spread, 0.05, 0.35);
        Assert.True(PairVerifier.IsCopy(corner, settings));
        Assert.False(PairVerifier.IsCopy(corner, settings with { MinInlierSpread = corner.Spread + 0.01 }));
    }

    [Fact]
    public void The_letterboxed_sample_matches_the_bridge_photo()
    {
        var letterboxed = PictureAnalysis.Of(MatchingPhotos.Load("python-threatexchange/letterboxed_sample-b.jpg"));

        var results = MatchingPhotos.Detector.FindCopies(letterboxed);

        Assert.Equal(MatchingPhotos.Bridge, Assert.Single(results).PictureId);
    }

    [Fact]
    public void A_removed_original_is_no_longer_found_and_a_replaced_one_is_found_once()
    {
        using var detector = MatchingPhotos.DetectorOf(MatchingPhotos.Originals);
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[1]);
        var copy = PictureAnalysis.Of(CopyAttacks.Get("jpeg-q30").Apply(original, 1));

        Assert.True(detector.Remove(1));
        Assert.False(detector.Remove(1));
        Assert.Empty(detector.FindCopies(copy));

        detector.Add(1, PictureAnalysis.Of(original).ToRecord());
        detector.Add(1, PictureAnalysis.Of(original).ToRecord());
        Assert.Equal(1, Assert.Single(detector.FindCopies(copy)).PictureId);
        Assert.Equal(MatchingPhotos.Originals.Count, detector.Count);
    }

    [Fact]
    public void A_canvas_paste_names_where_it_lies_and_its_scale()
    {
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[0]);
        var copy = CopyAttacks.Get("canvas-50-white").Apply(original, 3);

        var result = Assert.Single(MatchingPhotos.Detector.FindCopies(copy, PictureAnalysis.Of(copy), out _));

        // Pasted at half the size: a quarter of the canvas, the whole original, scale one half.
        Assert.InRange(result.SuspectRegion.Width * result.SuspectRegion.Height, 0.18, 0.32);
        Assert.InRange(result.OriginalRegion.Width * result.OriginalRegion.Height, 0.8, 1.0);
        Assert.InRange(result.Scale, 0.45, 0.55);
        Assert.False(result.Mirrored);
        Assert.Contains("keypoint pairs agree", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mirrored_copy_is_found_with_a_mirroring_transform()
    {
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[2]);
        var copy = CopyAttacks.Get("mirror").Apply(original, 1);

        var result = Assert.Single(MatchingPhotos.Detector.FindCopies(PictureAnalysis.Of(copy)));

        Assert.True(result.Mirrored);
        Assert.NotNull(result.Map);
        // The original's top-left corner lands at the suspect's top-right.
        var (x, y) = result.Map!.Value.Apply(0, 0);
        Assert.InRange(x, 0.95, 1.05);
        Assert.InRange(y, -0.05, 0.05);
    }

    [Fact]
    public void A_copy_found_in_a_part_of_the_suspect_states_a_bound_over_all_its_lookups_still_within_the_test()
    {
        // Pasted into canvases, collages and screenshots at random: the whole suspect matches nothing,
        // a region, window or zoom does, and the bound it states (multiplied by every lookup a suspect
        // can make) must itself pass the a-contrario test, not only the part's own.
        var rng = new Random(911);
        var fillers = MatchingPhotos.Unrelated.Take(3).Select(MatchingPhotos.Load).ToList();
        var inParts = 0;
        foreach (var (photo, index) in MatchingPhotos.Originals.Select((p, i) => (p, i)))
        {
            foreach (var family in new[] { AttackFamily.Canvas, AttackFamily.Collage, AttackFamily.Screenshot })
            {
                var copy = RandomAttacks.Apply(family, MatchingPhotos.Load(photo), rng, fillers).Image;
                var analysis = PictureAnalysis.Of(copy);
                if (MatchingPhotos.Detector.FindCopies(analysis).Count > 0)
                {
                    continue;
                }
                foreach (var match in MatchingPhotos.Detector.FindCopies(copy, analysis, out _))
                {
                    inParts++;
                    Assert.Equal(index, match.PictureId);
                    Assert.InRange(match.FalseMatchBound, 0, Math.Pow(10, DetectorSettings.Default.MaxLog10Nfa));
                }
            }
        }
        Assert.True(inParts >= 5, $"only {inParts} copies were found in a part of the suspect");
    }

    [Fact]
    public void A_picture_pasted_small_into_a_banner_is_found_in_the_banners_coordinates()
    {
        var (banner, _) = Banner(MatchingPhotos.Load(MatchingPhotos.Originals[3]), 480, 1200, 800, 80, 60);

        var result = Assert.Single(MatchingPhotos.Detector.FindCopies(banner, PictureAnalysis.Of(banner), out _));

        Assert.Equal(3, result.PictureId);
        // Where it was pasted: from x 80/1200, y 60/800; its longer side is 40% of the banner's width.
        Assert.InRange(result.SuspectRegion.X, 0.04, 0.10);
        Assert.InRange(result.SuspectRegion.Y, 0.04, 0.11);
        Assert.InRange(Math.Max(result.SuspectRegion.Width, result.SuspectRegion.Height * 800 / 1200), 0.34, 0.46);
    }

    [Fact]
    public void A_part_of_a_banner_is_compared_to_one_original_and_placed_in_the_banners_coordinates()
    {
        // The reviewer's overlay of a paste found in a part of a banner: the part is verified alone.
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[3]);
        var (banner, pasted) = Banner(original, 300, 1500, 900, 1100, 500);
        var record = PictureAnalysis.Of(original).ToRecord();

        var part = CopyIndex.Compare(banner, pasted, record);
        var elsewhere = CopyIndex.Compare(banner, new RelativeRect(0.05, 0.05, pasted.Width, pasted.Height), record);

        Assert.Equal(MatchVerdict.Match, part.Verdict);
        Assert.InRange(part.SuspectRegion.X, pasted.X - 0.02, pasted.X + 0.02);
        Assert.InRange(part.SuspectRegion.Y, pasted.Y - 0.03, pasted.Y + 0.03);
        Assert.InRange(part.SuspectRegion.Width, pasted.Width * 0.9, pasted.Width * 1.1);
        Assert.Equal(MatchVerdict.NoMatch, elsewhere.Verdict);
    }

    [Fact]
    public void A_lookup_verifies_few_candidates()
    {
        var copy = PictureAnalysis.Of(CopyAttacks.Get("crop-70-centre").Apply(MatchingPhotos.Load(MatchingPhotos.Originals[0]), 1));

        MatchingPhotos.Detector.FindCopies(copy, out var statistics);

        Assert.InRange(statistics.Candidates, 1, DetectorSettings.Default.Candidates + 1);
        Assert.Contains(0L, statistics.CandidateIds);
    }

    [Fact]
    public void A_lookup_answers_the_same_on_one_thread_and_on_four()
    {
        using var serial = MatchingPhotos.DetectorOf(MatchingPhotos.Originals, DetectorSettings.Default with { Parallelism = 1 });
        using var parallel = MatchingPhotos.DetectorOf(MatchingPhotos.Originals, DetectorSettings.Default with { Parallelism = 4 });
        var rng = new Random(77);
        var fillers = MatchingPhotos.Unrelated.Take(3).Select(MatchingPhotos.Load).ToList();
        var compared = 0;
        foreach (var photo in MatchingPhotos.Originals.Take(4).Concat(MatchingPhotos.Unrelated.Take(2)))
        {
            foreach (var family in RandomAttacks.Families)
            {
                var copy = RandomAttacks.Apply(family, MatchingPhotos.Load(photo), rng, fillers).Image;
                var analysis = PictureAnalysis.Of(copy);

                var one = serial.FindCopies(copy, analysis, out var oneStatistics);
                var four = parallel.FindCopies(copy, analysis, out var fourStatistics);

                Assert.Equal(oneStatistics.CandidateIds, fourStatistics.CandidateIds);
                Assert.Equal(one.Select(m => (m.PictureId, m.FalseMatchBound, m.SuspectRegion, m.Inliers)), four.Select(m => (m.PictureId, m.FalseMatchBound, m.SuspectRegion, m.Inliers)));
                compared += one.Count;
            }
        }
        Assert.True(compared > 10, $"only {compared} matches compared");
    }

    [Fact]
    public void A_lookup_again_among_pictures_added_since_finds_the_newcomer_and_only_it()
    {
        using var detector = MatchingPhotos.DetectorOf(MatchingPhotos.Originals.Take(3).ToList());
        var (banner, _) = Banner(MatchingPhotos.Load(MatchingPhotos.Originals[3]), 480, 1200, 800, 80, 60);
        var query = new CopyQuery(banner, PictureAnalysis.Of(banner));
        Assert.Empty(detector.FindCopies(query, long.MinValue, windows: true, out _));

        detector.Add(3, PictureAnalysis.Of(MatchingPhotos.Load(MatchingPhotos.Originals[3])).ToRecord());
        var sinceBefore = detector.FindCopies(query, addedAfter: 2, windows: true, out var statistics);
        var sinceAfter = detector.FindCopies(query, addedAfter: 3, windows: true, out _);

        // Found as a whole lookup finds it, and verified against nothing older.
        Assert.Equal(3, Assert.Single(sinceBefore).PictureId);
        Assert.All(statistics.CandidateIds, id => Assert.True(id > 2, $"picture {id} was there before"));
        Assert.Equal(detector.FindCopies(banner, query.Whole, out _).Select(m => (m.PictureId, m.FalseMatchBound)), sinceBefore.Select(m => (m.PictureId, m.FalseMatchBound)));
        Assert.Empty(sinceAfter);
    }
}
