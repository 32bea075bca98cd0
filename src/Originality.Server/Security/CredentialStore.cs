using System.Globalization;
using Dapper;
using Originality.Server.Hosting;

namespace Originality.Server.Security;

/// <summary>A caller known by its key: role, subject (member id, reviewer id, <c>operator</c>) and display name.</summary>
public sealed record Principal(string Role, string Subject, string Name);

/// <summary>Keeps only the hashes of issued keys; a lost key is replaced, never recovered.</summary>
public sealed class CredentialStore(ServerDatabase database, TimeProvider time)
{
    /// <summary>Issues a new key for <paramref name="principal"/> and returns it once.</summary>
    public async Task<string> IssueAsync(Principal principal, CancellationToken cancellationToken)
    {
        var key = ApiKeys.Issue(principal.Role);
        await StoreAsync(principal, key, cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>Registers a given key (the demo's documented keys); never used with real members.</summary>
    public async Task RegisterKnownKeyAsync(Principal principal, string key, CancellationToken cancellationToken)
    {
        if (await FindAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }
        await StoreAsync(principal, key, cancellationToken).ConfigureAwait(false);
    }

    // Only the hash is kept: a key is shown once, when issued.
    private async Task StoreAsync(Principal principal, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_api_keys (key_hash, role, subject, name, created_at) VALUES (@hash, @role, @subject, @name, @at)",
            new
            {
                hash = ApiKeys.Hash(key),
                role = principal.Role,
                subject = principal.Subject,
                name = principal.Name,
                at = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<Principal?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            "SELECT role AS Role, subject AS Subject, name AS Name FROM server_api_keys WHERE key_hash = @hash AND revoked_at IS NULL",
            new { hash = ApiKeys.Hash(key) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null ? null : new Principal(row.Role, row.Subject, row.Name);
    }

    /// <summary>Revokes every key of <paramref name="subject"/> (e.g. when a key is rotated).</summary>
    public async Task<int> RevokeAllAsync(string subject, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE server_api_keys SET revoked_at = @at WHERE subject = @subject AND revoked_at IS NULL",
            new { subject, at = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Principal>> ListAsync(string role, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<KeyRow>(new CommandDefinition(
            "SELECT DISTINCT role AS Role, subject AS Subject, name AS Name FROM server_api_keys WHERE role = @role ORDER BY name",
            new { role },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new Principal(r.Role, r.Subject, r.Name))];
    }

    /// <summary>Everyone of <paramref name="role"/> with whether any key of theirs still works.</summary>
    public async Task<IReadOnlyList<(Principal Principal, bool Active)>> ListWithStateAsync(string role, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<StateRow>(new CommandDefinition(
            "SELECT role AS Role, subject AS Subject, MIN(name) AS Name, SUM(CASE WHEN revoked_at IS NULL THEN 1 ELSE 0 END) AS Active FROM server_api_keys WHERE role = @role GROUP BY role, subject ORDER BY MIN(name)",
            new { role },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => (new Principal(r.Role, r.Subject, r.Name), r.Active > 0))];
    }

    private sealed class StateRow
    {
        public string Role { get; set; } = "";

        public string Subject { get; set; } = "";

        public string Name { get; set; } = "";

        public long Active { get; set; }
    }

    private sealed class KeyRow
    {
        public string Role { get; set; } = "";
        public string Subject { get; set; } = "";
        public string Name { get; set; } = "";
    }
}
