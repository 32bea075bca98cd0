using System.Globalization;
using Originality.Engine.Matching;

namespace Originality.Engine.Detection;

/// <summary>
/// One filed picture that a suspect copies, with the evidence a reviewer decides from.
/// </summary>
/// <param name="PictureId">The filed picture's id, as given to <see cref="CopyIndex.Add"/>.</param>
/// <param name="Verdict">Match, or no match at the detector's settings.</param>
/// <param name="Score">In [0, 1]: the a-contrario strength −log10(NFA) over 30, capped; 0.3 is the acceptance bound of 10⁻⁹.</param>
/// <param name="FalseMatchBound">The number of false alarms per comparison (NFA): an upper bound on how often pairings as consistent as these arise between unrelated pictures by chance.</param>
/// <param name="Map">The fitted map from the original to the suspect, in relative coordinates (0..1 on each axis of each picture); null when none was admissible.</param>
/// <param name="Scale">The original's scale in the suspect (suspect pixels per original pixel at equal working size).</param>
/// <param name="RotationDegrees">The original's turn in the suspect.</param>
/// <param name="Inliers">Keypoint pairs that agree on <paramref name="Map"/>.</param>
/// <param name="Tentative">Keypoint pairs considered.</param>
/// <param name="AgreeingBlocks">Aligned blocks whose pixels correlate.</param>
/// <param name="TexturedBlocks">Aligned blocks with enough detail to judge.</param>
/// <param name="OriginalRegion">The part of the original that is shown in the suspect.</param>
/// <param name="SuspectRegion">Where in the suspect the original is shown (bounding box).</param>
/// <param name="PdqDistance">Whole-picture PDQ distance of the closest rotation or mirroring, when it was within the candidate distance.</param>
public sealed record CopyMatch(
    long PictureId,
    MatchVerdict Verdict,
    double Score,
    double FalseMatchBound,
    AffineMap? Map,
    double Scale,
    double RotationDegrees,
    int Inliers,
    int Tentative,
    int AgreeingBlocks,
    int TexturedBlocks,
    RelativeRect OriginalRegion,
    RelativeRect SuspectRegion,
    int? PdqDistance)
{
    /// <summary>Whether the map mirrors the original.</summary>
    public bool Mirrored => Map is { Mirrors: true };

    /// <summary>A sentence for reviewers saying what agreed and how strongly.</summary>
    public string Evidence
    {
        get
        {
            if (Map is not { } map)
            {
                return PdqDistance is { } d
                    ? string.Create(CultureInfo.InvariantCulture, $"The whole pictures are {d} of 256 PDQ bits apart; no keypoint transform was found.")
                    : "No keypoint transform links the pictures.";
            }
            return string.Create(CultureInfo.InvariantCulture,
                $"{Inliers} of {Tentative} keypoint pairs agree on one transform (scale {Scale:0.##}, turned {RotationDegrees:0.#}°{(map.Mirrors ? ", mirrored" : "")}); chance alignments this strong: {FalseMatchBound:0.#e0} per comparison. {AgreeingBlocks} of {TexturedBlocks} detailed blocks of the original agree with the suspect once aligned; the suspect shows {OriginalRegion.Area:0%} of the original.");
        }
    }
}
