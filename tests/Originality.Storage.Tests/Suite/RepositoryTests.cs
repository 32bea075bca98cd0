using System.Data.Common;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Authorizations;
using Originality.Domain.Filings;
using Originality.Domain.Members;
using Originality.Domain.Penalties;

namespace Originality.Storage.Tests.Suite;

public abstract partial class StorageSuite
{
    [Fact]
    public async Task A_member_round_trips_and_is_found_by_nickname_and_store_id()
    {
        var member = Build.Member(Start);

        await InSessionAsync(s => s.Members.SaveAsync(member));

        var byId = await InSessionAsync(s => s.Members.GetAsync(member.Id));
        var byNickname = await InSessionAsync(s => s.Members.FindByNicknameAsync(member.Nickname));
        var byStore = await InSessionAsync(s => s.Members.FindByStoreIdAsync(member.State.StoreId));
        Assert.Equal(member.State.Categories, byId!.State.Categories);
        Assert.Equal(member.State with { Categories = byId.State.Categories }, byId.State);
        Assert.Equal(member.Id, byNickname!.Id);
        Assert.Equal(member.Id, byStore!.Id);
        Assert.Empty(member.PendingAudit);
    }

    [Fact]
    public async Task A_members_notifications_are_read_up_to_the_latest_instant_marked_and_never_back()
    {
        var member = Build.Member(Start);
        var other = Build.Member(Start, nickname: "other");
        await InSessionAsync(s => s.Members.SaveAsync(member));
        Assert.Null(await InSessionAsync(s => s.Members.GetNotificationsReadUntilAsync(member.Id)));

        await InSessionAsync(s => s.Members.MarkNotificationsReadAsync(member.Id, Start + Duration.FromHours(2)));
        await InSessionAsync(s => s.Members.MarkNotificationsReadAsync(member.Id, Start + Duration.FromHours(1)));
        Assert.Equal(Start + Duration.FromHours(2), await InSessionAsync(s => s.Members.GetNotificationsReadUntilAsync(member.Id)));

        await InSessionAsync(s => s.Members.MarkNotificationsReadAsync(member.Id, Start + Duration.FromHours(3)));
        Assert.Equal(Start + Duration.FromHours(3), await InSessionAsync(s => s.Members.GetNotificationsReadUntilAsync(member.Id)));
        Assert.Null(await InSessionAsync(s => s.Members.GetNotificationsReadUntilAsync(other.Id)));
    }

    [Fact]
    public async Task Two_members_cannot_share_a_nickname()
    {
        var first = Build.Member(Start, nickname: "twin");
        var second = Build.Member(Start, nickname: "twin");
        await InSessionAsync(s => s.Members.SaveAsync(first));

        await Assert.ThrowsAnyAsync<DbException>(() => InSessionAsync(s => s.Members.SaveAsync(second)));
    }

    [Fact]
    public async Task Ending_the_service_of_a_member_is_persisted()
    {
        var member = Build.Member(Start);
        var folder = Build.Folder(member, Start);
        var filing = Build.Filing(member, folder, Start);
        await InSessionAsync(async s =>
        {
            await s.Members.SaveAsync(member);
            await s.Folders.SaveAsync(folder);
            await s.Filings.SaveAsync(filing);
        });
        var later = Start + Duration.FromDays(10);
        var feedPosition = (await InSessionAsync(s => s.Filings.ReadSinceAsync(0, 10))).Max(f => f.Sequence);

        await InSessionAsync(async s =>
        {
            var m = (await s.Members.GetAsync(member.Id))!;
            var filings = await s.Filings.ListByOwnerAsync(member.Id);
            Assert.True(ProtectionCancellation.Apply(m, filings, filing.Id, Actor.Reviewer("rev-1"), "copied", later).Succeeded);
            await s.Members.SaveAsync(m);
            foreach (var f in filings)
            {
                await s.Filings.SaveAsync(f);
            }
        });

        var reloaded = await InSessionAsync(s => s.Members.GetAsync(member.Id));
        var reloadedFiling = await InSessionAsync(s => s.Filings.GetAsync(filing.Id));
        Assert.True(reloaded!.ServiceEnded);
        Assert.Equal(filing.Id, reloaded.State.ServiceEndedForFiling);
        Assert.Equal(FilingStatus.ProtectionCancelled, reloadedFiling!.Status);
        Assert.Equal(later, reloadedFiling.State.ProtectionCancelledAt);
        var changes = await InSessionAsync(s => s.Filings.ReadSinceAsync(feedPosition, 10));
        Assert.Equal(FilingStatus.ProtectionCancelled, Assert.Single(changes).Filing.Status);
    }

