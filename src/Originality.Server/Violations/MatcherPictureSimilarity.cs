using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Engine.Pdq;

namespace Originality.Server.Violations;

/// <summary>
/// V-5's "replacement still too close to the penalized picture", measured with the copy detector
/// so a recovery application is held to the same standard as a complaint.
/// </summary>
public static class MatcherPictureSimilarity
{
    /// <summary>The copy detector's score of the replacement against the penalized picture; 0 when either cannot be decoded.</summary>
    public static double Compare(ReadOnlyMemory<byte> penalized, ReadOnlyMemory<byte> replacement)
    {
        try
        {
            // Decoded as the intake decodes for fingerprints (scaled, short side ≥ 700 px): the same
            // standard as a complaint, and bounded memory for a picture at the pixel cap.
            var options = new DecodeOptions(MinShortSide: PdqFingerprinter.FastMinShortSide);
            var original = Fingerprinter.Compute(ImageDecoder.Decode(penalized.Span, options: options).Image);
            var suspect = Fingerprinter.Compute(ImageDecoder.Decode(replacement.Span, options: options).Image);
            return CopyDetector.Compare(suspect, original).Score;
        }
        catch (ImageRejectedException)
        {
            // An undecodable replacement is not a copy; the upload checks report it on their own terms.
            return 0;
        }
    }
}
