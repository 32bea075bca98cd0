using NodaTime;
using Originality.Domain;
using Originality.Domain.Violations;
using Originality.Storage.Sql;

namespace Originality.Storage.Repositories;

/// <summary>V-2..V-4, V-7, V-8, V-10: recovery applications with their materials and history.</summary>
public sealed class RecoveryApplicationRepository
{
    private readonly StorageSession _session;
    private readonly StateTable _table;

    internal RecoveryApplicationRepository(StorageSession session)
    {
        _session = session;
        _table = new StateTable(session, "recovery_applications");
    }

    /// <summary>Saves the application's state and appends its pending audit entries.</summary>
    public async Task SaveAsync(RecoveryApplication application, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        var s = application.State;
        await _table.UpsertAsync(application.Id.ToString(), StateJson.Serialize(s),
            [
                ("member_id", application.MemberId.ToString()),
                ("violation_id", application.ViolationId.ToString()),
                ("product_id", application.ProductId.Value),
                ("ip_address", s.Request.IpAddress),
                ("status", s.Status.ToString()),
                ("filed_at", Instants.ToTicks(s.FiledAt)),
            ],
            cancellationToken).ConfigureAwait(false);
        await _session.Audit.AppendPendingAsync(application, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads an application (locked for this session on PostgreSQL), or null.</summary>
    public async Task<RecoveryApplication?> GetAsync(RecoveryApplicationId id, CancellationToken cancellationToken = default)
    {
        var json = await _table.GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false);
        return json is null ? null : Restore(json);
    }

    /// <summary>Every application filed for <paramref name="violation"/> (V-3), oldest first.</summary>
    public async Task<IReadOnlyList<RecoveryApplication>> ListForViolationAsync(ViolationId violation, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("violation_id = @v", new { v = violation.ToString() }, "filed_at, id", cancellationToken).ConfigureAwait(false)).Select(Restore)];

    /// <summary>Every application of <paramref name="member"/> (V-10), newest first.</summary>
    public async Task<IReadOnlyList<RecoveryApplication>> ListForMemberAsync(MemberId member, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("member_id = @m", new { m = member.ToString() }, "filed_at DESC, id", cancellationToken).ConfigureAwait(false)).Select(Restore)];

    /// <summary>Applications in <paramref name="status"/>, oldest first (reviewers' queue, V-7 holds).</summary>
    public async Task<IReadOnlyList<RecoveryApplication>> ListByStatusAsync(RecoveryStatus status, int limit, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("status = @status", new { status = status.ToString() }, $"filed_at, id LIMIT {Math.Max(1, limit)}", cancellationToken).ConfigureAwait(false)).Select(Restore)];

    /// <summary>
    /// V-7: how many applications (held or not) came from <paramref name="ipAddress"/> inside
    /// <paramref name="day"/> up to and including <paramref name="upTo"/>.
    /// </summary>
    public async Task<int> CountFromIpAsync(string ipAddress, Interval day, Instant upTo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ipAddress);
        var count = await _session.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM recovery_applications WHERE ip_address = @ip AND filed_at >= @from AND filed_at < @to AND filed_at <= @upTo",
            new { ip = ipAddress, from = Instants.ToTicks(day.Start), to = Instants.ToTicks(day.End), upTo = Instants.ToTicks(upTo) },
            cancellationToken).ConfigureAwait(false);
        return checked((int)count);
    }

    private static RecoveryApplication Restore(string json) => RecoveryApplication.Restore(StateJson.Deserialize<RecoveryApplicationState>(json));
}
