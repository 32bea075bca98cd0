using Originality.Domain;
using Originality.Domain.Filings;
using Originality.Storage.Sql;

namespace Originality.Storage.Repositories;

/// <summary>
/// F-5/F-6: filed pictures with their content SHA-256 and fingerprint as columns (for lookups and
/// for feeding the in-memory index), the full state beside them.
/// </summary>
public sealed class FilingRepository
{
    private readonly StorageSession _session;
    private readonly StateTable _table;

    internal FilingRepository(StorageSession session)
    {
        _session = session;
        _table = new StateTable(session, "filings");
    }

    /// <summary>Saves the filing's state and appends its pending audit entries.</summary>
    public async Task SaveAsync(Filing filing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filing);
        var s = filing.State;
        await _table.UpsertAsync(s.Id.ToString(), StateJson.Serialize(s),
            [
                ("owner_id", s.Owner.ToString()),
                ("folder_id", s.Folder.ToString()),
                ("content_sha256", s.Evidence.ContentSha256),
                ("fingerprint", s.Evidence.FingerprintHex),
                ("status", s.Status.ToString()),
                ("filed_at", Instants.ToTicks(s.Evidence.FiledAt)),
            ],
            cancellationToken).ConfigureAwait(false);
        if (_session.Dialect.SerializeFilingChanges.Length > 0)
        {
            await _session.ExecuteAsync(_session.Dialect.SerializeFilingChanges, null, cancellationToken).ConfigureAwait(false);
        }
        await _session.ExecuteAsync(
            $"UPDATE filings SET change_seq = {_session.Dialect.NextFilingChange} WHERE id = @id",
            new { id = s.Id.ToString() }, cancellationToken).ConfigureAwait(false);
        if (_session.Dialect.NotifyChanges.Length > 0)
        {
            await _session.ExecuteAsync(_session.Dialect.NotifyChanges, null, cancellationToken).ConfigureAwait(false);
        }
        await _session.Audit.AppendPendingAsync(filing, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// F-5: takes, for the rest of this session, the lock every filing save takes, so that no other
    /// filing can commit (in this process or another) between a first-filing check made after this
    /// call and this session's commit. Every filing committed before is visible once it returns.
    /// PostgreSQL: the transaction-scoped advisory lock of the change feed (re-entrant, released by
    /// commit, rollback or the death of the connection). SQLite: the session already holds the
    /// database's single write lock (<c>BEGIN IMMEDIATE</c>), which excludes other processes too.
    /// </summary>
    public async Task LockFilingDecisionsAsync(CancellationToken cancellationToken = default)
    {
        if (_session.Dialect.SerializeFilingChanges.Length > 0)
        {
            await _session.ExecuteAsync(_session.Dialect.SerializeFilingChanges, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The newest change number committed (0 when there is none), for the replica's lag.</summary>
    public async Task<long> LatestChangeAsync(CancellationToken cancellationToken = default) =>
        await _session.ExecuteScalarAsync<long?>("SELECT MAX(change_seq) FROM filings", null, cancellationToken).ConfigureAwait(false) ?? 0;

    /// <summary>Loads a filing, or null.</summary>
    public async Task<Filing?> GetAsync(FilingId id, CancellationToken cancellationToken = default) =>
        Restore(await _table.GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false));

    /// <summary>F-7: every filing of <paramref name="owner"/>, in filing order.</summary>
    public async Task<IReadOnlyList<Filing>> ListByOwnerAsync(MemberId owner, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("owner_id = @owner", new { owner = owner.ToString() }, "filed_at, seq", cancellationToken).ConfigureAwait(false))
            .Select(j => Restore(j)!)];

    /// <summary>Every filing of the exact file <paramref name="contentSha256"/>, earliest first.</summary>
    public async Task<IReadOnlyList<Filing>> ListBySha256Async(string contentSha256, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("content_sha256 = @sha", new { sha = contentSha256 }, "filed_at, seq", cancellationToken).ConfigureAwait(false))
            .Select(j => Restore(j)!)];

    /// <summary>
    /// Filing changes after <paramref name="afterSequence"/>, in change order, each with its change
    /// number to resume from: every save of a filing (new, or its status changed, e.g. F-7) gives it
    /// a new number, so a filing can come again with its new state. Numbers are handed out in commit
    /// order, so reading "after N" never skips a change that committed late. For an in-memory
    /// index replica.
    /// </summary>
    public async Task<IReadOnlyList<(long Sequence, Filing Filing)>> ReadSinceAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var rows = await _session.QueryAsync<(long, string)>(
            "SELECT change_seq, state FROM filings WHERE change_seq > @afterSequence ORDER BY change_seq LIMIT @limit",
            new { afterSequence, limit }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => (r.Item1, Restore(r.Item2)!))];
    }

    private static Filing? Restore(string? json) => json is null ? null : Filing.Restore(StateJson.Deserialize<FilingState>(json));
}
