using Originality.Engine.Matching;
using Originality.Measurement.Attacks;

namespace Originality.Engine.Tests.Matching;

public sealed class GeometricVerificationTests
{
    private static readonly Lazy<CopyDetector> VerifyingDetector = new(() =>
    {
        var detector = new CopyDetector(MatchThreshold.Verified);
        for (var i = 0; i < MatchingPhotos.Originals.Count; i++)
        {
            detector.Add(i, Fingerprinter.Compute(MatchingPhotos.Load(MatchingPhotos.Originals[i]), withFeatures: true));
        }
        return detector;
    });

    [Theory]
    [InlineData("crop-70-offcentre")]
    [InlineData("caption-20")]
    [InlineData("rotate-3-crop")]
    [InlineData("mirror")]
    [InlineData("rotate-90")]
    public void An_attacked_copy_is_verified_by_keypoints_in_one_geometry(string attack)
    {
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[0]);
        var copy = CopyAttacks.Get(attack).Apply(original, 17);

        var results = VerifyingDetector.Value.FindCopies(Fingerprinter.Compute(copy, withFeatures: true));

        var best = Assert.Single(results);
        Assert.Equal(0, best.PictureId);
        Assert.Equal(MatchVerdict.Match, best.Verdict);
        Assert.Contains("keypoint matches agree", best.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Unrelated_photos_share_too_few_consistent_keypoints()
    {
        var a = LocalFeatures.Compute(MatchingPhotos.Load(MatchingPhotos.Unrelated[0]));
        var b = LocalFeatures.Compute(MatchingPhotos.Load(MatchingPhotos.Unrelated[1]));

        var match = GeometricVerifier.Verify(a, b);

        Assert.InRange(match.Inliers, 0, MatchThreshold.Verified.MinInliers!.Value - 1);
    }

    [Fact]
    public void Unrelated_photos_match_nothing_when_verifying()
    {
        var matched = MatchingPhotos.Unrelated
            .Where(p => VerifyingDetector.Value.FindCopies(Fingerprinter.Compute(MatchingPhotos.Load(p), withFeatures: true)).Count > 0)
            .ToList();

        Assert.Empty(matched);
    }

    [Fact]
    public void A_centre_crop_is_located_in_the_original_by_the_fitted_transform()
    {
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[2]);
        var copy = CopyAttacks.Get("crop-70-centre").Apply(original, 3);

        var match = GeometricVerifier.Verify(LocalFeatures.Compute(copy), LocalFeatures.Compute(original));

        // A centred crop of 70% of the area spans the middle 0.84 of each side.
        Assert.InRange(match.OriginalRegion.X, 0.04, 0.12);
        Assert.InRange(match.OriginalRegion.Y, 0.04, 0.12);
        Assert.InRange(match.OriginalRegion.Width, 0.78, 0.90);
        Assert.InRange(match.OriginalRegion.Height, 0.78, 0.90);
        Assert.False(match.Mirrored);
    }

    [Fact]
    public void A_mirrored_copy_is_fitted_mirrored()
    {
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[1]);
        var copy = CopyAttacks.Get("mirror").Apply(original, 5);

        var match = GeometricVerifier.Verify(LocalFeatures.Compute(copy), LocalFeatures.Compute(original));

        Assert.True(match.Mirrored);
        Assert.InRange(match.Inliers, MatchThreshold.Verified.MinInliers!.Value, LocalFeatures.MaxKeypoints);
    }

    [Fact]
    public void Verification_is_off_by_default()
    {
        Assert.Null(MatchThreshold.Default.MinInliers);
        Assert.Equal(MatchThreshold.Default.Distance, MatchThreshold.Default.SearchRadius);
    }

    [Fact]
    public void More_inliers_raise_the_verified_score_towards_one()
    {
        var few = MatchThreshold.VerifiedScoreOf(44, 8, 8);
        var many = MatchThreshold.VerifiedScoreOf(44, 200, 8);

        Assert.Equal(MatchThreshold.ScoreOf(44), few, 6);
        Assert.InRange(many, few + 0.2, 1);
    }
}
