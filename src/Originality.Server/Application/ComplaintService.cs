using System.Text.Json;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Complaints;
using Originality.Domain.Filings;
using Originality.Domain.Penalties;
using Originality.Domain.Time;
using Originality.Storage;
using Originality.Storage.Deadlines;

namespace Originality.Server.Application;

/// <summary>The result of a complaint operation: the complaint, a refusal by a rule, or not found.</summary>
public sealed record ComplaintResult(Complaint? Complaint, Refusal? Refusal = null, string? Detail = null, bool NotFound = false, Dictionary<string, string[]>? Errors = null)
{
    public static ComplaintResult Missing { get; } = new(null, NotFound: true);
}

/// <summary>
/// Complaints, acceptance, appeals, withdrawal and decisions (C-, R-): loads what the rulebook
/// needs, calls it, and saves the complaint, the respondent's ledger, their deadlines and the
/// outbox events in one transaction. Events name the respondent, never the complainant (C-2).
/// </summary>
public sealed class ComplaintService(OriginalityStore store, ListingStore listings, IClock clock)
{
    public sealed record FileRequest(string[]? Pictures, string[]? Listings, string? Description, string? NoticeId);

    public sealed record AcceptanceRequest(string? Decision, string? Reason, string? Severity);

    public sealed record AppealRequest(string? Statement);

    public sealed record AppealDecisionRequest(bool? Upheld, string? Reason);

    public sealed record WithdrawalRequest(string? Reason);

    public async Task<ComplaintResult> FileAsync(MemberId complainantId, FileRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var pictureIds = new List<FilingId>();
        var listingRefs = new List<string>();
        if (!string.IsNullOrWhiteSpace(request.NoticeId))
        {
            var notice = await listings.GetMatchAsync(request.NoticeId, cancellationToken).ConfigureAwait(false);
            if (notice is null || notice.OwnerId != complainantId)
            {
                return ComplaintResult.Missing;
            }
            pictureIds.Add(new FilingId(Guid.Parse(notice.FilingId)));
            listingRefs.Add((await listings.GetAsync(notice.ListingId, cancellationToken).ConfigureAwait(false))!.ExternalId);
        }
        foreach (var p in request.Pictures ?? [])
        {
            if (Guid.TryParse(p, out var g))
            {
                pictureIds.Add(new FilingId(g));
            }
            else
            {
                errors["pictures"] = [$"'{p}' is not a filing id."];
            }
        }
        listingRefs.AddRange((request.Listings ?? []).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()));
        listingRefs = [.. listingRefs.Distinct(StringComparer.Ordinal)];

        // The respondent is the seller of the listings, found from the marketplace's listing ids.
        var found = new List<ListingRecord>();
        foreach (var reference in listingRefs)
        {
            var matching = await listings.ListByExternalIdAsync(reference, cancellationToken).ConfigureAwait(false);
            var listing = matching.Count > 0 ? matching[^1] : null;
            if (listing is null)
            {
                errors["listings"] = [$"No published listing has the id '{reference}'."];
            }
            else
            {
                found.Add(listing);
            }
        }
        if (found.Select(l => l.SellerId).Distinct().Count() > 1)
        {
            errors["listings"] = ["One complaint names listings of one seller; file one complaint per seller."];
        }
        if (errors.Count > 0)
        {
            return new ComplaintResult(null, Errors: errors);
        }

