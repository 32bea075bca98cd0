using System.Text;
using Dapper;
using Originality.Storage.Sql;

namespace Originality.Storage.Repositories;

/// <summary>
/// The shape every aggregate table shares: <c>id</c>, a JSON <c>state</c> column holding the domain's
/// state record, <c>updated_at</c>, and a few key columns beside it for lookups and constraints.
/// </summary>
internal sealed class StateTable(StorageSession session, string table)
{
    /// <summary>Inserts or replaces the row of <paramref name="id"/>.</summary>
    public async Task UpsertAsync(string id, string stateJson, IReadOnlyList<(string Column, object? Value)> keys, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        parameters.Add("id", id);
        parameters.Add("state", stateJson);
        parameters.Add("updated_at", Instants.ToTicks(session.Clock.GetCurrentInstant()));
        var columns = new StringBuilder("id, state, updated_at");
        var values = new StringBuilder("@id, @state, @updated_at");
        var updates = new StringBuilder("state = excluded.state, updated_at = excluded.updated_at");
        foreach (var (column, value) in keys)
        {
            parameters.Add(column, value);
            columns.Append(", ").Append(column);
            values.Append(", @").Append(column);
            updates.Append(", ").Append(column).Append(" = excluded.").Append(column);
        }
        await session.ExecuteAsync(
            $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT (id) DO UPDATE SET {updates}",
            parameters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The state of <paramref name="id"/>, locked for the rest of the session on PostgreSQL (SQLite's
    /// session already holds the write lock), so load-change-save cannot lose a concurrent update.
    /// </summary>
    public Task<string?> GetAsync(string id, CancellationToken cancellationToken) =>
        session.QuerySingleOrDefaultAsync<string>(
            $"SELECT state FROM {table} WHERE id = @id{session.Dialect.ForUpdate}", new { id }, cancellationToken);

    /// <summary>The state of the one row matching <paramref name="where"/>, or null.</summary>
    public Task<string?> FindAsync(string where, object parameters, CancellationToken cancellationToken) =>
        session.QuerySingleOrDefaultAsync<string>($"SELECT state FROM {table} WHERE {where}", parameters, cancellationToken);

    /// <summary>The states of the rows matching <paramref name="where"/> in <paramref name="orderBy"/> order.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string where, object? parameters, string orderBy, CancellationToken cancellationToken) =>
        [.. await session.QueryAsync<string>($"SELECT state FROM {table} WHERE {where} ORDER BY {orderBy}", parameters, cancellationToken).ConfigureAwait(false)];
}
