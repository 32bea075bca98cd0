namespace Originality.Engine.Detection;

/// <summary>
/// Every parameter of the copy detector. The defaults were chosen on the tuning split of the
/// robustness corpus with attack parameters drawn at random over each family's whole range
/// (docs/adr/003-copy-detection-v2.md); none is tied to one attack's parameter.
/// </summary>
public sealed record DetectorSettings
{
    /// <summary>The defaults.</summary>
    public static DetectorSettings Default { get; } = new();

    /// <summary>Longer side of the grey working picture that keypoints are found on.</summary>
    public int WorkingSide { get; init; } = 640;

    /// <summary>Keypoints found per picture (and per mirror image) when it is looked up.</summary>
    public int QueryKeypoints { get; init; } = 800;

    /// <summary>Keypoints kept for verification when a picture is filed.</summary>
    public int FiledKeypoints { get; init; } = 400;

    /// <summary>Keypoints of a filed picture whose visual words go into the in-memory inverted file.</summary>
    public int IndexedWords { get; init; } = 300;

    /// <summary>Longer side of the grey thumbnail kept for the dense check.</summary>
    public int ThumbnailSide { get; init; } = 128;

    /// <summary>Candidates verified per lookup, by votes, besides whole-picture PDQ hits.</summary>
    public int Candidates { get; init; } = 16;

    /// <summary>
    /// Verifications and window analyses of one lookup run on at most this many threads. It changes
    /// only how fast a lookup answers on an idle machine, never its result.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>(Picture, window) pairs verified over all of a suspect's windows together, best voted first, when the whole suspect matched nothing.</summary>
    public int WindowCandidates { get; init; } = 32;

    /// <summary>
    /// Regions that look pasted (bounded by straight edges along their sides: a photo in a banner, a
    /// collage cell, a picture in a screenshot) looked up as pictures of their own when the whole
    /// suspect matched nothing; at most this many.
    /// </summary>
    public int PastedRegions { get; init; } = 4;

    /// <summary>Smallest step in any colour channel across two pixels that makes an edge of a pasted region.</summary>
    public int PasteEdgeStep { get; init; } = 20;

    /// <summary>Smallest share of each side of a pasted region (inside the suspect) that must be edge.</summary>
    public double PasteSideSupport { get; init; } = 0.9;

    /// <summary>
    /// Near misses (a fitted map too weakly supported to prove a copy) looked at again, when nothing
    /// else matched, in the part of the suspect where their maps put the original, enlarged.
    /// </summary>
    public int ZoomAttempts { get; init; } = 2;

    /// <summary>Fewest inliers of a near miss worth a zoom.</summary>
    public int ZoomMinInliers { get; init; } = 6;

    /// <summary>Margin added on each side of a zoom window, as a share of the original's box in the suspect.</summary>
    public double ZoomMargin { get; init; } = 0.15;

    /// <summary>First-level vocabulary cells a query keypoint is looked up in (soft assignment).</summary>
    public int FirstProbes { get; init; } = 2;

    /// <summary>Second-level cells under each first-level one a query keypoint is looked up in.</summary>
    public int SecondProbes { get; init; } = 2;

    /// <summary>
    /// The suspect's other side (as it is, or mirrored) is verified too when its votes for a
    /// candidate reach this share of the stronger side's.
    /// </summary>
    public double OtherSideShare { get; init; } = 0.5;

    /// <summary>Largest distance between 12-bit keypoint signatures that still votes (Hamming embedding).</summary>
    public int MaxSignatureDistance { get; init; } = 3;

    /// <summary>Best voted pictures whose votes are counted again by the rotation they agree on, from which the candidates are taken.</summary>
    public int RerankDepth { get; init; } = 256;

    /// <summary>Smallest vote (the sum of the matched words' inverse document frequencies) that makes a candidate.</summary>
    public double MinVotes { get; init; } = 1;

    /// <summary>Words posted for more than this many times the mean number of pictures are not looked up (stop words).</summary>
    public double StopWordFactor { get; init; } = 40;

    /// <summary>Whole-picture PDQ distance (of 256 bits) under which a filed picture is a candidate.</summary>
    public int PdqCandidateDistance { get; init; } = 31;

    /// <summary>
    /// First-level vocabulary cells a suspect's descriptor is paired in (a filed picture's descriptor
    /// sits in its nearest one): pairing looks at a few dozen descriptors instead of all of them.
    /// </summary>
    public int PairingProbes { get; init; } = 2;

    /// <summary>Lowe's ratio: a keypoint match counts only if its nearest descriptor is this much closer than the second.</summary>
    public double RatioTest { get; init; } = 0.85;

    /// <summary>Largest descriptor distance (of 256 bits) of a tentative keypoint match.</summary>
    public int MaxDescriptorDistance { get; init; } = 80;

    /// <summary>RANSAC inlier tolerance in working pixels of the suspect.</summary>
    public double InlierTolerance { get; init; } = 4;

    /// <summary>Smallest and largest scale of the original inside the suspect.</summary>
    public double MinScale { get; init; } = 0.15;

    /// <summary>Largest scale of the original inside the suspect.</summary>
    public double MaxScale { get; init; } = 6;

    /// <summary>Largest ratio of the two axes' scales (a stretch along one axis).</summary>
    public double MaxAnisotropy { get; init; } = 1.6;

    /// <summary>A-contrario acceptance: log10 of the number of false alarms per comparison must be at most this.</summary>
    public double MaxLog10Nfa { get; init; } = -9;

    /// <summary>Side of a dense-check block in thumbnail pixels.</summary>
    public int BlockSide { get; init; } = 12;

    /// <summary>A block whose grey levels vary less than this (s.d.) carries no evidence (white background, flat sky).</summary>
    public double MinBlockDeviation { get; init; } = 6;

    /// <summary>Normalised correlation at which an aligned block agrees.</summary>
    public double BlockCorrelation { get; init; } = 0.6;

    /// <summary>
    /// Grey levels an agreeing block's mean may lie off the tone line that maps the original's block
    /// means onto the suspect's (infinite: brightness is not checked).
    /// </summary>
    public double ToneTolerance { get; init; } = 24;

    /// <summary>Factor by which an agreeing block's contrast ratio may differ from the typical block's.</summary>
    public double ContrastTolerance { get; init; } = 1.6;

    /// <summary>Share of the textured blocks in the overlap that must agree (the rest may be overlaid).</summary>
    public double MinAgreement { get; init; } = 0.5;

    /// <summary>
    /// Smallest share of the original's area the suspect must show (the area of <see cref="CopyMatch.OriginalRegion"/>):
    /// a suspect that shows only a corner of a picture — the shop badge two product photos share —
    /// does not copy the picture, however well that corner agrees.
    /// </summary>
    public double MinCoverage { get; init; } = 0.3;

    /// <summary>
    /// Smallest <see cref="PairEvidence.Spread"/>: the inliers must span this share of the box
    /// around the original's keypoints, so agreement confined to one small part of a picture (a
    /// shared badge or logo beside a different, plain object) does not make a copy.
    /// </summary>
    public double MinInlierSpread { get; init; } = 0.1;

    /// <summary>Fewest agreeing blocks.</summary>
    public int MinAgreeingBlocks { get; init; } = 4;
}
