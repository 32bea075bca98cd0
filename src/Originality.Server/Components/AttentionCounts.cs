using NodaTime;
using Originality.Server.Api;
using Originality.Server.Application;
using Originality.Server.Reviewing;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Components;

/// <summary>
/// The numbers beside the menu's links: what waits for the reader. A reviewer sees the open cases;
/// a seller its unread notifications and near deadlines (beside Home), its warnings and the
/// complaints it may still appeal. Counted once per request, before the page is rendered.
/// </summary>
public sealed class AttentionCounts(OpenCases cases, ListingStore listings, OriginalityStore store, SellerNotifications notifications, IClock clock)
{
    /// <summary>Counts by menu key (<c>queue</c>, <c>home</c>, <c>warnings</c>, <c>complaints</c>); only the non-zero ones.</summary>
    public async Task<IReadOnlyDictionary<string, int>> LoadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[typeof(AttentionCounts)] is IReadOnlyDictionary<string, int> known)
        {
            return known;
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var user = context.User;
        switch (user.Identity?.IsAuthenticated == true ? user.Role() : null)
        {
            case Roles.Reviewer or Roles.Operator:
                counts["queue"] = await cases.WaitingAsync(cancellationToken).ConfigureAwait(false);
                break;
            case Roles.Member:
                var me = user.MemberId();
                var now = clock.GetCurrentInstant();
                counts["warnings"] = (await listings.MatchesAsync(me, null, null, cancellationToken).ConfigureAwait(false)).Count;
                var received = await store.InSessionAsync(s => s.Complaints.ListByRespondentAsync(me, cancellationToken), cancellationToken).ConfigureAwait(false);
                counts["complaints"] = received.Count(c => ComplaintEndpoints.ToRespondent(c, now).MayAppeal);
                counts["home"] = (await notifications.ForAsync(context, cancellationToken).ConfigureAwait(false)).Count(n => n.NeedsAttention);
                break;
        }
        var nonZero = counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        context.Items[typeof(AttentionCounts)] = nonZero;
        return nonZero;
    }

    /// <summary>What <see cref="LoadAsync"/> counted for this request (nothing when it did not run).</summary>
    public static IReadOnlyDictionary<string, int> Of(HttpContext context) =>
        context.Items[typeof(AttentionCounts)] as IReadOnlyDictionary<string, int> ?? new Dictionary<string, int>();
}
