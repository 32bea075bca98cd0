using Originality.Domain;
using Originality.Domain.Complaints;
using Originality.Storage.Deadlines;
using Originality.Storage.Sql;

namespace Originality.Storage.Repositories;

/// <summary>
/// C-1..C-6 and R-1..R-5: complaints with their appeal rounds. Saving a complaint also keeps its
/// durable deadline in step (the one <see cref="Complaint.NextDeadline"/> names is scheduled, the
/// others cancelled) in the same transaction, so the deadline can never disagree with the case.
/// </summary>
public sealed class ComplaintRepository
{
    private static readonly DeadlineKind[] ComplaintKinds =
        [DeadlineKind.ComplaintAcceptanceDue, DeadlineKind.AppealWindowClosing, DeadlineKind.AppealDecisionDue];

    private readonly StorageSession _session;
    private readonly StateTable _table;

    internal ComplaintRepository(StorageSession session)
    {
        _session = session;
        _table = new StateTable(session, "complaints");
    }

    /// <summary>Saves the complaint, its appeal rounds, its audit entries and its next deadline.</summary>
    public async Task SaveAsync(Complaint complaint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var s = complaint.State;
        var id = s.Id.ToString();
        await _table.UpsertAsync(id, StateJson.Serialize(s),
            [
                ("complainant_id", s.Complainant.ToString()),
                ("respondent_id", s.Respondent.ToString()),
                ("status", s.Status.ToString()),
                ("filed_at", Instants.ToTicks(s.FiledAt)),
            ],
            cancellationToken).ConfigureAwait(false);
        // The first save numbers the complaint; later saves keep its number.
        await _session.ExecuteAsync(
            $"UPDATE complaints SET number = {_session.Dialect.NextComplaintNumber} WHERE id = @id AND number IS NULL",
            new { id }, cancellationToken).ConfigureAwait(false);
        await _session.ExecuteAsync("DELETE FROM complaint_appeals WHERE complaint_id = @id", new { id }, cancellationToken).ConfigureAwait(false);
        foreach (var appeal in s.Appeals)
        {
            await _session.ExecuteAsync("""
                INSERT INTO complaint_appeals (complaint_id, round, filed_at, decision_due_at, decided_at, upheld)
                VALUES (@id, @round, @filedAt, @dueAt, @decidedAt, @upheld)
                """,
                new
                {
                    id,
                    round = appeal.Round,
                    filedAt = Instants.ToTicks(appeal.FiledAt),
                    dueAt = Instants.ToTicks(appeal.DecisionDueAt),
                    decidedAt = Instants.ToTicks(appeal.DecidedAt),
                    upheld = appeal.Upheld is { } u ? (int?)(u ? 1 : 0) : null,
                }, cancellationToken).ConfigureAwait(false);
        }
        await SyncDeadlineAsync(complaint, cancellationToken).ConfigureAwait(false);
        await _session.Audit.AppendPendingAsync(complaint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a complaint (locked for this session on PostgreSQL), or null.</summary>
    public async Task<Complaint?> GetAsync(ComplaintId id, CancellationToken cancellationToken = default)
    {
        var json = await _table.GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false);
        return json is null ? null : Restore(json);
    }

    /// <summary>C-5: the complaints a member filed, oldest first.</summary>
    public async Task<IReadOnlyList<Complaint>> ListByComplainantAsync(MemberId complainant, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("complainant_id = @m", new { m = complainant.ToString() }, "filed_at, id", cancellationToken).ConfigureAwait(false)).Select(Restore)];

    /// <summary>
    /// The complaints against a member, oldest first. Callers show the respondent only
    /// <see cref="Complaint.ToRespondentView"/> (C-2).
    /// </summary>
    public async Task<IReadOnlyList<Complaint>> ListByRespondentAsync(MemberId respondent, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("respondent_id = @m", new { m = respondent.ToString() }, "filed_at, id", cancellationToken).ConfigureAwait(false)).Select(Restore)];

    /// <summary>Complaints in a status, oldest first (reviewers' queues).</summary>
    public async Task<IReadOnlyList<Complaint>> ListByStatusAsync(ComplaintStatus status, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return [.. (await _table.ListAsync("status = @status", new { status = status.ToString() },
            "filed_at, id LIMIT " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false)).Select(Restore)];
    }

    /// <summary>
    /// The numbers of <paramref name="ids"/> (their short human references), for those that exist.
    /// Numbers are unique and given in filing order.
    /// </summary>
    public async Task<IReadOnlyDictionary<ComplaintId, long>> NumbersAsync(IEnumerable<ComplaintId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var keys = ids.Select(i => i.ToString()).Distinct(StringComparer.Ordinal).ToArray();
        var numbers = new Dictionary<ComplaintId, long>();
        foreach (var chunk in keys.Chunk(500))
        {
            // Named parameters one by one: Dapper expands "IN @list" for SQLite but sends an array to Npgsql.
            var parameters = new Dapper.DynamicParameters();
            for (var i = 0; i < chunk.Length; i++)
            {
                parameters.Add("id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), chunk[i]);
            }
            var list = string.Join(", ", Enumerable.Range(0, chunk.Length).Select(i => "@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var rows = await _session.QueryAsync<(string Id, long Number)>(
                $"SELECT id, number FROM complaints WHERE number IS NOT NULL AND id IN ({list})", parameters, cancellationToken).ConfigureAwait(false);
            foreach (var (id, number) in rows)
            {
                numbers[new ComplaintId(Guid.Parse(id))] = number;
            }
        }
        return numbers;
    }

    /// <summary>The complaint with number <paramref name="number"/>, or null.</summary>
    public async Task<Complaint?> FindByNumberAsync(long number, CancellationToken cancellationToken = default)
    {
        var json = await _table.FindAsync("number = @number", new { number }, cancellationToken).ConfigureAwait(false);
        return json is null ? null : Restore(json);
    }

    private async Task SyncDeadlineAsync(Complaint complaint, CancellationToken cancellationToken)
    {
        var subject = complaint.Id.ToString();
        var next = complaint.NextDeadline;
        var nextKind = next is null ? (DeadlineKind?)null : KindOf(next.Kind);
        foreach (var kind in ComplaintKinds)
        {
            // Cancel whatever the complaint no longer waits on; the one it waits on is (re)scheduled
            // below, idempotently, so saving twice never makes two jobs.
            await _session.Deadlines.CancelOthersAsync(kind, subject, kind == nextKind ? next!.DueAt : null, cancellationToken).ConfigureAwait(false);
        }
        if (next is not null)
        {
            await _session.Deadlines.ScheduleAsync(nextKind!.Value, subject, next.DueAt, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    internal static DeadlineKind KindOf(ComplaintDeadlineKind kind) => kind switch
    {
        ComplaintDeadlineKind.AcceptanceDue => DeadlineKind.ComplaintAcceptanceDue,
        ComplaintDeadlineKind.AppealWindowCloses => DeadlineKind.AppealWindowClosing,
        ComplaintDeadlineKind.AppealDecisionDue => DeadlineKind.AppealDecisionDue,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown complaint deadline."),
    };

    private static Complaint Restore(string json) => Complaint.Restore(StateJson.Deserialize<ComplaintState>(json));
}