    [Fact]
    public async Task A_folder_round_trips_and_its_name_is_unique_per_owner_ignoring_case()
    {
        var member = Build.Member(Start);
        var folder = Build.Folder(member, Start, "Spring shoot");
        var clash = Build.Folder(member, Start, "SPRING SHOOT");
        await InSessionAsync(async s =>
        {
            await s.Members.SaveAsync(member);
            await s.Folders.SaveAsync(folder);
        });

        var loaded = await InSessionAsync(s => s.Folders.GetAsync(folder.Id));
        var listed = await InSessionAsync(s => s.Folders.ListByOwnerAsync(member.Id));
        Assert.Equal(folder.State, loaded!.State);
        Assert.Equal([folder.Id], listed.Select(f => f.Id));
        await Assert.ThrowsAnyAsync<DbException>(() => InSessionAsync(s => s.Folders.SaveAsync(clash)));
    }

    [Fact]
    public async Task A_filing_round_trips_with_its_hash_fingerprint_and_review_outcome()
    {
        var owner = Build.Member(Start);
        var copier = Build.Member(Start);
        var folder = Build.Folder(owner, Start);
        var copierFolder = Build.Folder(copier, Start);
        var original = Build.Filing(owner, folder, Start);
        var later = Start + Duration.FromHours(1);
        var prior = new PriorPictureMatch(PriorPictureSource.Filing, original.Id.ToString(), owner.Id, Start, 12);
        var copy = Build.Filing(copier, copierFolder, later, new MachineReview([prior]));
        await InSessionAsync(async s =>
        {
            await s.Members.SaveAsync(owner);
            await s.Members.SaveAsync(copier);
            await s.Folders.SaveAsync(folder);
            await s.Folders.SaveAsync(copierFolder);
            await s.Filings.SaveAsync(original);
            await s.Filings.SaveAsync(copy);
        });

        var loaded = await InSessionAsync(s => s.Filings.GetAsync(copy.Id));
        var bySha = await InSessionAsync(s => s.Filings.ListBySha256Async(original.State.Evidence.ContentSha256));
        var feed = await InSessionAsync(s => s.Filings.ReadSinceAsync(0, 10));
        Assert.Equal(copy.State, loaded!.State);
        Assert.Equal(FilingStatus.NotOriginal, loaded.Status);
        Assert.Equal(original.State.Evidence.CanonicalText(), bySha.Single().State.Evidence.CanonicalText());
        Assert.Equal([original.Id, copy.Id], feed.Select(f => f.Filing.Id));
        var audit = await InSessionAsync(s => s.Audit.ForSubjectAsync("filing", copy.Id.ToString()));
        Assert.Equal(["filing.filed", "filing.not-original"], audit.Select(a => a.Entry.Action));
    }

