using Originality.Domain;
using Originality.Domain.Filings;
using Originality.Storage.Sql;

namespace Originality.Storage.Repositories;

/// <summary>F-2: members' folders; a name is unique per owner, ignoring case.</summary>
public sealed class FolderRepository
{
    private readonly StorageSession _session;
    private readonly StateTable _table;

    internal FolderRepository(StorageSession session)
    {
        _session = session;
        _table = new StateTable(session, "folders");
    }

    /// <summary>Saves the folder's state and appends its pending audit entries.</summary>
    public async Task SaveAsync(Folder folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var s = folder.State;
        await _table.UpsertAsync(s.Id.ToString(), StateJson.Serialize(s),
            [("owner_id", s.Owner.ToString()), ("name_key", s.Name.Trim().ToUpperInvariant())],
            cancellationToken).ConfigureAwait(false);
        await _session.Audit.AppendPendingAsync(folder, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a folder, or null.</summary>
    public async Task<Folder?> GetAsync(FolderId id, CancellationToken cancellationToken = default) =>
        Restore(await _table.GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false));

    /// <summary>Every folder of <paramref name="owner"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Folder>> ListByOwnerAsync(MemberId owner, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("owner_id = @owner", new { owner = owner.ToString() }, "updated_at, id", cancellationToken).ConfigureAwait(false))
            .Select(j => Restore(j)!)];

    private static Folder? Restore(string? json) => json is null ? null : Folder.Restore(StateJson.Deserialize<FolderState>(json));
}
