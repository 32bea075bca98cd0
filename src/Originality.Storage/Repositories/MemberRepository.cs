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
