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
    private static readonly Actor Reviewer = Actor.Reviewer("rev-1");
    private static readonly Category Apparel = Category.Of("apparel");

    /// <summary>An owner with one certified picture and an accused seller, saved.</summary>
    private async Task<(Domain.Members.Member Owner, Domain.Members.Member Respondent, Domain.Filings.Filing Picture)> SaveOwnerAndRespondentAsync()
    {
        var owner = Build.Member(Start - Duration.FromDays(30));
        var respondent = Build.Member(Start - Duration.FromDays(30));
        var folder = Build.Folder(owner, Start - Duration.FromDays(30));
        var picture = Build.Filing(owner, folder, Start - Duration.FromDays(20));
        await InSessionAsync(async s =>
        {
            await s.Members.SaveAsync(owner);
            await s.Members.SaveAsync(respondent);
            await s.Folders.SaveAsync(folder);
            await s.Filings.SaveAsync(picture);
        });
        return (owner, respondent, picture);
    }

    [Fact]
    public async Task A_filed_complaint_round_trips_and_its_acceptance_deadline_is_stored_with_it()
    {
        var (owner, respondent, picture) = await SaveOwnerAndRespondentAsync();
        var complaint = Complaint.File(ComplaintId.New(), owner, respondent.Id, Apparel, [picture],
            [ListingRef.Of("https://market.example/item/1")], "copied main picture", WorkingDayCalendar.WeekendsOnly, Start).GetValueOrThrow();

        await InSessionAsync(s => s.Complaints.SaveAsync(complaint));

        var loaded = await InSessionAsync(s => s.Complaints.GetAsync(complaint.Id));
        Assert.Equal(complaint.State.Listings, loaded!.State.Listings);
        Assert.Equal(complaint.State with { Pictures = loaded.State.Pictures, Listings = loaded.State.Listings, Appeals = loaded.State.Appeals }, loaded.State);
        Assert.Equal([complaint.Id], (await InSessionAsync(s => s.Complaints.ListByComplainantAsync(owner.Id))).Select(c => c.Id));
        Assert.Equal([complaint.Id], (await InSessionAsync(s => s.Complaints.ListByRespondentAsync(respondent.Id))).Select(c => c.Id));
        var job = Assert.Single(await InSessionAsync(s => s.Deadlines.ForSubjectAsync(complaint.Id.ToString())));
        Assert.Equal(DeadlineKind.ComplaintAcceptanceDue, job.Kind);
        Assert.Equal(complaint.State.AcceptanceDueAt, job.DueAt);
    }

    [Fact]
    public async Task A_ledger_round_trips_and_schedules_the_end_of_its_restriction_which_the_worker_records_once()
    {
        var member = Build.Member(Start);
        await InSessionAsync(s => s.Members.SaveAsync(member));
        var ledger = PenaltyLedger.Open(member.Id);
        ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), PenaltyPolicy.P003, OffenceSeverity.Ordinary, Reviewer, Start);
        var decision = ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), PenaltyPolicy.P003, OffenceSeverity.Ordinary, Reviewer, Start + Duration.FromDays(6));
        var restriction = decision.Sanction!;
        await InSessionAsync(s => s.PenaltyLedgers.SaveAsync(ledger));

        var loaded = await InSessionAsync(s => s.PenaltyLedgers.GetAsync(member.Id));
        var jobs = await InSessionAsync(s => s.Deadlines.ForSubjectAsync(member.Id.ToString()));
        Clock.Reset(restriction.EndsAt!.Value);
        var worker = new DeadlineWorker(Store, StandardDeadlineHandlers.All, new DeadlineWorkerOptions { WorkerId = "w" });
        var first = await worker.RunDueAsync();
        var second = await worker.RunDueAsync();

        Assert.Equal(6, loaded!.PointsAt(Start + Duration.FromDays(6)));
        Assert.Equal(ledger.State.Penalties, loaded.State.Penalties);
        Assert.Equal([DeadlineKind.SanctionEnding, DeadlineKind.YearEndReset], jobs.Select(j => j.Kind));
        var job = jobs[0];
        Assert.Equal(restriction.EndsAt, job.DueAt);
        Assert.Equal(restriction.Id.ToString(), job.Payload);
        Assert.Equal("2026", jobs[1].Payload);
        Assert.Equal(1, first.Completed);
        Assert.Equal(0, second.Claimed);
        var ended = await InSessionAsync(s => s.PenaltyLedgers.GetAsync(member.Id));
        Assert.True(ended!.State.Sanctions.Single(x => x.Id == restriction.Id).EndRecorded);
        var events = await new OutboxReader(Store, "r").ClaimAsync(10, Duration.FromMinutes(1));
        Assert.Equal(["sanction.ended"], events.Select(e => e.Topic));
        Assert.Equal(StandardDeadlineHandlers.EventIdFor(job.Id), events[0].EventId);
    }

    [Fact]
    public async Task Revoking_the_penalty_that_imposed_a_restriction_cancels_the_restrictions_end()
    {
        var member = Build.Member(Start);
        await InSessionAsync(s => s.Members.SaveAsync(member));
        var ledger = PenaltyLedger.Open(member.Id);
        ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), PenaltyPolicy.P003, OffenceSeverity.Ordinary, Reviewer, Start);
        var decision = ledger.RecordEstablished(PenaltyId.New(), ComplaintId.New(), PenaltyPolicy.P003, OffenceSeverity.Ordinary, Reviewer, Start + Duration.FromDays(6));
        await InSessionAsync(s => s.PenaltyLedgers.SaveAsync(ledger));

        await InSessionAsync(async s =>
        {
            var stored = (await s.PenaltyLedgers.GetAsync(member.Id))!;
            Assert.True(stored.Revoke(decision.Penalty.Id, Reviewer, "appeal upheld", Start + Duration.FromDays(7)).Succeeded);
            await s.PenaltyLedgers.SaveAsync(stored);
        });
        Clock.Reset(decision.Sanction!.EndsAt!.Value);
        var run = await new DeadlineWorker(Store, StandardDeadlineHandlers.All, new DeadlineWorkerOptions { WorkerId = "w" }).RunDueAsync();

        var jobs = await InSessionAsync(s => s.Deadlines.ForSubjectAsync(member.Id.ToString()));
        var end = jobs.Single(j => j.Kind == DeadlineKind.SanctionEnding);
        Assert.Equal(DeadlineState.Cancelled, end.State);
        Assert.Equal(0, run.Claimed);
        var reloaded = (await InSessionAsync(s => s.PenaltyLedgers.GetAsync(member.Id)))!;
        Assert.NotNull(reloaded.State.Sanctions.Single(x => x.Id == decision.Sanction.Id).LiftedAt);
        Assert.Equal(0, reloaded.PointsAt(Start + Duration.FromDays(7)));
    }

    [Fact]
    public async Task An_undecided_complaint_raises_one_acceptance_overdue_event_at_its_deadline()
    {
        var (owner, respondent, picture) = await SaveOwnerAndRespondentAsync();
        var complaint = Complaint.File(ComplaintId.New(), owner, respondent.Id, Apparel, [picture],
            [ListingRef.Of("item-7")], null, WorkingDayCalendar.WeekendsOnly, Start).GetValueOrThrow();
        await InSessionAsync(s => s.Complaints.SaveAsync(complaint));
        var worker = new DeadlineWorker(Store, StandardDeadlineHandlers.All, new DeadlineWorkerOptions { WorkerId = "w" });

        Clock.Reset(complaint.State.AcceptanceDueAt);
        var run = await worker.RunDueAsync();

        Assert.Equal(1, run.Completed);
        var events = await new OutboxReader(Store, "r").ClaimAsync(10, Duration.FromMinutes(1));
        var overdue = Assert.Single(events);
        Assert.Equal("complaint.acceptance-overdue", overdue.Topic);
        Assert.Equal(complaint.Id.ToString(), overdue.SubjectId);
        Assert.DoesNotContain(owner.Id.ToString(), overdue.Payload);
        Assert.Equal(ComplaintStatus.AwaitingAcceptance, (await InSessionAsync(s => s.Complaints.GetAsync(complaint.Id)))!.Status);
    }
}