        var now = clock.GetCurrentInstant();
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var complainant = await session.Members.GetAsync(complainantId, cancellationToken).ConfigureAwait(false);
            if (complainant is null)
            {
                return ComplaintResult.Missing;
            }
            var pictures = new List<Filing>();
            foreach (var id in pictureIds.Distinct())
            {
                var filing = await session.Filings.GetAsync(id, cancellationToken).ConfigureAwait(false);
                if (filing is null || filing.Owner != complainantId)
                {
                    // Someone else's filing is "not found" to this member, as everywhere else.
                    return new ComplaintResult(null, Errors: new() { ["pictures"] = [$"No filing of yours has the id '{id}'."] });
                }
                pictures.Add(filing);
            }
            var respondent = found.Count > 0 ? found[0].SellerId : complainantId;
            var category = found.Count > 0 ? Category.Of(found[0].Category) : (complainant.State.Categories.Count > 0 ? complainant.State.Categories[0] : Category.Of("general"));
            var calendar = await CalendarAsync(session, cancellationToken).ConfigureAwait(false);
            // Read under the complainant's row lock (PostgreSQL) or the write lock (SQLite): two
            // clicks at once see each other, so only one complaint per listing and picture is open.
            var earlier = await session.Complaints.ListByComplainantAsync(complainantId, cancellationToken).ConfigureAwait(false);
            var filed = Complaint.File(ComplaintId.New(), complainant, respondent, category, pictures,
                [.. listingRefs.Select(ListingRef.Of)], request.Description, calendar, now, earlier);
            if (!filed.Succeeded)
            {
                return new ComplaintResult(null, filed.Refusal, filed.Detail);
            }
            var complaint = filed.Value!;
            await SaveAsync(session, complaint, "complaint.filed", cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ComplaintResult(complaint);
        }
    }

    public Task<ComplaintResult> DecideAcceptanceAsync(string id, Actor reviewer, AcceptanceRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var establish = string.Equals(request.Decision, "establish", StringComparison.OrdinalIgnoreCase);
        if (!establish && !string.Equals(request.Decision, "reject", StringComparison.OrdinalIgnoreCase))
        {
            errors["decision"] = ["The decision is 'establish' or 'reject'."];
        }
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors["reason"] = ["A reason is required."];
        }
        var severity = OffenceSeverity.Ordinary;
        if (request.Severity is not null && !Enum.TryParse(request.Severity, ignoreCase: true, out severity))
        {
            errors["severity"] = ["The severity is one of: " + string.Join(", ", Enum.GetNames<OffenceSeverity>()) + "."];
        }
        if (errors.Count > 0)
        {
            return Task.FromResult(new ComplaintResult(null, Errors: errors));
        }
        return ChangeAsync(id, async (session, complaint, now) =>
        {
            if (!establish)
            {
                return (complaint.Reject(reviewer, request.Reason!, now), "complaint.rejected");
            }
            var pictures = new List<Filing>();
            foreach (var p in complaint.State.Pictures)
            {
                pictures.Add((await session.Filings.GetAsync(p, cancellationToken).ConfigureAwait(false))!);
            }
            var authorizations = await session.Authorizations.ListForGranteeAsync(complaint.State.Respondent, cancellationToken).ConfigureAwait(false);
            var ledger = await session.PenaltyLedgers.GetOrOpenAsync(complaint.State.Respondent, cancellationToken).ConfigureAwait(false);
            var respondent = await session.Members.GetAsync(complaint.State.Respondent, cancellationToken).ConfigureAwait(false);
            var schedule = await session.Settings.GetPolicyScheduleAsync(cancellationToken).ConfigureAwait(false);
            var policy = schedule.PolicyFor(respondent?.State.Marketplace ?? MarketplaceId.Default, now);
            var calendar = await CalendarAsync(session, cancellationToken).ConfigureAwait(false);
            var sanctionsBefore = ledger.State.Sanctions.Count;
            var outcome = complaint.Establish(reviewer, request.Reason!, severity, pictures, authorizations, ledger, policy, calendar, now);
            if (outcome.Succeeded)
            {
                await SaveLedgerAsync(session, ledger, sanctionsBefore, cancellationToken).ConfigureAwait(false);
            }
            return (outcome, "complaint.accepted");
        }, cancellationToken);
    }

    public Task<ComplaintResult> AppealAsync(string id, MemberId respondent, AppealRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Statement))
        {
            return Task.FromResult(new ComplaintResult(null, Errors: new() { ["statement"] = ["The appeal needs a statement."] }));
        }
        return ChangeAsync(id, async (session, complaint, now) =>
            (complaint.Appeal(respondent, request.Statement!, await CalendarAsync(session, cancellationToken).ConfigureAwait(false), now), "appeal.filed"),
            cancellationToken);
    }

    public Task<ComplaintResult> DecideAppealAsync(string id, Actor reviewer, AppealDecisionRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Upheld is null)
        {
            errors["upheld"] = ["Say whether the appeal is upheld (true) or not (false)."];
        }
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors["reason"] = ["A reason is required."];
        }
        if (errors.Count > 0)
        {
            return Task.FromResult(new ComplaintResult(null, Errors: errors));
        }
        return ChangeAsync(id, async (session, complaint, now) =>
        {
            var ledger = await session.PenaltyLedgers.GetOrOpenAsync(complaint.State.Respondent, cancellationToken).ConfigureAwait(false);
            var sanctionsBefore = ledger.State.Sanctions.Count;
            var outcome = complaint.DecideAppeal(reviewer, request.Upheld!.Value, request.Reason!, ledger,
                await CalendarAsync(session, cancellationToken).ConfigureAwait(false), now);
            if (outcome.Succeeded)
            {
                await SaveLedgerAsync(session, ledger, sanctionsBefore, cancellationToken).ConfigureAwait(false);
            }
            return (outcome, request.Upheld!.Value ? "appeal.upheld" : "appeal.rejected");
        }, cancellationToken);
    }

    public Task<ComplaintResult> WithdrawAsync(string id, MemberId complainant, WithdrawalRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(id, async (session, complaint, now) =>
        {
            var ledger = await session.PenaltyLedgers.GetOrOpenAsync(complaint.State.Respondent, cancellationToken).ConfigureAwait(false);
            var outcome = complaint.Withdraw(complainant, request.Reason, ledger, now);
            if (outcome.Succeeded)
            {
                await SaveLedgerAsync(session, ledger, ledger.State.Sanctions.Count, cancellationToken).ConfigureAwait(false);
            }
            return (outcome, "complaint.withdrawn");
        }, cancellationToken);

    /// <summary>The deadline worker closes an appeal window whose time has come, inside the job's own transaction.</summary>
    public Task<ComplaintResult> CloseAppealWindowAsync(StorageSession session, string id, CancellationToken cancellationToken) =>
        ChangeInSessionAsync(session, id, (s, complaint, now) =>
            Task.FromResult((complaint.CloseAppealWindow(Actor.System("deadlines"), now), "appeal-window.closed")), cancellationToken);

    public async Task<Complaint?> GetAsync(string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var g)
            ? await store.InSessionAsync(s => s.Complaints.GetAsync(new ComplaintId(g), cancellationToken), cancellationToken).ConfigureAwait(false)
            : null;

    private async Task<ComplaintResult> ChangeAsync(
        string id, Func<StorageSession, Complaint, Instant, Task<(Outcome Outcome, string Topic)>> change, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return ComplaintResult.Missing;
        }
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var result = await ChangeInSessionAsync(session, id, change, cancellationToken).ConfigureAwait(false);
            if (result.Complaint is not null && result.Refusal is null)
            {
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            return result;
        }
    }

    private async Task<ComplaintResult> ChangeInSessionAsync(
        StorageSession session, string id, Func<StorageSession, Complaint, Instant, Task<(Outcome Outcome, string Topic)>> change, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return ComplaintResult.Missing;
        }
        var complaint = await session.Complaints.GetAsync(new ComplaintId(guid), cancellationToken).ConfigureAwait(false);
        if (complaint is null)
        {
            return ComplaintResult.Missing;
        }
        var (outcome, topic) = await change(session, complaint, clock.GetCurrentInstant()).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            return new ComplaintResult(complaint, outcome.Refusal, outcome.Detail);
        }
        await SaveAsync(session, complaint, topic, cancellationToken).ConfigureAwait(false);
        return new ComplaintResult(complaint);
    }

    private static async Task SaveAsync(StorageSession session, Complaint complaint, string topic, CancellationToken cancellationToken)
    {
        await session.Complaints.SaveAsync(complaint, cancellationToken).ConfigureAwait(false);
        var subject = complaint.Id.ToString();
        foreach (var kind in new[] { DeadlineKind.ComplaintAcceptanceDue, DeadlineKind.AppealWindowClosing, DeadlineKind.AppealDecisionDue })
        {
            await session.Deadlines.CancelAsync(kind, subject, cancellationToken).ConfigureAwait(false);
        }
        if (complaint.NextDeadline is { } next)
        {
            var kind = next.Kind switch
            {
                ComplaintDeadlineKind.AcceptanceDue => DeadlineKind.ComplaintAcceptanceDue,
                ComplaintDeadlineKind.AppealWindowCloses => DeadlineKind.AppealWindowClosing,
                _ => DeadlineKind.AppealDecisionDue,
            };
            await session.Deadlines.ScheduleAsync(kind, subject, next.DueAt, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        // C-2: the respondent may receive these events through the marketplace; the complainant is not in them.
        await session.Outbox.EnqueueAsync(topic, JsonSerializer.Serialize(new
        {
            complaintId = subject,
            respondentId = complaint.State.Respondent.ToString(),
            status = complaint.Status.ToString(),
        }), subject, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task SaveLedgerAsync(StorageSession session, PenaltyLedger ledger, int sanctionsBefore, CancellationToken cancellationToken)
    {
        await session.PenaltyLedgers.SaveAsync(ledger, cancellationToken).ConfigureAwait(false);
        var member = ledger.Member.ToString();
        foreach (var deadline in ledger.PendingDeadlines())
        {
            var (kind, payload) = deadline.Kind == LedgerDeadlineKind.SanctionEnds
                ? (DeadlineKind.SanctionEnding, deadline.Sanction!.Value.ToString())
                : (DeadlineKind.YearEndReset, deadline.Year!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await session.Deadlines.ScheduleAsync(kind, member, deadline.DueAt, payload, cancellationToken).ConfigureAwait(false);
        }
        foreach (var sanction in ledger.State.Sanctions.Skip(sanctionsBefore))
        {
            await session.Outbox.EnqueueAsync("sanction.started", JsonSerializer.Serialize(new
            {
                memberId = member,
                sanctionId = sanction.Id.ToString(),
                kind = sanction.Kind.ToString(),
                startsAt = sanction.StartsAt.ToString(),
                endsAt = sanction.EndsAt?.ToString(),
            }), member, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<WorkingDayCalendar> CalendarAsync(StorageSession session, CancellationToken cancellationToken) =>
        await session.Settings.GetCalendarAsync(cancellationToken).ConfigureAwait(false) ?? WorkingDayCalendar.WeekendsOnly;
}
