using NodaTime;
using Originality.Domain;
using Originality.Domain.Complaints;
using Originality.Server.Application;
using Originality.Server.Security;
using Originality.Server.Violations;
using Originality.Storage;

namespace Originality.Server.Components;

/// <summary>
/// What a seller should know about now, for the home page: stolen-picture warnings and decisions of
/// the last <see cref="RecentDays"/> days, and every step the seller can still take whose deadline
/// falls within <see cref="NearHours"/> hours (an appeal window, a recovery application). Computed
/// from the cases as they are on every load; what is stored is only the instant up to which the
/// seller marked them read, so a warning or decision after it is new.
/// </summary>
public sealed class SellerNotifications(OriginalityStore store, ListingStore listings, ViolationService violations, IClock clock)
{
    public const int RecentDays = 7;
    public const int NearHours = 48;

    /// <summary>One line: its kind (<c>warning</c>, <c>decision</c>, <c>deadline</c>), when, the resource key of its text, the text's argument, where to go.</summary>
    public sealed record Notification(string Kind, Instant At, string TextKey, string Argument, string Href, Instant? Due = null, string? StatusKey = null)
    {
        /// <summary>A warning or decision the seller has not marked read. A near deadline is never "new": it stays until it passes or is met.</summary>
        public bool IsNew { get; init; }

        /// <summary>What the menu counts beside Home: news not yet read, and steps about to close.</summary>
        public bool NeedsAttention => IsNew || Kind == "deadline";
    }

    /// <summary>Marks every notification up to now read for the seller (the home page's button).</summary>
    public async Task MarkReadAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Members.MarkNotificationsReadAsync(user.MemberId(), clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The signed-in seller's notifications, computed once per request: the home page lists them and
    /// the menu counts them (<see cref="AttentionCounts"/>) from the same list.
    /// </summary>
    public async Task<IReadOnlyList<Notification>> ForAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[typeof(SellerNotifications)] is IReadOnlyList<Notification> known)
        {
            return known;
        }
        var computed = await ComputeAsync(context.User.MemberId(), cancellationToken).ConfigureAwait(false);
        context.Items[typeof(SellerNotifications)] = computed;
        return computed;
    }

    private async Task<IReadOnlyList<Notification>> ComputeAsync(MemberId me, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var recent = now - Duration.FromDays(RecentDays);
        var near = now + Duration.FromHours(NearHours);
        var list = new List<Notification>();
        var readUntil = await store.InSessionAsync(s => s.Members.GetNotificationsReadUntilAsync(me, cancellationToken), cancellationToken).ConfigureAwait(false);
        bool IsNew(Instant at) => readUntil is not { } read || at > read;

        foreach (var m in await listings.MatchesAsync(me, null, null, cancellationToken).ConfigureAwait(false))
        {
            if (m.CreatedAt >= recent)
            {
                var listing = await listings.GetAsync(m.ListingId, cancellationToken).ConfigureAwait(false);
                list.Add(new Notification("warning", m.CreatedAt, "notify.warning", listing?.ExternalId ?? m.ListingId, "/seller/warnings") { IsNew = IsNew(m.CreatedAt) });
            }
        }

        var (filed, received) = await store.InSessionAsync(async s => (
            await s.Complaints.ListByComplainantAsync(me, cancellationToken).ConfigureAwait(false),
            await s.Complaints.ListByRespondentAsync(me, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        var references = await ComplaintReference.OfAsync(store, filed.Concat(received), cancellationToken).ConfigureAwait(false);
        foreach (var c in filed.Concat(received))
        {
            var reference = ComplaintReference.Of(references, c.Id);
            var href = $"/seller/complaints/{c.Id}";
            // The latest decision: an appeal's, else the acceptance's (a withdrawal is the seller's own step, not news).
            var decided = c.State.Appeals.LastOrDefault(a => a.DecidedAt is not null)?.DecidedAt ?? c.State.DecidedAt;
            if (decided is { } at && at >= recent && c.Status != ComplaintStatus.Withdrawn)
            {
                list.Add(new Notification("decision", at, "notify.decision", reference, href, StatusKey: "status." + c.Status) { IsNew = IsNew(at) });
            }
            if (c.State.Respondent == me && c.ToRespondentView(now).MayAppeal && c.State.AppealWindowClosesAt is { } closes && closes <= near)
            {
                list.Add(new Notification("deadline", now, "notify.appealCloses", reference, href, closes));
            }
        }

        var applied = (await violations.RecordsAsync(me, cancellationToken).ConfigureAwait(false)).Select(r => r.ViolationId).ToHashSet();
        foreach (var r in await violations.ListForMemberAsync(me, cancellationToken).ConfigureAwait(false))
        {
            var v = r.Violation;
            var deadline = v.RecoveryDeadline(violations.Policy);
            if (v.IsPenaltyInForceAt(now) && now < deadline && deadline <= near && !applied.Contains(v.Id))
            {
                list.Add(new Notification("deadline", now, "notify.recoveryCloses", v.ProductId.Value, $"/seller/violations/{v.Id}/apply", deadline));
            }
        }

        // Deadlines first, the nearest on top; then news, the newest on top.
        return [.. list.OrderBy(n => n.Due is null).ThenBy(n => n.Due).ThenByDescending(n => n.At)];
    }
}
