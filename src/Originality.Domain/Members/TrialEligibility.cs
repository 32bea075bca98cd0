namespace Originality.Domain.Members;

/// <summary>
/// F-1: the operator's trial configuration. While <see cref="InTrial"/>, the service is open only
/// to listed members selling in listed categories; an empty list means that axis is not restricted.
/// Immutable operator data (storage keeps the current one; changing it is an operator action).
/// </summary>
/// <param name="InTrial">False once the service is open to everyone.</param>
/// <param name="Categories">Categories open during the trial (empty: any category).</param>
/// <param name="Members">Members admitted during the trial (empty: any member).</param>
public sealed record TrialEligibility(bool InTrial, IReadOnlyList<Category> Categories, IReadOnlyList<MemberId> Members)
{
    /// <summary>The service is open to everyone.</summary>
    public static TrialEligibility Open { get; } = new(false, [], []);

    /// <summary>
    /// F-1: is the service available to <paramref name="member"/>? During the trial the member must be
    /// listed (when members are listed) and sell in at least one listed category (when categories are
    /// listed). F-7: never available to a member whose service was ended.
    /// </summary>
    public Outcome Check(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.ServiceEnded)
        {
            return Outcome.Refused(Refusal.ServiceEnded);
        }
        if (!InTrial)
        {
            return Outcome.Done;
        }
        var memberAdmitted = Members.Count == 0 || Members.Contains(member.Id);
        var categoryOpen = Categories.Count == 0 || member.State.Categories.Any(Categories.Contains);
        return memberAdmitted && categoryOpen ? Outcome.Done : Outcome.Refused(Refusal.NotEligible);
    }
}
