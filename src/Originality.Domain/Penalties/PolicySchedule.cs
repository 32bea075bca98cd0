using NodaTime;

namespace Originality.Domain.Penalties;

/// <summary>One selection of a policy for a marketplace from an effective instant on.</summary>
/// <param name="Marketplace">The marketplace.</param>
/// <param name="EffectiveFrom">From when the policy applies (inclusive).</param>
/// <param name="Policy">The policy.</param>
/// <param name="ChosenBy">The operator who chose it.</param>
/// <param name="ChosenAt">When the operator made the choice.</param>
public sealed record PolicyAssignment(MarketplaceId Marketplace, Instant EffectiveFrom, PenaltyPolicy Policy, Actor ChosenBy, Instant ChosenAt);

/// <summary>
/// Which penalty policy applies on a marketplace at an instant. Without an assignment, P-003
/// applies. A change applies from its effective instant and never rewrites history: an assignment
/// may not take effect before the moment it is made, and penalties keep the policy they were
/// decided under.
/// </summary>
public sealed class PolicySchedule
{
    private readonly List<PolicyAssignment> _assignments;

    /// <summary>Creates a schedule from stored assignments.</summary>
    public PolicySchedule(IEnumerable<PolicyAssignment> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        _assignments = [.. assignments.OrderBy(a => a.EffectiveFrom)];
    }

    /// <summary>An empty schedule: P-003 everywhere.</summary>
    public static PolicySchedule Default => new([]);

    /// <summary>All assignments, by effective instant.</summary>
    public IReadOnlyList<PolicyAssignment> Assignments => _assignments;

    /// <summary>The policy in force on <paramref name="marketplace"/> at <paramref name="at"/>.</summary>
    public PenaltyPolicy PolicyFor(MarketplaceId marketplace, Instant at) =>
        _assignments.LastOrDefault(a => a.Marketplace == marketplace && a.EffectiveFrom <= at)?.Policy ?? PenaltyPolicy.P003;

    /// <summary>
    /// Operator selects <paramref name="policy"/> for <paramref name="marketplace"/> from
    /// <paramref name="effectiveFrom"/>. Refused when that is before <paramref name="now"/>.
    /// Returns the assignment for storage to append, with its audit entry.
    /// </summary>
    public Outcome<(PolicyAssignment Assignment, AuditEntry Audit)> Select(MarketplaceId marketplace, PenaltyPolicy policy, Instant effectiveFrom, Actor by, Instant now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (effectiveFrom < now)
        {
            return new Outcome<(PolicyAssignment, AuditEntry)>(Refusal.RetroactivePolicyChange);
        }
        var assignment = new PolicyAssignment(marketplace, effectiveFrom, policy, by, now);
        _assignments.Add(assignment);
        _assignments.Sort((a, b) => a.EffectiveFrom.CompareTo(b.EffectiveFrom));
        var audit = new AuditEntry(now, by, "policy-schedule", marketplace.Value, "policy.selected", "P",
            Data: FormattableString.Invariant($"policy={policy.Id};version={policy.Version};effective-from={effectiveFrom}"));
        return new Outcome<(PolicyAssignment, AuditEntry)>((assignment, audit));
    }
}
