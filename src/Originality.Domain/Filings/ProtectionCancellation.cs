using NodaTime;
using Originality.Domain.Members;

namespace Originality.Domain.Filings;

/// <summary>
/// F-7: once a non-original filing is established, the protection of ALL the member's pictures is
/// cancelled and the service is ended for the member. One call changes the member and every filing,
/// so the rule cannot be half-applied; storage saves them in one transaction.
/// </summary>
public static class ProtectionCancellation
{
    /// <summary>
    /// Ends the service for <paramref name="member"/> and cancels the protection of every filing in
    /// <paramref name="allFilingsOfMember"/> (which must be all of them). Refused when the service was
    /// already ended or <paramref name="nonOriginal"/> is not one of the member's filings.
    /// </summary>
    public static Outcome Apply(Member member, IReadOnlyCollection<Filing> allFilingsOfMember, FilingId nonOriginal, Actor reviewer, string reason, Instant now)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(allFilingsOfMember);
        if (allFilingsOfMember.Any(f => f.Owner != member.Id))
        {
            throw new ArgumentException("Every filing passed must belong to the member.", nameof(allFilingsOfMember));
        }
        if (!allFilingsOfMember.Any(f => f.Id == nonOriginal))
        {
            return Outcome.Refused(Refusal.FilingNotOfMember);
        }
        var ended = member.EndServiceForNonOriginalFiling(nonOriginal, reviewer, reason, now);
        if (!ended.Succeeded)
        {
            return ended;
        }
        foreach (var filing in allFilingsOfMember)
        {
            filing.CancelProtection(reviewer, reason, now);
        }
        return Outcome.Done;
    }
}
