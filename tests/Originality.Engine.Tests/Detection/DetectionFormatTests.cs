using FsCheck;
using FsCheck.Fluent;
using Originality.Engine.Detection;
using Originality.Engine.Imaging;
using Originality.Engine.Tests.Matching;

namespace Originality.Engine.Tests.Detection;

public sealed class DetectionFormatTests
{
    [Fact]
    public void A_filed_record_survives_its_bytes()
    {
        var record = PictureAnalysis.Of(MatchingPhotos.Load(MatchingPhotos.Originals[0])).ToRecord();

        var again = FiledRecord.FromBytes(record.ToBytes());

        Assert.Equal(record.Pdq, again.Pdq);
        Assert.Equal(record.Thumbnail.Pixels, again.Thumbnail.Pixels);
        Assert.Equal(record.Features.Count, again.Features.Count);
        Assert.Equal(record.Features.Descriptors.ToArray(), again.Features.Descriptors.ToArray());
        Assert.Equal(record.Features.Orientations.ToArray(), again.Features.Orientations.ToArray());
        for (var i = 0; i < record.Features.Count; i++)
        {
            Assert.InRange(Math.Abs(record.Features.X[i] - again.Features.X[i]), 0, 1 / 16f);
            Assert.InRange(Math.Abs(record.Features.Y[i] - again.Features.Y[i]), 0, 1 / 16f);
        }
    }

    [Fact]
    public void Damaged_or_foreign_record_bytes_are_refused_with_a_format_error()
    {
        var bytes = PictureAnalysis.Of(MatchingPhotos.Load(MatchingPhotos.Originals[0])).ToRecord().ToBytes();

        Assert.Throws<FormatException>(() => FiledRecord.FromBytes(bytes.AsSpan(0, 30)));
        Assert.Throws<FormatException>(() => FiledRecord.FromBytes(bytes.AsSpan(0, bytes.Length - 10)));
        var older = (byte[])bytes.Clone();
        older[0] = 2;
        Assert.Throws<FormatException>(() => FiledRecord.FromBytes(older));
    }

    [Theory]
    [InlineData(DihedralVariant.Rotate90, false)]
    [InlineData(DihedralVariant.Rotate180, false)]
    [InlineData(DihedralVariant.FlipY, true)]
    public void Keypoint_orientations_turn_with_the_picture(DihedralVariant variant, bool mirrored)
    {
        // The inverted file counts only votes that agree on one rotation, so a turned copy's
        // keypoints must carry the original's orientations turned by the same angle: a quarter turn
        // is 64 of 256 steps, and a mirrored copy, looked at mirrored, is not turned at all.
        var original = MatchingPhotos.Load(MatchingPhotos.Originals[1]);
        var filed = PictureAnalysis.Of(original).Features;
        var copy = PictureAnalysis.Of(original.Transform(variant));
        var suspect = mirrored ? copy.MirroredFeatures : copy.Features;
        var pairs = PairVerifier.Pair(suspect, filed, DetectorSettings.Default);
        var turns = pairs.Select(p => (byte)(suspect.Orientations[p.Suspect] - filed.Orientations[p.Original])).ToList();
        var expected = variant switch
        {
            // Counter-clockwise on screen is a turn of −90° in image coordinates (y grows downwards).
            DihedralVariant.Rotate90 => 192,
            DihedralVariant.Rotate180 => 128,
            _ => 0,
        };

        Assert.True(pairs.Count >= 40, $"only {pairs.Count} pairs");
        var agreeing = turns.Count(t => Math.Abs((sbyte)(byte)(t - expected)) <= 8);
        Assert.True(agreeing >= 0.6 * turns.Count, $"{agreeing} of {turns.Count} pairs turned by {expected}/256");
    }

    [Fact]
    public void The_vocabulary_survives_its_bytes_and_quantises_the_same()
    {
        var features = PictureAnalysis.Of(MatchingPhotos.Load(MatchingPhotos.Originals[1])).Features;
        var vocabulary = VisualVocabulary.Default;

        var again = VisualVocabulary.FromBytes(vocabulary.ToBytes());

        Assert.Equal(vocabulary.WordCount, again.WordCount);
        for (var i = 0; i < features.Count; i++)
        {
            Assert.Equal(vocabulary.WordOf(features, i), again.WordOf(features, i));
            Assert.InRange(vocabulary.WordOf(features, i), 0, vocabulary.WordCount - 1);
        }
        Assert.Throws<FormatException>(() => VisualVocabulary.FromBytes(new byte[20]));
    }

