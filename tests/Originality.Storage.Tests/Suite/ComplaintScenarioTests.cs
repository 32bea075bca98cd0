using NodaTime;
using Originality.Domain;
using Originality.Domain.Complaints;
using Originality.Domain.Penalties;
using Originality.Domain.Time;
using Originality.Storage.Deadlines;
using Originality.Storage.Outbox;

namespace Originality.Storage.Tests.Suite;

public abstract partial class StorageSuite
{
    /// <summary>
    /// One complaint from filing to final decision, every step in its own session as the server
    /// would run it: filed, established, appealed, appeal not upheld, second window left to close,
    /// closed by the deadline worker (penalty stands), and the points cleared at year end.
    /// </summary>
    [Fact]
    public async Task A_complaint_walks_from_filing_to_final_decision_through_storage()
    {
        const string calendarJson = """{ "timeZone": "Asia/Shanghai", "holidays": ["2026-03-06"], "makeUpWorkingDays": ["2026-03-07"] }""";
        await InSessionAsync(s => s.Settings.SaveCalendarAsync(calendarJson, Actor.Operator("op-1")));
        var (owner, respondent, picture) = await SaveOwnerAndRespondentAsync();
        var complaintId = ComplaintId.New();
        var worker = new DeadlineWorker(Store, StandardDeadlineHandlers.All, new DeadlineWorkerOptions { WorkerId = "scenario" });

        // C-1: filed on Monday.
        await InSessionAsync(async s =>
        {
            var calendar = (await s.Settings.GetCalendarAsync())!;
            var complainant = (await s.Members.GetAsync(owner.Id))!;
            var pictures = new[] { (await s.Filings.GetAsync(picture.Id))! };
            var complaint = Complaint.File(complaintId, complainant, respondent.Id, Apparel, pictures,
                [ListingRef.Of("item-42")], "main picture copied", calendar, Clock.GetCurrentInstant()).GetValueOrThrow();
            await s.Complaints.SaveAsync(complaint);
        });

        // C-3/C-4: established on Tuesday; the product is removed and the penalty recorded.
        Clock.Advance(Duration.FromDays(1));
        await InSessionAsync(async s =>
        {
            var now = Clock.GetCurrentInstant();
            var complaint = (await s.Complaints.GetAsync(complaintId))!;
            var ledger = await s.PenaltyLedgers.GetOrOpenAsync(respondent.Id);
            var policy = (await s.Settings.GetPolicyScheduleAsync()).PolicyFor(respondent.State.Marketplace, now);
            var pictures = new[] { (await s.Filings.GetAsync(picture.Id))! };
            var authorizations = await s.Authorizations.ListForGranteeAsync(respondent.Id);
            Assert.True(complaint.Establish(Reviewer, "identical picture", OffenceSeverity.Ordinary, pictures, authorizations, ledger, policy,
                (await s.Settings.GetCalendarAsync())!, now).Succeeded);
            await s.Complaints.SaveAsync(complaint);
            await s.PenaltyLedgers.SaveAsync(ledger);
        });

        // the respondent appeals on Wednesday.
        Clock.Advance(Duration.FromDays(1));
        await InSessionAsync(async s =>
        {
            var complaint = (await s.Complaints.GetAsync(complaintId))!;
            Assert.True(complaint.Appeal(respondent.Id, "we shot it ourselves", (await s.Settings.GetCalendarAsync())!, Clock.GetCurrentInstant()).Succeeded);
            await s.Complaints.SaveAsync(complaint);
        });

        // the first appeal is not upheld on Thursday; a second window opens.
        Clock.Advance(Duration.FromDays(1));
        var secondWindow = await InSessionAsync(async s =>
        {
            var complaint = (await s.Complaints.GetAsync(complaintId))!;
            var ledger = await s.PenaltyLedgers.GetOrOpenAsync(respondent.Id);
            Assert.True(complaint.DecideAppeal(Reviewer, false, "no shoot files", ledger, (await s.Settings.GetCalendarAsync())!, Clock.GetCurrentInstant()).Succeeded);
            await s.Complaints.SaveAsync(complaint);
            await s.PenaltyLedgers.SaveAsync(ledger);
            return complaint.State.AppealWindowClosesAt!.Value;
        });

        // Nothing is due one tick before the second window closes …
        Clock.Reset(secondWindow - Duration.Epsilon);
        var early = await worker.RunDueAsync();
        // … R-3: at the instant it closes, the worker closes it and the penalty stands.
        Clock.Reset(secondWindow);
        var closing = await worker.RunDueAsync();
        // P-4: the points year ends at midnight Beijing time on 31 December.
        Clock.Reset(BeijingTime.EndOfYear(2026));
        var yearEnd = await worker.RunDueAsync();
        var again = await worker.RunDueAsync();

        Assert.Equal(0, early.Claimed);
        Assert.Equal(1, closing.Completed);
        Assert.Equal(1, yearEnd.Completed);
        Assert.Equal(0, again.Claimed);
        var final = (await InSessionAsync(s => s.Complaints.GetAsync(complaintId)))!;
        Assert.Equal(ComplaintStatus.PenaltyStands, final.Status);
        Assert.True(final.IsFinal);
        Assert.Equal(secondWindow, final.State.ClosedAt);
        var ledgerAfter = (await InSessionAsync(s => s.PenaltyLedgers.GetAsync(respondent.Id)))!;
        Assert.Contains(2026, ledgerAfter.State.ResetYears);
        var trail = await InSessionAsync(s => s.Audit.ForSubjectAsync("complaint", complaintId.ToString()));
        Assert.Equal("complaint.filed", trail[0].Entry.Action);
        Assert.Contains(trail, t => t.Entry.Action == "complaint.established");
        Assert.Equal(StandardDeadlineHandlers.Actor, trail[^1].Entry.Actor);
        Assert.Equal(secondWindow, trail[^1].Entry.At);
        var jobs = await InSessionAsync(s => s.Deadlines.ForSubjectAsync(complaintId.ToString()));
        Assert.Equal(
            [
                (DeadlineKind.ComplaintAcceptanceDue, DeadlineState.Cancelled),
                (DeadlineKind.AppealWindowClosing, DeadlineState.Cancelled),
                (DeadlineKind.AppealDecisionDue, DeadlineState.Cancelled),
                (DeadlineKind.AppealWindowClosing, DeadlineState.Done),
            ],
            jobs.OrderBy(j => j.Id).Select(j => (j.Kind, j.State)));
        var events = await new OutboxReader(Store, "webhooks").ClaimAsync(10, Duration.FromMinutes(1));
        Assert.Equal(["complaint.appeal-window-closed", "penalty.year-reset"], events.Select(e => e.Topic));
    }
}
