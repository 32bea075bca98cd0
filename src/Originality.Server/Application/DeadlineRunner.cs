using System.Globalization;
using System.Text.Json;
using NodaTime;
using Originality.Domain;
using Originality.Storage;
using Originality.Storage.Deadlines;

namespace Originality.Server.Application;

/// <summary>
/// Runs the durable deadlines (Storage's worker) with the rulebook's transitions: appeal windows
/// close, sanctions end (P-3), points reset at the year's end (P-4); overdue acceptances and
/// appeal decisions are announced. In manual clock mode the clock endpoints run it at once.
/// </summary>
public sealed class DeadlineRunner : BackgroundService
{
    private readonly DeadlineWorker _worker;
    private readonly ILogger<DeadlineRunner> _logger;

    public DeadlineRunner(OriginalityStore store, ComplaintService complaints, TimeProvider time, ILogger<DeadlineRunner> logger)
    {
        _logger = logger;
        IDeadlineHandler[] handlers =
        [
            new DelegateDeadlineHandler(DeadlineKind.AppealWindowClosing, async (job, session, ct) =>
            {
                var result = await complaints.CloseAppealWindowAsync(session, job.SubjectId, ct).ConfigureAwait(false);
                if (result.Refusal is { } refusal && refusal != Refusal.ComplaintAlreadyDecided && refusal != Refusal.AppealAlreadyPending
                    && _logger.IsEnabled(LogLevel.Information))
                {
                    _logger.LogInformation("Appeal window of {Complaint} not closed: {Refusal}", job.SubjectId, refusal.Code);
                }
            }),
            new DelegateDeadlineHandler(DeadlineKind.ComplaintAcceptanceDue, (job, session, ct) =>
                session.Outbox.EnqueueAsync("complaint.acceptance-overdue", JsonSerializer.Serialize(new { complaintId = job.SubjectId }), job.SubjectId, cancellationToken: ct)),
            new DelegateDeadlineHandler(DeadlineKind.AppealDecisionDue, (job, session, ct) =>
                session.Outbox.EnqueueAsync("appeal.decision-overdue", JsonSerializer.Serialize(new { complaintId = job.SubjectId }), job.SubjectId, cancellationToken: ct)),
            new DelegateDeadlineHandler(DeadlineKind.SanctionEnding, async (job, session, ct) =>
            {
                var ledger = await session.PenaltyLedgers.GetAsync(new MemberId(Guid.Parse(job.SubjectId)), ct).ConfigureAwait(false);
                if (ledger is not null && Guid.TryParse(job.Payload, out var sanction))
                {
                    if (ledger.RecordSanctionEnded(new SanctionId(sanction), Actor.System("deadlines"), store.Clock.GetCurrentInstant()).Succeeded)
                    {
                        await session.PenaltyLedgers.SaveAsync(ledger, ct).ConfigureAwait(false);
                        await session.Outbox.EnqueueAsync("sanction.ended", JsonSerializer.Serialize(new { memberId = job.SubjectId, sanctionId = job.Payload }), job.SubjectId, cancellationToken: ct).ConfigureAwait(false);
                    }
                }
            }),
            new DelegateDeadlineHandler(DeadlineKind.YearEndReset, async (job, session, ct) =>
            {
                var ledger = await session.PenaltyLedgers.GetAsync(new MemberId(Guid.Parse(job.SubjectId)), ct).ConfigureAwait(false);
                if (ledger is not null && int.TryParse(job.Payload, NumberStyles.Integer, CultureInfo.InvariantCulture, out var year)
                    && ledger.RecordYearEndReset(year, Actor.System("deadlines"), store.Clock.GetCurrentInstant()).Succeeded)
                {
                    await session.PenaltyLedgers.SaveAsync(ledger, ct).ConfigureAwait(false);
                }
            }),
        ];
        _worker = new DeadlineWorker(store, handlers, new DeadlineWorkerOptions { PollInterval = TimeSpan.FromSeconds(1) }, time);
        _worker.PollFailed += ex => _logger.LogError(ex, "Deadline poll failed");
    }

    /// <summary>Runs every deadline that is due now (after the manual clock moved).</summary>
    public async Task<int> RunDueNowAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var result = await _worker.RunDueAsync(cancellationToken).ConfigureAwait(false);
            total += result.Completed;
            if (result.Claimed == 0)
            {
                return total;
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _worker.RunAsync(stoppingToken);
}
