using Originality.Domain;
using Originality.Domain.Members;
using Originality.Storage.Sql;

namespace Originality.Storage.Repositories;

/// <summary>Members (sellers): unique nickname and store id.</summary>
public sealed class MemberRepository
{
    private readonly StorageSession _session;
    private readonly StateTable _table;

    internal MemberRepository(StorageSession session)
    {
        _session = session;
        _table = new StateTable(session, "members");
    }

    /// <summary>Saves the member's state and appends its pending audit entries.</summary>
    public async Task SaveAsync(Member member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var s = member.State;
        await _table.UpsertAsync(s.Id.ToString(), StateJson.Serialize(s),
            [("nickname", s.Nickname.Value), ("store_id", s.StoreId.Value), ("marketplace", s.Marketplace.Value)],
            cancellationToken).ConfigureAwait(false);
        await _session.Audit.AppendPendingAsync(member, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Until when the member has read its notifications (warnings and decisions up to then are not new), or null if never.</summary>
    public async Task<NodaTime.Instant?> GetNotificationsReadUntilAsync(MemberId id, CancellationToken cancellationToken = default) =>
        Instants.FromTicks(await _session.QuerySingleOrDefaultAsync<long?>(
            "SELECT read_until FROM member_notification_reads WHERE member_id = @id", new { id = id.ToString() }, cancellationToken).ConfigureAwait(false));

    /// <summary>Marks the member's notifications read up to <paramref name="until"/>; an earlier instant than the stored one changes nothing.</summary>
    public Task MarkNotificationsReadAsync(MemberId id, NodaTime.Instant until, CancellationToken cancellationToken = default) =>
        _session.ExecuteAsync("""
            INSERT INTO member_notification_reads (member_id, read_until) VALUES (@id, @until)
            ON CONFLICT (member_id) DO UPDATE SET read_until = excluded.read_until
            WHERE excluded.read_until > member_notification_reads.read_until
            """, new { id = id.ToString(), until = Instants.ToTicks(until) }, cancellationToken);

    /// <summary>Loads a member (locking it for this session on PostgreSQL), or null.</summary>
    public async Task<Member?> GetAsync(MemberId id, CancellationToken cancellationToken = default) =>
        Restore(await _table.GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false));

    /// <summary>A-1: finds the member an owner names by nickname, or null.</summary>
    public async Task<Member?> FindByNicknameAsync(Nickname nickname, CancellationToken cancellationToken = default) =>
        Restore(await _table.FindAsync("nickname = @nickname", new { nickname = nickname.Value }, cancellationToken).ConfigureAwait(false));

    /// <summary>Finds a member by store id, or null.</summary>
    public async Task<Member?> FindByStoreIdAsync(StoreId storeId, CancellationToken cancellationToken = default) =>
        Restore(await _table.FindAsync("store_id = @storeId", new { storeId = storeId.Value }, cancellationToken).ConfigureAwait(false));

    private static Member? Restore(string? json) => json is null ? null : Member.Restore(StateJson.Deserialize<MemberState>(json));
}
