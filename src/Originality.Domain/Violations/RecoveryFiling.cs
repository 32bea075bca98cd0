using System.Globalization;
using NodaTime;
using Originality.Domain.Time;

namespace Originality.Domain.Violations;

/// <summary>The closed set of results of filing a recovery application.</summary>
public abstract record FilingOutcome
{
    private protected FilingOutcome()
    {
    }

    /// <summary>Filed and waiting for review.</summary>
    public sealed record Filed(RecoveryApplication Application) : FilingOutcome;

    /// <summary>Filed but held for risk control (V-7); <see cref="Message"/> tells the seller why.</summary>
    public sealed record Held(RecoveryApplication Application, string Message) : FilingOutcome;

    /// <summary>Not filed, for the reason given.</summary>
    public sealed record Refused(Refusal Refusal) : FilingOutcome;
}

/// <summary>
/// Files recovery applications (V-2, V-3, V-4, V-7). Pure: the host loads what the rules look at
/// and saves what comes back.
/// </summary>
public static class RecoveryFiling
{
    /// <summary>
    /// The Beijing day [00:00, 24:00) whose applications from one IP address count towards the
    /// V-7 limit for an application filed at <paramref name="now"/>; the host counts the filed
    /// (held or not) applications from that address inside it.
    /// </summary>
    public static Interval RiskControlDay(Instant now)
    {
        var day = BeijingTime.DateOf(now);
        return new Interval(BeijingTime.StartOf(day), BeijingTime.EndOf(day));
    }

    /// <summary>
    /// Counts the applications filed (held or not) from <paramref name="ipAddress"/> during the
    /// Beijing day of <paramref name="now"/> and before it: the V-7 count for <see cref="File"/>,
    /// for hosts that hold the applications in memory (a database host queries
    /// <see cref="RiskControlDay"/> instead).
    /// </summary>
    public static int EarlierFromSameIp(IEnumerable<RecoveryApplication> applications, string ipAddress, Instant now)
    {
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentNullException.ThrowIfNull(ipAddress);
        var day = RiskControlDay(now);
        return applications.Count(a =>
            string.Equals(a.State.Request.IpAddress, ipAddress, StringComparison.Ordinal)
            && day.Contains(a.FiledAt)
            && a.FiledAt <= now);
    }

    /// <summary>Files <paramref name="request"/> at <paramref name="now"/>.</summary>
    /// <param name="request">What the seller submitted.</param>
    /// <param name="violation">The violation named by the request.</param>
    /// <param name="earlierForSameViolation">Every application already filed for this violation (V-3; other products are ignored).</param>
    /// <param name="earlierFromSameIpThatDay">How many applications were filed from the request's IP address during <see cref="RiskControlDay"/>(<paramref name="now"/>) before this one (V-7).</param>
    /// <param name="policy">The operator's settings.</param>
    /// <param name="now">The current instant (injected clock).</param>
    public static FilingOutcome File(
        RecoveryRequest request,
        PictureViolation violation,
        IEnumerable<RecoveryApplication> earlierForSameViolation,
        int earlierFromSameIpThatDay,
        ViolationPolicy policy,
        Instant now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(violation);
        ArgumentNullException.ThrowIfNull(earlierForSameViolation);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request.Materials);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IpAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(earlierFromSameIpThatDay);
        if (request.ViolationId != violation.Id)
        {
            throw new ArgumentException($"The request names violation {request.ViolationId}, not {violation.Id}.", nameof(violation));
        }

        if (FirstRefusal(request, violation, earlierForSameViolation, policy, now) is { } refusal)
        {
            return new FilingOutcome.Refused(refusal);
        }

        // "More than the configured number" (V-7): the N-th application of the Beijing day goes
        // through, the (N+1)-th and later are filed but held. Held ones still count, so a burst
        // cannot slip through by being retried.
        if (earlierFromSameIpThatDay >= policy.MaxApplicationsPerIpPerDay)
        {
            var message = string.Format(
                CultureInfo.InvariantCulture,
                "Your application was received but is held for a risk-control check: more than {0} recovery applications came from the same network address on {1} (Beijing time). It joins the review queue once the check is done; do not file it again.",
                policy.MaxApplicationsPerIpPerDay,
                BeijingTime.DateOf(now).ToString("uuuu-MM-dd", CultureInfo.InvariantCulture));
            return new FilingOutcome.Held(RecoveryApplication.Create(request, now, message), message);
        }
        return new FilingOutcome.Filed(RecoveryApplication.Create(request, now, heldMessage: null));
    }

    private static Refusal? FirstRefusal(
        RecoveryRequest request, PictureViolation violation,
        IEnumerable<RecoveryApplication> earlier, ViolationPolicy policy, Instant now)
    {
        if (request.MemberId != violation.MemberId)
        {
            return Refusal.NotTheMembersViolation;
        }
        if (request.ProductId != violation.ProductId)
        {
            return Refusal.ViolationProductMismatch;
        }

        // V-3 before the window: a seller re-filing a rejected application should hear that it
        // can never be re-filed, not merely that it is late.
        var sameKey = earlier.Where(a => a.ViolationId == request.ViolationId && a.ProductId == request.ProductId).ToList();
        if (sameKey.Any(a => a.Status == RecoveryStatus.Rejected))
        {
            return Refusal.RecoveryRejectedBefore;
        }
        if (sameKey.Count > 0)
        {
            return Refusal.RecoveryAlreadyFiled;
        }

        if (now < violation.PenalizedAt)
        {
            return Refusal.RecoveryWindowNotOpen;
        }
        if (now >= violation.RecoveryDeadline(policy))
        {
            return Refusal.RecoveryWindowClosed;
        }
        if (!violation.IsPenaltyInForceAt(now))
        {
            return Refusal.ViolationNotPenalized;
        }
        return request.Materials.MissingItem();
    }
}
