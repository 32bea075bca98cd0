using Originality.Domain;
using Originality.Domain.Authorizations;
using Originality.Storage.Sql;

namespace Originality.Storage.Repositories;

/// <summary>A-1..A-4: authorizations, looked up by grantee for "may M use picture P in category K at T?".</summary>
public sealed class AuthorizationRepository
{
    private readonly StorageSession _session;
    private readonly StateTable _table;

    internal AuthorizationRepository(StorageSession session)
    {
        _session = session;
        _table = new StateTable(session, "authorizations");
    }

    /// <summary>Saves the authorization's state and appends its pending audit entries.</summary>
    public async Task SaveAsync(Authorization authorization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        var s = authorization.State;
        await _table.UpsertAsync(s.Id.ToString(), StateJson.Serialize(s),
            [
                ("grantor_id", s.Grantor.ToString()),
                ("grantee_id", s.Grantee.ToString()),
                ("category", s.Category.Code),
                ("revoked_at", Instants.ToTicks(s.RevokedAt)),
            ],
            cancellationToken).ConfigureAwait(false);
        await _session.Audit.AppendPendingAsync(authorization, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads an authorization, or null.</summary>
    public async Task<Authorization?> GetAsync(AuthorizationId id, CancellationToken cancellationToken = default)
    {
        var json = await _table.GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false);
        return json is null ? null : Restore(json);
    }

    /// <summary>
    /// Every authorization granted to <paramref name="grantee"/>, revoked ones included (whether one
    /// covers a use depends on the instant: <see cref="PictureUse.Decide"/> judges).
    /// </summary>
    public async Task<IReadOnlyList<Authorization>> ListForGranteeAsync(MemberId grantee, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("grantee_id = @grantee", new { grantee = grantee.ToString() }, "id", cancellationToken).ConfigureAwait(false)).Select(Restore)];

    /// <summary>Every authorization granted by <paramref name="grantor"/>.</summary>
    public async Task<IReadOnlyList<Authorization>> ListByGrantorAsync(MemberId grantor, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("grantor_id = @grantor", new { grantor = grantor.ToString() }, "id", cancellationToken).ConfigureAwait(false)).Select(Restore)];

    private static Authorization Restore(string json) => Authorization.Restore(StateJson.Deserialize<AuthorizationState>(json));
}
