using System.Data.Common;
using Dapper;
using Originality.Domain;

namespace Originality.Storage.Tests.Suite;

public abstract partial class StorageSuite
{
    [Fact]
    public async Task An_empty_database_is_migrated_to_the_latest_version_in_order()
    {
        var store = await OpenEmptyDatabaseAsync();

        var applied = await store.MigrateAsync();

        Assert.Equal(Enumerable.Range(1, OriginalityStore.LatestSchemaVersion), applied);
        Assert.Equal(OriginalityStore.LatestSchemaVersion, await store.GetSchemaVersionAsync());
    }

    [Fact]
    public async Task Migrating_a_current_database_again_applies_nothing()
    {
        var applied = await Store.MigrateAsync();

        Assert.Empty(applied);
        Assert.Equal(OriginalityStore.LatestSchemaVersion, await Store.GetSchemaVersionAsync());
    }

    [Fact]
    public async Task Upgrading_in_place_from_version_3_keeps_the_filings_it_wrote()
    {
        var store = await OpenEmptyDatabaseAsync();
        // Version 4 backfilled filings.change_seq: the upgrade that rewrites existing rows.
        const int previous = 3;
        await store.MigrateAsync(previous);
        var member = Build.Member(Start);
        var folder = Build.Folder(member, Start);
        var filing = Build.Filing(member, folder, Start);
        await store.InSessionAsync(async s =>
        {
            await s.Members.SaveAsync(member);
            await s.Folders.SaveAsync(folder);
            // A filing as the previous version wrote it: no change sequence yet.
            await s.ExecuteAsync("""
                INSERT INTO filings (id, owner_id, folder_id, content_sha256, fingerprint, status, filed_at, state, updated_at)
                VALUES (@id, @owner, @folder, @sha, @fingerprint, 'Certified', 0, @state, 0)
                """,
                new
                {
                    id = filing.Id.ToString(),
                    owner = member.Id.ToString(),
                    folder = folder.Id.ToString(),
                    sha = filing.State.Evidence.ContentSha256,
                    fingerprint = filing.State.Evidence.FingerprintHex,
                    state = Sql.StateJson.Serialize(filing.State),
                }, CancellationToken.None);
        });

        var applied = await store.MigrateAsync();

        Assert.Equal(Enumerable.Range(previous + 1, OriginalityStore.LatestSchemaVersion - previous), applied);
        var loaded = await store.InSessionAsync(s => s.Members.GetAsync(member.Id));
        Assert.Equal(member.State.Nickname, loaded!.State.Nickname);
        Assert.Single(await store.InSessionAsync(s => s.Audit.ForSubjectAsync("member", member.Id.ToString())));
        var feed = await store.InSessionAsync(s => s.Filings.ReadSinceAsync(0, 10));
        var (sequence, fed) = Assert.Single(feed);
        Assert.Equal(filing.State, fed.State);
        // New changes continue after the backfilled numbers.
        await store.InSessionAsync(s => s.Filings.SaveAsync(Build.Filing(member, folder, Start + NodaTime.Duration.FromMinutes(1))));
        var next = await store.InSessionAsync(s => s.Filings.ReadSinceAsync(sequence, 10));
        Assert.Single(next);
    }

    [Fact]
    public async Task Two_processes_migrating_at_once_apply_each_step_exactly_once()
    {
        var options = (await OpenEmptyDatabaseAsync()).Options;
        var first = OriginalityStore.Open(options, Clock);
        var second = OriginalityStore.Open(options, Clock);

        var results = await Task.WhenAll(Task.Run(() => first.MigrateAsync()), Task.Run(() => second.MigrateAsync()));

        Assert.Equal(Enumerable.Range(1, OriginalityStore.LatestSchemaVersion), results.SelectMany(r => r).Order());
        await using var connection = await first.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(OriginalityStore.LatestSchemaVersion, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_failed_session_leaves_no_trace_of_its_change_its_audit_its_deadline_or_its_event()
    {
        var member = Build.Member(Start);

        await using (var session = await Store.BeginAsync())
        {
            await session.Members.SaveAsync(member);
            await session.Deadlines.ScheduleAsync(Deadlines.DeadlineKind.SanctionEnding, member.Id.ToString(), Start);
            await session.Outbox.EnqueueAsync("member.registered", "{}", member.Id.ToString());
            // Disposed without commit: a crash before commit.
        }

        Assert.Null(await InSessionAsync(s => s.Members.GetAsync(member.Id)));
        Assert.Empty(await InSessionAsync(s => s.Audit.ForSubjectAsync("member", member.Id.ToString())));
        Assert.Empty(await InSessionAsync(s => s.Deadlines.ForSubjectAsync(member.Id.ToString())));
        Assert.Equal(0, await new Outbox.OutboxReader(Store, "reader").PendingCountAsync());
    }

    private async Task<int> ExecuteRawAsync(string sql)
    {
        await using DbConnection connection = await Store.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteAsync(sql);
    }

    [Fact]
    public async Task The_audit_trail_refuses_updates_and_deletes_even_by_hand()
    {
        var member = Build.Member(Start);
        await InSessionAsync(s => s.Members.SaveAsync(member));

        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteRawAsync("UPDATE audit_entries SET reason = 'rewritten'"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteRawAsync("DELETE FROM audit_entries"));

        var trail = await InSessionAsync(s => s.Audit.ForSubjectAsync("member", member.Id.ToString()));
        var entry = Assert.Single(trail).Entry;
        Assert.Equal("member.registered", entry.Action);
        Assert.Null(entry.Reason);
    }

    [Fact]
    public async Task Audit_entries_come_back_as_written_in_append_order()
    {
        var actor = Actor.Reviewer("rev-7");
        var first = new AuditEntry(Start, actor, "complaint", "c-1", "complaint.established", "C-4", "clear copy", "points=6");
        var second = new AuditEntry(Start + NodaTime.Duration.FromMinutes(1), actor, "complaint", "c-1", "goods.removed", "C-4");

        await InSessionAsync(async s =>
        {
            await s.Audit.AppendAsync(first);
            await s.Audit.AppendAsync(second);
        });

        var trail = await InSessionAsync(s => s.Audit.ForSubjectAsync("complaint", "c-1"));
        Assert.Equal([first, second], trail.Select(t => t.Entry));
        Assert.True(trail[0].Sequence < trail[1].Sequence);
        var page = await InSessionAsync(s => s.Audit.ReadAsync(trail[0].Sequence, 10));
        Assert.Equal([second], page.Select(t => t.Entry));
    }
}
