namespace Originality.Engine.Matching;

/// <summary>One original that a suspect picture copies.</summary>
/// <param name="PictureId">The original's id, as given to <see cref="CopyDetector.Add"/>.</param>
/// <param name="Score">Similarity in [0, 1]; 1 is the same picture. The verdict is <see cref="MatchVerdict.Match"/> from <see cref="MatchThreshold.Score"/> up.</param>
/// <param name="Verdict">The verdict at the detector's threshold.</param>
/// <param name="Evidence">A sentence saying which regions matched and how closely, for reviewers.</param>
/// <param name="OriginalRegion">The matching region of the original.</param>
/// <param name="SuspectRegion">The matching region of the suspect, before the rotation or mirroring in <see cref="Evidence"/>.</param>
public sealed record MatchResult(
    long PictureId,
    double Score,
    MatchVerdict Verdict,
    string Evidence,
    RelativeRect OriginalRegion,
    RelativeRect SuspectRegion);
