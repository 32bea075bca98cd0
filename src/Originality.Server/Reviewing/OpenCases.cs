using NodaTime;
using Originality.Domain.Complaints;
using Originality.Domain.Time;
using Originality.Server.Application;
using Originality.Server.Components;
using Originality.Storage;

namespace Originality.Server.Reviewing;

/// <summary>
/// The reviewer's queue as people use it: which queue, a search (case reference, listing, category),
/// a category filter, a deadline filter, an order, and pages that follow a cursor (<see cref="Keyset"/>),
/// so a case decided meanwhile does not shift the next page by one.
/// </summary>
/// <remarks>
/// The store lists open cases by status (at most <see cref="Limit"/> each); filtering, ordering
/// and the cursor are applied here. Open cases are few next to all cases, so this is enough until a
/// queue holds thousands; then the cursor moves into the query unchanged.
/// </remarks>
public sealed class OpenCases(OriginalityStore store, IClock clock)
{
    public const int Limit = 2000;

    /// <summary>What the reader asked for (all optional; from the query string).</summary>
    /// <param name="Size">Rows per page (1 to <see cref="Keyset.MaxSize"/>; <see cref="Keyset.DefaultSize"/> when not given).</param>
    public sealed record Query(string? Queue, string? Search, string? Category, string? Due, string? Sort, string? After, int? Size = null);

    public sealed record Row(Complaint Complaint, string Reference, Instant? DueAt);

    /// <param name="Total">Cases matching the filters (all pages).</param>
    /// <param name="Next">The cursor of the next page, or null on the last.</param>
    public sealed record Result(IReadOnlyList<Row> Rows, int Total, string? Next, int Acceptance, int Appeals, IReadOnlyList<string> Categories);

    /// <summary>How many cases wait on a reviewer (for the menu).</summary>
    public async Task<int> WaitingAsync(CancellationToken cancellationToken)
    {
        var (awaiting, appeals) = await ListAsync(cancellationToken).ConfigureAwait(false);
        return awaiting.Count + appeals.Count;
    }

    public async Task<Result> FindAsync(Query query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = clock.GetCurrentInstant();
        var (awaiting, appeals) = await ListAsync(cancellationToken).ConfigureAwait(false);
        IEnumerable<Complaint> cases = query.Queue switch
        {
            "acceptance" => awaiting,
            "appeals" => appeals,
            _ => awaiting.Concat(appeals),
        };
        var all = cases.ToList();
        var references = await ComplaintReference.OfAsync(store, all, cancellationToken).ConfigureAwait(false);
        var rows = all.Select(c => new Row(c, ComplaintReference.Of(references, c.Id), c.NextDeadline?.DueAt)).ToList();
        var categories = rows.Select(r => r.Complaint.State.Category.Code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            rows = [.. rows.Where(r => r.Reference.Contains(term, StringComparison.OrdinalIgnoreCase)
                || r.Complaint.State.Listings.Any(l => l.Value.Contains(term, StringComparison.OrdinalIgnoreCase))
                || r.Complaint.State.Category.Code.Contains(term, StringComparison.OrdinalIgnoreCase))];
        }
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            rows = [.. rows.Where(r => r.Complaint.State.Category.Code == query.Category)];
        }
        // Deadlines are in Beijing time like the rules: "today" ends at 24:00 Beijing time.
        var endOfToday = BeijingTime.EndOf(BeijingTime.DateOf(now));
        rows = query.Due switch
        {
            "overdue" => [.. rows.Where(r => r.DueAt is { } d && d <= now)],
            "today" => [.. rows.Where(r => r.DueAt is { } d && d <= endOfToday)],
            "week" => [.. rows.Where(r => r.DueAt is { } d && d <= endOfToday + Duration.FromDays(6))],
            _ => rows,
        };
        Func<Row, long> key = query.Sort == "filed"
            ? r => r.Complaint.State.FiledAt.ToUnixTimeTicks()
            : r => (r.DueAt ?? Instant.MaxValue).ToUnixTimeTicks();
        var (page, next) = Keyset.Page(rows, key, r => r.Complaint.Id.ToString(), query.After, query.Size);
        var total = rows.Count;
        return new Result(page, total, next, awaiting.Count, appeals.Count, categories);
    }

    private async Task<(IReadOnlyList<Complaint> Awaiting, IReadOnlyList<Complaint> Appeals)> ListAsync(CancellationToken cancellationToken) =>
        await store.InSessionAsync(async s => (
            await s.Complaints.ListByStatusAsync(ComplaintStatus.AwaitingAcceptance, Limit, cancellationToken).ConfigureAwait(false),
            await s.Complaints.ListByStatusAsync(ComplaintStatus.AppealPending, Limit, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
}
