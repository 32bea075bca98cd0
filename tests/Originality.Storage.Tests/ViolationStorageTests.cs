using NodaTime;
using Originality.Domain;
using Originality.Domain.Violations;
using Originality.Storage.Repositories;

namespace Originality.Storage.Tests.Suite;

public abstract partial class StorageSuite
{
    private static readonly ViolationPolicy Policy = ViolationPolicy.Default;

    private static RecordedViolation AViolation(MemberId member, string product, Instant at) =>
        new(PictureViolation.Record(ViolationId.New(), member, ProductId.Of(product), PictureViolationType.ContactDetailsShown,
                new ViolationPenalty(ProductRemoved: true, SearchDemoted: true, Points: 2), at, Policy, Actor.Operator("op")),
            new ViolationProduct(Category.Of("apparel"), ["sku-1", "sku-2"]));

    private static RecoveryRequest ARequest(RecordedViolation v, string ip)
    {
        static MaterialFile File(string name) => new("sha-" + name, name, new string('a', 64));
        var materials = new RecoveryMaterials(
            new CommitmentLetter(File("letter.pdf"), SignedByHand: true, Sealed: true),
            [File("source.jpg")],
            [new AuthorizationProof(AuthorizationKind.Model, Category.Of("apparel"), File("model.pdf"))],
            [new ReplacementPicture("sku-1", File("new-1.jpg"), AiGenerated: false)]);
        return new RecoveryRequest(RecoveryApplicationId.New(), v.Violation.MemberId, v.Violation.Id, v.Violation.ProductId, ip,
            "The phone number was printed by our designer; the new pictures carry none.", materials,
            [new MaterialFinding("sku-not-replaced", "V-5", "SKU sku-2 has no replacement.", "sku-2")]);
    }

    [Fact]
    public async Task A_violation_and_its_recovery_application_round_trip_and_an_approval_revokes_the_stored_penalty()
    {
        var member = Build.Member(Start);
        var violation = AViolation(member.Id, "P-1", Start);
        await InSessionAsync(async s =>
        {
            await s.Members.SaveAsync(member);
            await s.Violations.SaveAsync(violation);
        });
        var filed = RecoveryFiling.File(ARequest(violation, "10.0.0.1"), violation.Violation, [], 0, Policy, Start + Duration.FromDays(1));
        var application = Assert.IsType<FilingOutcome.Filed>(filed).Application;
        await InSessionAsync(s => s.RecoveryApplications.SaveAsync(application));

        var loaded = await InSessionAsync(s => s.RecoveryApplications.GetAsync(application.Id));
        Assert.Equal(application.State.Request.Materials.Replacements, loaded!.State.Request.Materials.Replacements);
        Assert.Equal(application.State.Request.MachineFindings, loaded.State.Request.MachineFindings);
        Assert.Equal(application.History, loaded.History);
        Assert.Equal(RecoveryStatus.AwaitingReview, loaded.Status);

        var approvedAt = Start + Duration.FromDays(2);
        await InSessionAsync(async s =>
        {
            var v = (await s.Violations.GetAsync(violation.Violation.Id))!;
            var a = (await s.RecoveryApplications.GetAsync(application.Id))!;
            Assert.True(a.Approve(v.Violation, Actor.Reviewer("rev-1"), approvedAt).Succeeded);
            await s.Violations.SaveAsync(v);
            await s.RecoveryApplications.SaveAsync(a);
        });

        var after = await InSessionAsync(s => s.Violations.ListForMemberAsync(member.Id));
        var stored = Assert.Single(after);
        Assert.Equal(ViolationState.Revoked, stored.Violation.StateAt(approvedAt));
        Assert.Equal(["sku-1", "sku-2"], stored.Product.Skus);
        Assert.Equal(violation.Violation.LiftsAt, stored.Violation.LiftsAt);
        Assert.Equal([RecoveryStatus.Approved], (await InSessionAsync(s => s.RecoveryApplications.ListForMemberAsync(member.Id))).Select(a => a.Status));
        var audit = await InSessionAsync(s => s.Audit.ForSubjectAsync("picture-violation", violation.Violation.Id.ToString()));
        Assert.Equal(["violation.penalized", "violation.revoked"], audit.Select(e => e.Entry.Action));
    }

