using Originality.Domain;
using Originality.Domain.Members;
using Originality.Domain.Penalties;
using Originality.Domain.Time;
using Originality.Storage.Sql;

namespace Originality.Storage.Repositories;

/// <summary>
/// Operator data: the penalty-policy schedule (append-only: a change applies from its effective
/// instant and never rewrites history), the working-day calendar and the trial eligibility.
/// </summary>
public sealed class SettingsRepository
{
    private const string CalendarKey = "working-day-calendar";
    private const string EligibilityKey = "trial-eligibility";

    private readonly StorageSession _session;

    internal SettingsRepository(StorageSession session) => _session = session;

    /// <summary>Appends a policy selection made by <see cref="PolicySchedule.Select"/> and its audit entry.</summary>
    public async Task AppendPolicyAssignmentAsync(PolicyAssignment assignment, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(audit);
        await _session.ExecuteAsync("""
            INSERT INTO policy_assignments (marketplace, effective_from, policy_id, assignment, chosen_at)
            VALUES (@marketplace, @effectiveFrom, @policyId, @assignment, @chosenAt)
            """,
            new
            {
                marketplace = assignment.Marketplace.Value,
                effectiveFrom = Instants.ToTicks(assignment.EffectiveFrom),
                policyId = assignment.Policy.Id,
                assignment = StateJson.Serialize(assignment),
                chosenAt = Instants.ToTicks(assignment.ChosenAt),
            }, cancellationToken).ConfigureAwait(false);
        await _session.Audit.AppendAsync(audit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The whole policy schedule (P-003 everywhere when nothing was selected).</summary>
    public async Task<PolicySchedule> GetPolicyScheduleAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _session.QueryAsync<string>(
            "SELECT assignment FROM policy_assignments ORDER BY seq", null, cancellationToken).ConfigureAwait(false);
        return new PolicySchedule(rows.Select(StateJson.Deserialize<PolicyAssignment>));
    }

    /// <summary>
    /// Stores the operator's calendar file (the JSON format <see cref="WorkingDayCalendar.FromJson"/>
    /// reads), after checking it parses.
    /// </summary>
    public async Task SaveCalendarAsync(string calendarJson, Actor by, CancellationToken cancellationToken = default)
    {
        WorkingDayCalendar.FromJson(calendarJson);
        await PutSettingAsync(CalendarKey, calendarJson, cancellationToken).ConfigureAwait(false);
        await _session.Audit.AppendAsync(new AuditEntry(_session.Clock.GetCurrentInstant(), by, "calendar", CalendarKey, "calendar.replaced", "-"),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored calendar, or null when none was stored.</summary>
    public async Task<WorkingDayCalendar?> GetCalendarAsync(CancellationToken cancellationToken = default)
    {
        var json = await GetSettingAsync(CalendarKey, cancellationToken).ConfigureAwait(false);
        return json is null ? null : WorkingDayCalendar.FromJson(json);
    }

    /// <summary>Stores the trial configuration (F-1).</summary>
    public async Task SaveTrialEligibilityAsync(TrialEligibility eligibility, Actor by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eligibility);
        await PutSettingAsync(EligibilityKey, StateJson.Serialize(eligibility), cancellationToken).ConfigureAwait(false);
        await _session.Audit.AppendAsync(new AuditEntry(_session.Clock.GetCurrentInstant(), by, "trial-eligibility", EligibilityKey, "trial-eligibility.replaced", "F-1"),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The trial configuration; open to everyone when none was stored.</summary>
    public async Task<TrialEligibility> GetTrialEligibilityAsync(CancellationToken cancellationToken = default)
    {
        var json = await GetSettingAsync(EligibilityKey, cancellationToken).ConfigureAwait(false);
        return json is null ? TrialEligibility.Open : StateJson.Deserialize<TrialEligibility>(json);
    }

    private Task<int> PutSettingAsync(string key, string value, CancellationToken cancellationToken) =>
        _session.ExecuteAsync("""
            INSERT INTO settings (id, state, updated_at) VALUES (@key, @value, @now)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """,
            new { key, value, now = Instants.ToTicks(_session.Clock.GetCurrentInstant()) }, cancellationToken);

    private Task<string?> GetSettingAsync(string key, CancellationToken cancellationToken) =>
        _session.QuerySingleOrDefaultAsync<string>("SELECT state FROM settings WHERE id = @key", new { key }, cancellationToken);
}