    [Fact]
    public async Task An_authorization_and_its_revocation_round_trip()
    {
        var owner = Build.Member(Start);
        var grantee = Build.Member(Start);
        var folder = Build.Folder(owner, Start);
        var picture = Build.Filing(owner, folder, Start);
        var apparel = Category.Of("apparel");
        var authorization = Authorization.Grant(AuthorizationId.New(), owner, grantee.Nickname, grantee, apparel, [picture], Start).GetValueOrThrow();
        await InSessionAsync(async s =>
        {
            await s.Members.SaveAsync(owner);
            await s.Members.SaveAsync(grantee);
            await s.Folders.SaveAsync(folder);
            await s.Filings.SaveAsync(picture);
            await s.Authorizations.SaveAsync(authorization);
        });
        var revokedAt = Start + Duration.FromDays(3);

        await InSessionAsync(async s =>
        {
            var a = (await s.Authorizations.GetAsync(authorization.Id))!;
            Assert.True(a.Revoke(owner.Id, revokedAt).Succeeded);
            await s.Authorizations.SaveAsync(a);
        });

        var forGrantee = await InSessionAsync(s => s.Authorizations.ListForGranteeAsync(grantee.Id));
        var byGrantor = await InSessionAsync(s => s.Authorizations.ListByGrantorAsync(owner.Id));
        var stored = Assert.Single(forGrantee);
        Assert.Equal(revokedAt, stored.State.RevokedAt);
        Assert.Equal([picture.Id], stored.State.Pictures);
        Assert.Equal(authorization.Id, Assert.Single(byGrantor).Id);
        Assert.Equal(UseVerdict.Authorized, PictureUse.Decide(grantee.Id, picture, apparel, revokedAt - Duration.FromSeconds(1), forGrantee));
        Assert.Equal(UseVerdict.Unauthorized, PictureUse.Decide(grantee.Id, picture, apparel, revokedAt, forGrantee));
    }

    [Fact]
    public async Task The_policy_schedule_keeps_every_selection_and_its_history()
    {
        var marketplace = MarketplaceId.Of("es");
        var schedule = await InSessionAsync(s => s.Settings.GetPolicyScheduleAsync());
        var switchAt = Start + Duration.FromDays(30);
        var (assignment, audit) = schedule.Select(marketplace, PenaltyPolicy.P001, switchAt, Actor.Operator("op-1"), Start).GetValueOrThrow();

        await InSessionAsync(s => s.Settings.AppendPolicyAssignmentAsync(assignment, audit));

        var reloaded = await InSessionAsync(s => s.Settings.GetPolicyScheduleAsync());
        Assert.Equal("P-003", reloaded.PolicyFor(marketplace, switchAt - Duration.FromSeconds(1)).Id);
        Assert.Equal("P-001", reloaded.PolicyFor(marketplace, switchAt).Id);
        Assert.Equal(PenaltyPolicy.P001.PointsFor(OffenceSeverity.Ordinary), reloaded.PolicyFor(marketplace, switchAt).PointsFor(OffenceSeverity.Ordinary));
        Assert.Single(await InSessionAsync(s => s.Audit.ForSubjectAsync("policy-schedule", "es")));
    }

    [Fact]
    public async Task The_trial_eligibility_round_trips_and_defaults_to_open()
    {
        var member = Build.Member(Start);
        Assert.Equal(TrialEligibility.Open.InTrial, (await InSessionAsync(s => s.Settings.GetTrialEligibilityAsync())).InTrial);
        var trial = new TrialEligibility(true, [Category.Of("apparel")], [member.Id]);

        await InSessionAsync(s => s.Settings.SaveTrialEligibilityAsync(trial, Actor.Operator("op-1")));

        var loaded = await InSessionAsync(s => s.Settings.GetTrialEligibilityAsync());
        Assert.True(loaded.InTrial);
        Assert.Equal(trial.Categories, loaded.Categories);
        Assert.Equal(trial.Members, loaded.Members);
    }

    [Fact]
    public async Task The_operator_calendar_round_trips()
    {
        const string json = """
            { "timeZone": "Asia/Shanghai", "years": [2026],
              "holidays": ["2026-10-01", "2026-10-02"], "makeUpWorkingDays": ["2026-10-10"] }
            """;

        await InSessionAsync(s => s.Settings.SaveCalendarAsync(json, Actor.Operator("op-1")));

        var calendar = await InSessionAsync(s => s.Settings.GetCalendarAsync());
        Assert.Equal([new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 2)], calendar!.Holidays);
        Assert.True(calendar.IsWorkingDay(new LocalDate(2026, 10, 10)));
    }
}
