namespace Originality.Engine.Matching;

/// <summary>What a comparison concluded.</summary>
public enum MatchVerdict
{
    /// <summary>Not a copy at the chosen false-match rate.</summary>
    NoMatch,

    /// <summary>A copy (near-duplicate) of the original, possibly changed by resizing, cropping, overlays and the like.</summary>
    Match,
}
