using System.Globalization;
using Originality.Domain;
using Originality.Domain.Penalties;
using Originality.Storage.Deadlines;
using Originality.Storage.Sql;

namespace Originality.Storage.Repositories;

/// <summary>
/// P-1..P-7: each member's penalty ledger, with its penalties and sanctions also kept as rows for
/// queries. Saving a ledger schedules, in the same transaction, the end of every time-limited
/// sanction and the year-end reset (P-4) of every year with points, and cancels the end of a
/// sanction lifted early (P-7).
/// </summary>
public sealed class PenaltyLedgerRepository
{
    private readonly StorageSession _session;
    private readonly StateTable _table;

    internal PenaltyLedgerRepository(StorageSession session)
    {
        _session = session;
        _table = new StateTable(session, "penalty_ledgers");
    }

    /// <summary>Saves the ledger, its rows, its audit entries and its deadlines.</summary>
    public async Task SaveAsync(PenaltyLedger ledger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var s = ledger.State;
        var member = s.Member.ToString();
        await _table.UpsertAsync(member, StateJson.Serialize(s), [], cancellationToken).ConfigureAwait(false);
        foreach (var p in s.Penalties)
        {
            await _session.ExecuteAsync("""
                INSERT INTO penalty_entries (id, member_id, complaint_id, established_at, points_year, points, policy_id, revoked_at)
                VALUES (@id, @member, @complaint, @establishedAt, @year, @points, @policyId, @revokedAt)
                ON CONFLICT (id) DO UPDATE SET points = excluded.points, revoked_at = excluded.revoked_at
                """,
                new
                {
                    id = p.Id.ToString(),
                    member,
                    complaint = p.Complaint.ToString(),
                    establishedAt = Instants.ToTicks(p.EstablishedAt),
                    year = p.Year,
                    points = p.Points,
                    policyId = p.PolicyId,
                    revokedAt = Instants.ToTicks(p.RevokedAt),
                }, cancellationToken).ConfigureAwait(false);
        }
        foreach (var sanction in s.Sanctions)
        {
            var id = sanction.Id.ToString();
            await _session.ExecuteAsync("""
                INSERT INTO sanctions (id, member_id, kind, starts_at, ends_at, lifted_at)
                VALUES (@id, @member, @kind, @startsAt, @endsAt, @liftedAt)
                ON CONFLICT (id) DO UPDATE SET ends_at = excluded.ends_at, lifted_at = excluded.lifted_at
                """,
                new
                {
                    id,
                    member,
                    kind = sanction.Kind.ToString(),
                    startsAt = Instants.ToTicks(sanction.StartsAt),
                    endsAt = Instants.ToTicks(sanction.EndsAt),
                    liftedAt = Instants.ToTicks(sanction.LiftedAt),
                }, cancellationToken).ConfigureAwait(false);
        }
        await SyncDeadlinesAsync(ledger, cancellationToken).ConfigureAwait(false);
        await _session.Audit.AppendPendingAsync(ledger, cancellationToken).ConfigureAwait(false);
    }

    private async Task SyncDeadlinesAsync(PenaltyLedger ledger, CancellationToken cancellationToken)
    {
        var member = ledger.Member.ToString();
        var pending = ledger.PendingDeadlines();
        var running = pending.Where(d => d.Kind == LedgerDeadlineKind.SanctionEnds).Select(d => d.Sanction!.Value).ToHashSet();
        foreach (var sanction in ledger.State.Sanctions.Where(s => s.EndsAt is not null && !running.Contains(s.Id)))
        {
            // Lifted early (P-7) or already recorded: nothing left to end.
            await _session.Deadlines.CancelAsync(DeadlineKind.SanctionEnding, member, sanction.Id.ToString(), cancellationToken).ConfigureAwait(false);
        }
        foreach (var deadline in pending)
        {
            if (deadline.Kind == LedgerDeadlineKind.SanctionEnds)
            {
                await _session.Deadlines.ScheduleAsync(DeadlineKind.SanctionEnding, member, deadline.DueAt, deadline.Sanction!.Value.ToString(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _session.Deadlines.ScheduleAsync(DeadlineKind.YearEndReset, member, deadline.DueAt,
                    deadline.Year!.Value.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The member's ledger (locked for this session on PostgreSQL), or null when it never had one.</summary>
    public async Task<PenaltyLedger?> GetAsync(MemberId member, CancellationToken cancellationToken = default)
    {
        var json = await _table.GetAsync(member.ToString(), cancellationToken).ConfigureAwait(false);
        return json is null ? null : PenaltyLedger.Restore(StateJson.Deserialize<PenaltyLedgerState>(json));
    }

    /// <summary>The member's ledger, or a new empty one (saved on the next <see cref="SaveAsync"/>).</summary>
    public async Task<PenaltyLedger> GetOrOpenAsync(MemberId member, CancellationToken cancellationToken = default) =>
        await GetAsync(member, cancellationToken).ConfigureAwait(false) ?? PenaltyLedger.Open(member);
}
