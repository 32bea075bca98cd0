using Originality.Engine.Matching;
using Originality.Measurement.Attacks;

namespace Originality.Engine.Tests.Matching;

public sealed class PictureFingerprintTests
{
    [Fact]
    public void A_fingerprint_reads_back_as_it_was_written()
    {
        var fingerprint = Fingerprinter.Compute(MatchingPhotos.Load(MatchingPhotos.Originals[0]));

        var copy = PictureFingerprint.FromBytes(fingerprint.ToBytes());

        Assert.Equal(fingerprint.Width, copy.Width);
        Assert.Equal(fingerprint.Height, copy.Height);
        Assert.Equal(fingerprint.Stored.Select(s => (s.Hash, s.Quality, s.Variant)), copy.Stored.Select(s => (s.Hash, s.Quality, s.Variant)));
        Assert.Equal(fingerprint.Probes.Select(s => (s.Hash, s.Quality, s.Variant)), copy.Probes.Select(s => (s.Hash, s.Quality, s.Variant)));
        Assert.All(fingerprint.Stored.Zip(copy.Stored), p => Assert.Equal(p.First.Region.X, p.Second.Region.X, 4));
    }

    [Fact]
    public void Bytes_of_another_format_are_refused()
    {
        Assert.Throws<FormatException>(() => PictureFingerprint.FromBytes([9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public void A_picture_pasted_on_a_canvas_is_hashed_without_the_canvas()
    {
        var photo = MatchingPhotos.Load(MatchingPhotos.Originals[0]);
        var pasted = CopyAttacks.Get("canvas-50-colour").Apply(photo, 11);

        var fingerprint = Fingerprinter.Compute(pasted);

        // The first stored hash is the content: half the width and height of the canvas.
        var content = fingerprint.Stored[0].Region;
        Assert.InRange(content.Width, 0.47, 0.53);
        Assert.InRange(content.Height, 0.47, 0.53);
    }
}