    [Fact]
    public async Task The_database_refuses_a_second_application_for_the_same_violation_and_product()
    {
        var member = Build.Member(Start);
        var violation = AViolation(member.Id, "P-1", Start);
        await InSessionAsync(async s =>
        {
            await s.Members.SaveAsync(member);
            await s.Violations.SaveAsync(violation);
        });
        var at = Start + Duration.FromHours(1);
        var first = ((FilingOutcome.Filed)RecoveryFiling.File(ARequest(violation, "10.0.0.1"), violation.Violation, [], 0, Policy, at)).Application;
        // A racing host that did not see the first one (V-3 is also checked by the domain under the row lock).
        var second = ((FilingOutcome.Filed)RecoveryFiling.File(ARequest(violation, "10.0.0.2"), violation.Violation, [], 0, Policy, at)).Application;
        await InSessionAsync(s => s.RecoveryApplications.SaveAsync(first));

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => InSessionAsync(s => s.RecoveryApplications.SaveAsync(second)));

        Assert.Equal([first.Id], (await InSessionAsync(s => s.RecoveryApplications.ListForViolationAsync(violation.Violation.Id))).Select(a => a.Id));
    }

    [Fact]
    public async Task A_database_from_before_violations_upgrades_in_place_and_then_stores_them()
    {
        var store = await OpenEmptyDatabaseAsync();
        await store.MigrateAsync(4);
        var member = Build.Member(Start);
        await store.InSessionAsync(s => s.Members.SaveAsync(member));

        var applied = await store.MigrateAsync();

        Assert.Equal(Enumerable.Range(5, OriginalityStore.LatestSchemaVersion - 4), applied);
        var violation = AViolation(member.Id, "P-9", Start);
        await store.InSessionAsync(s => s.Violations.SaveAsync(violation));
        Assert.Single(await store.InSessionAsync(s => s.Violations.ListForMemberAsync(member.Id)));
        Assert.NotNull(await store.InSessionAsync(s => s.Members.GetAsync(member.Id)));
    }

    [Fact]
    public async Task Applications_from_one_address_are_counted_within_the_Beijing_day_only()
    {
        var member = Build.Member(Start);
        var first = AViolation(member.Id, "P-1", Start);
        var second = AViolation(member.Id, "P-2", Start);
        var third = AViolation(member.Id, "P-3", Start);
        await InSessionAsync(async s =>
        {
            await s.Members.SaveAsync(member);
            foreach (var v in new[] { first, second, third })
            {
                await s.Violations.SaveAsync(v);
            }
        });
        // 15:59 and 16:01 UTC fall on two Beijing days.
        var lateOnDay = Instant.FromUtc(2026, 3, 3, 15, 59);
        var nextDay = Instant.FromUtc(2026, 3, 3, 16, 1);
        await InSessionAsync(async s =>
        {
            await s.RecoveryApplications.SaveAsync(((FilingOutcome.Filed)RecoveryFiling.File(ARequest(first, "10.0.0.1"), first.Violation, [], 0, Policy, lateOnDay)).Application);
            await s.RecoveryApplications.SaveAsync(((FilingOutcome.Filed)RecoveryFiling.File(ARequest(second, "10.0.0.1"), second.Violation, [], 0, Policy, nextDay)).Application);
            await s.RecoveryApplications.SaveAsync(((FilingOutcome.Filed)RecoveryFiling.File(ARequest(third, "10.0.0.2"), third.Violation, [], 0, Policy, nextDay)).Application);
        });

        var now = nextDay + Duration.FromMinutes(1);
        var count = await InSessionAsync(s => s.RecoveryApplications.CountFromIpAsync("10.0.0.1", RecoveryFiling.RiskControlDay(now), now));

        Assert.Equal(1, count);
        Assert.Single(await InSessionAsync(s => s.RecoveryApplications.ListForViolationAsync(second.Violation.Id)));
        Assert.Equal(3, (await InSessionAsync(s => s.RecoveryApplications.ListByStatusAsync(RecoveryStatus.AwaitingReview, 10))).Count);
    }
}
