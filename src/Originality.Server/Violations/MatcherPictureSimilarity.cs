using Originality.Engine.Detection;
using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Engine.Pdq;

namespace Originality.Server.Violations;

/// <summary>
/// V-5's "replacement still too close to the penalized picture", decided by the copy detector so a
/// recovery application is held to the same standard as a complaint.
/// </summary>
public static class MatcherPictureSimilarity
{
    /// <summary>
    /// The detector's verdict on the scale <see cref="Engine.Checks.MaterialCheckOptions.TooSimilarFrom"/> reads:
    /// at least that value when the replacement is a verified copy, below it otherwise; 0 when either
    /// picture cannot be decoded.
    /// </summary>
    public static double Compare(ReadOnlyMemory<byte> penalized, ReadOnlyMemory<byte> replacement)
    {
        try
        {
            // Decoded as the intake decodes for fingerprints (scaled, short side ≥ 700 px): the same
            // standard as a complaint, and bounded memory for a picture at the pixel cap.
            var options = new DecodeOptions(MinShortSide: PdqFingerprinter.FastMinShortSide);
            var original = PictureAnalysis.Of(ImageDecoder.Decode(penalized.Span, options: options).Image).ToRecord();
            var suspect = PictureAnalysis.Of(ImageDecoder.Decode(replacement.Span, options: options).Image);
            var match = CopyIndex.Compare(suspect, original);
            var threshold = Engine.Checks.MaterialCheckOptions.Default.TooSimilarFrom;
            return match.Verdict == MatchVerdict.Match
                ? threshold + ((1 - threshold) * match.Score)
                : Math.Min(match.Score, threshold) * 0.99;
        }
        catch (ImageRejectedException)
        {
            // An undecodable replacement is not a copy; the upload checks report it on their own terms.
            return 0;
        }
    }
}
