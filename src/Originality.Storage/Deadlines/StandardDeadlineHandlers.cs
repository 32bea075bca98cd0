using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Originality.Domain;
using Originality.Domain.Complaints;

namespace Originality.Storage.Deadlines;

/// <summary>
/// The handlers of the five deadline kinds: each loads the case, applies the domain's own
/// transition (or, for the deadlines that are only reminders, checks the case still waits on it),
/// saves it, and raises an outbox event whose id is derived from the job id.
/// </summary>
/// <remarks>
/// Transitions are made at the job's <see cref="DeadlineJob.DueAt"/>, not at the moment the worker
/// got to it, so the record shows the deadline itself (e.g. the appeal window closed at 24:00
/// Beijing time) however late the worker ran. A transition the domain refuses (the case moved on)
/// is a no-op. The event id is a function of the job id, so even a handler run twice could not
/// raise its event twice.
/// </remarks>
public static class StandardDeadlineHandlers
{
    /// <summary>The actor recorded in the audit trail for automatic transitions.</summary>
    public static Actor Actor { get; } = Actor.System("deadline-worker");

    /// <summary>One handler per <see cref="DeadlineKind"/>.</summary>
    public static IReadOnlyList<IDeadlineHandler> All { get; } =
    [
        new DelegateDeadlineHandler(DeadlineKind.ComplaintAcceptanceDue, AcceptanceDueAsync),
        new DelegateDeadlineHandler(DeadlineKind.AppealWindowClosing, AppealWindowClosingAsync),
        new DelegateDeadlineHandler(DeadlineKind.AppealDecisionDue, AppealDecisionDueAsync),
        new DelegateDeadlineHandler(DeadlineKind.SanctionEnding, SanctionEndingAsync),
        new DelegateDeadlineHandler(DeadlineKind.YearEndReset, YearEndResetAsync),
    ];

    /// <summary>The outbox event id raised by job <paramref name="jobId"/>.</summary>
    public static Guid EventIdFor(long jobId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("deadline-job:" + jobId.ToString(CultureInfo.InvariantCulture)));
        return new Guid(hash.AsSpan(0, 16));
    }

    private static async Task AcceptanceDueAsync(DeadlineJob job, StorageSession session, CancellationToken cancellationToken)
    {
        var complaint = await session.Complaints.GetAsync(ParseComplaint(job), cancellationToken).ConfigureAwait(false);
        if (complaint is not null && complaint.IsAcceptanceOverdueAt(job.DueAt))
        {
            await RaiseAsync(session, job, "complaint.acceptance-overdue", new { complaint = job.SubjectId, rule = "C-3", due = Text(job.DueAt) }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task AppealWindowClosingAsync(DeadlineJob job, StorageSession session, CancellationToken cancellationToken)
    {
        var complaint = await session.Complaints.GetAsync(ParseComplaint(job), cancellationToken).ConfigureAwait(false);
        if (complaint is null || !complaint.CloseAppealWindow(Actor, job.DueAt).Succeeded)
        {
            return;
        }
        await session.Complaints.SaveAsync(complaint, cancellationToken).ConfigureAwait(false);
        await RaiseAsync(session, job, "complaint.appeal-window-closed",
            new { complaint = job.SubjectId, status = complaint.Status.ToString(), rule = "R-3", at = Text(job.DueAt) }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task AppealDecisionDueAsync(DeadlineJob job, StorageSession session, CancellationToken cancellationToken)
    {
        var complaint = await session.Complaints.GetAsync(ParseComplaint(job), cancellationToken).ConfigureAwait(false);
        if (complaint is { Status: ComplaintStatus.AppealPending } && complaint.State.Appeals[^1].DecisionDueAt == job.DueAt)
        {
            await RaiseAsync(session, job, "complaint.appeal-decision-overdue",
                new { complaint = job.SubjectId, round = complaint.State.Appeals[^1].Round, rule = "R-4", due = Text(job.DueAt) }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SanctionEndingAsync(DeadlineJob job, StorageSession session, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(job.SubjectId, out var member) || job.Payload is null)
        {
            return;
        }
        var ledger = await session.PenaltyLedgers.GetAsync(new MemberId(member), cancellationToken).ConfigureAwait(false);
        var sanction = ledger?.State.Sanctions.FirstOrDefault(s => s.Id.ToString() == job.Payload);
        if (ledger is null || sanction is null || !ledger.RecordSanctionEnded(sanction.Id, Actor, job.DueAt).Succeeded)
        {
            return;
        }
        await session.PenaltyLedgers.SaveAsync(ledger, cancellationToken).ConfigureAwait(false);
        await RaiseAsync(session, job, "sanction.ended",
            new { member = job.SubjectId, sanction = job.Payload, kind = sanction.Kind.ToString(), rule = "P-3", at = Text(job.DueAt) }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task YearEndResetAsync(DeadlineJob job, StorageSession session, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(job.SubjectId, out var member) || !int.TryParse(job.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return;
        }
        var ledger = await session.PenaltyLedgers.GetAsync(new MemberId(member), cancellationToken).ConfigureAwait(false);
        if (ledger is null || !ledger.RecordYearEndReset(year, Actor, job.DueAt).Succeeded)
        {
            return;
        }
        await session.PenaltyLedgers.SaveAsync(ledger, cancellationToken).ConfigureAwait(false);
        await RaiseAsync(session, job, "penalty.year-reset", new { member = job.SubjectId, year, rule = "P-4", at = Text(job.DueAt) }, cancellationToken).ConfigureAwait(false);
    }

    private static ComplaintId ParseComplaint(DeadlineJob job) => new(Guid.Parse(job.SubjectId));

    private static string Text(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private static Task<Guid> RaiseAsync(StorageSession session, DeadlineJob job, string topic, object payload, CancellationToken cancellationToken) =>
        session.Outbox.EnqueueAsync(topic, JsonSerializer.Serialize(payload), job.SubjectId, EventIdFor(job.Id), cancellationToken);
}
