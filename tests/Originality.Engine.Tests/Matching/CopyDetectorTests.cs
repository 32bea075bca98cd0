using Originality.Engine.Matching;
using Originality.Measurement.Attacks;

namespace Originality.Engine.Tests.Matching;

public sealed class CopyDetectorTests
{
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
        var original = MatchingPhotos.Load(photo);
        var copy = CopyAttacks.Get(attack).Apply(original, 17);

        var results = MatchingPhotos.Detector.FindCopies(Fingerprinter.Compute(copy));

        var best = Assert.Single(results);
        Assert.Equal(MatchingPhotos.Originals.ToList().IndexOf(photo), best.PictureId);
        Assert.Equal(MatchVerdict.Match, best.Verdict);
        Assert.InRange(best.Score, MatchThreshold.Default.Score, 1);
    }

    [Fact]
    public void Unrelated_photos_match_nothing()
    {
        var matched = MatchingPhotos.Unrelated
            .Where(p => MatchingPhotos.Detector.FindCopies(Fingerprinter.Compute(MatchingPhotos.Load(p))).Count > 0)
            .ToList();

        Assert.Empty(matched);
    }

    [Fact]
    public void Attacked_unrelated_photos_match_nothing()
    {
        var matched = (
            from photo in MatchingPhotos.Unrelated.Take(3)
            from attack in CopyAttacks.All
            let copy = attack.Apply(MatchingPhotos.Load(photo), 5)
            where MatchingPhotos.Detector.FindCopies(Fingerprinter.Compute(copy)).Count > 0
            select $"{attack.Name} of {photo}").ToList();

        Assert.Empty(matched);
    }

    [Fact]
    public void The_letterboxed_sample_matches_the_bridge_photo()
    {
        var letterboxed = Fingerprinter.Compute(MatchingPhotos.Load("python-threatexchange/letterboxed_sample-b.jpg"));

        var results = MatchingPhotos.Detector.FindCopies(letterboxed);

        Assert.Equal(MatchingPhotos.Bridge, Assert.Single(results).PictureId);
    }

    [Fact]
    public void A_removed_original_is_no_longer_found()
    {
        var detector = MatchingPhotos.DetectorOf(MatchingPhotos.Originals);
        var copy = Fingerprinter.Compute(CopyAttacks.Get("jpeg-q30").Apply(MatchingPhotos.Load(MatchingPhotos.Originals[1]), 1));

        var removed = detector.Remove(1);

        Assert.True(removed);
        Assert.Empty(detector.FindCopies(copy));
    }

    [Fact]
    public void The_match_names_the_regions_that_matched()
    {
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[0]);
        var copy = CopyAttacks.Get("canvas-50-white").Apply(original, 3);

        var result = Assert.Single(MatchingPhotos.Detector.FindCopies(Fingerprinter.Compute(copy)));

        // The pasted picture covers a quarter of the canvas; the matching suspect region is about that.
        Assert.InRange(result.SuspectRegion.Width * result.SuspectRegion.Height, 0.15, 0.35);
        Assert.Contains("PDQ bits", result.Evidence, StringComparison.Ordinal);
    }
}
