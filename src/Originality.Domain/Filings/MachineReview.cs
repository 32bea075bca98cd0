using NodaTime;

namespace Originality.Domain.Filings;

/// <summary>Where an earlier, near-duplicate picture was found.</summary>
public enum PriorPictureSource
{
    /// <summary>A picture filed for protection.</summary>
    Filing = 1,
    /// <summary>A picture published in a marketplace listing.</summary>
    Listing = 2,
}

/// <summary>
/// One near-duplicate the engine found for an uploaded picture: the engine's data, judged by the
/// domain (F-5 counts it only when it belongs to another member and is earlier).
/// </summary>
/// <param name="Source">Filing or listing.</param>
/// <param name="Reference">Filing id or listing id/link of the earlier picture.</param>
/// <param name="Owner">Who filed or published it.</param>
/// <param name="FirstSeenAt">When it was filed or first published.</param>
/// <param name="Distance">The engine's distance (e.g. PDQ Hamming distance), for the record.</param>
public sealed record PriorPictureMatch(PriorPictureSource Source, string Reference, MemberId Owner, Instant FirstSeenAt, int Distance);

/// <summary>F-5: what the machine review found for an upload: the near-duplicates it matched.</summary>
/// <param name="Matches">Near-duplicates found (any owner, any time; the domain filters).</param>
public sealed record MachineReview(IReadOnlyList<PriorPictureMatch> Matches)
{
    /// <summary>Nothing similar was found.</summary>
    public static MachineReview NoMatch { get; } = new([]);

    /// <summary>
    /// F-5: the earliest match that makes a picture filed by <paramref name="filer"/> at
    /// <paramref name="filedAt"/> not original — another member's picture filed or published strictly
    /// earlier — or null when the picture is original. The member's own earlier pictures never count.
    /// </summary>
    public PriorPictureMatch? DisqualifyingMatch(MemberId filer, Instant filedAt) =>
        Matches.Where(m => m.Owner != filer && m.FirstSeenAt < filedAt)
               .OrderBy(m => m.FirstSeenAt)
               .FirstOrDefault();
}