    [Fact]
    public void A_word_is_among_its_own_probes()
    {
        var features = PictureAnalysis.Of(MatchingPhotos.Load(MatchingPhotos.Originals[2])).Features;
        var probes = new List<int>();
        for (var i = 0; i < features.Count; i++)
        {
            probes.Clear();
            VisualVocabulary.Default.ProbeWords(features, i, 2, 2, probes);
            Assert.Equal(4, probes.Count);
            Assert.Contains(VisualVocabulary.Default.WordOf(features, i), probes);
        }
    }

    [Fact]
    public void Training_is_deterministic_for_the_same_descriptors()
    {
        var sets = MatchingPhotos.Originals.Select(p => PictureAnalysis.Of(MatchingPhotos.Load(p)).Features).ToList();

        var a = VisualVocabulary.Train(sets, 8, 8, 2, seed: 3);
        var b = VisualVocabulary.Train(sets, 8, 8, 2, seed: 3);

        Assert.Equal(a.ToBytes(), b.ToBytes());
        Assert.Equal(256, a.WordCount);
    }

    [Fact]
    public void The_verification_store_reads_back_what_was_appended()
    {
        using var store = new VerificationStore();
        var first = store.Append([1, 2, 3]);
        var second = store.Append(new byte[1000]);

        Assert.Equal([1, 2, 3], store.Read(first));
        Assert.Equal(1000, store.Read(second).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Read(store.Length + 5));
    }

    [Fact]
    public void An_affine_map_composed_with_its_inverse_is_the_identity()
    {
        Prop.ForAll(
            Gen.Choose(-1000, 1000).Select(v => v / 100.0).ArrayOf(6).ToArbitrary(),
            v =>
            {
                var map = new AffineMap(v[0], v[1], v[2], v[3], v[4], v[5]);
                if (Math.Abs(map.Determinant) < 0.05)
                {
                    return true;
                }
                var (x, y) = map.Apply(0.3, -0.7);
                var (bx, by) = map.Inverse().Apply(x, y);
                return Math.Abs(bx - 0.3) < 1e-6 && Math.Abs(by + 0.7) < 1e-6;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_similarity_has_unit_anisotropy_and_its_scale_and_turn()
    {
        var angle = 30 * Math.PI / 180;
        var map = new AffineMap(0.5 * Math.Cos(angle), -0.5 * Math.Sin(angle), 10, 0.5 * Math.Sin(angle), 0.5 * Math.Cos(angle), 20);

        Assert.Equal(1, map.Anisotropy, 6);
        Assert.Equal(0.5, map.Scale, 6);
        Assert.Equal(30, map.RotationDegrees, 6);
        Assert.False(map.Mirrors);
        Assert.True(new AffineMap(-1, 0, 0, 0, 1, 0).Mirrors);
    }

    [Fact]
    public void The_number_of_false_alarms_falls_with_every_further_inlier()
    {
        const double p = 1e-4;
        var previous = PairVerifier.Log10NfaOf(100, 4, p);
        for (var k = 5; k <= 100; k++)
        {
            var nfa = PairVerifier.Log10NfaOf(100, k, p);
            Assert.True(nfa < previous, $"k={k}");
            previous = nfa;
        }
        Assert.True(PairVerifier.Log10NfaOf(100, 12, p) < -9);
        Assert.True(PairVerifier.Log10NfaOf(100, 6, p) > -9);
    }

    [Theory]
    [InlineData(10, 1e-4)]
    [InlineData(40, 1.8e-4)]
    [InlineData(200, 1.8e-4)]
    [InlineData(800, 5e-4)]
    public void The_fewest_significant_inliers_are_the_first_count_that_passes_the_a_contrario_test(int pairs, double p)
    {
        var k = PairVerifier.FewestSignificantInliers(pairs, p, -9);

        Assert.NotNull(k);
        Assert.True(PairVerifier.Log10NfaOf(pairs, k.Value, p) <= -9);
        Assert.True(PairVerifier.Log10NfaOf(pairs, k.Value - 1, p) > -9);
        Assert.InRange(k.Value, 4, pairs);
    }

    [Fact]
    public void Too_few_pairs_can_never_be_significant()
    {
        Assert.Null(PairVerifier.FewestSignificantInliers(5, 1e-4, -9));
        Assert.Null(PairVerifier.FewestSignificantInliers(20, 0.5, -9));
    }
}
