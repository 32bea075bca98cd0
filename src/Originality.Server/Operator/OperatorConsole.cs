using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Members;
using Originality.Domain.Penalties;
using Originality.Domain.Time;
using Originality.Server.Application;
using Originality.Server.Hosting;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Operator;

/// <summary>
/// What the operator console changes: the penalty policy from an instant on (P-), the working-day
/// calendar, trial eligibility (F-1), webhooks and their test, staff keys, the manual clock. Each
/// change is one short transaction through the same stores and rules the API uses; refusals come
/// back as values for the page to show in the reader's words.
/// </summary>
public sealed class OperatorConsole(
    OriginalityStore store, WebhookStore webhooks, CredentialStore credentials, IHttpClientFactory http, IClock clock, IServiceProvider services)
{
    /// <summary>A change refused, by the rulebook (<see cref="Refusal"/>) or by the console's own check (a resource key and its argument).</summary>
    public sealed record Refused(Refusal? Refusal, string? Key, string? Argument = null);

    /// <summary>P-: <paramref name="policyId"/> applies from <paramref name="effectiveFrom"/> on; history is never rewritten.</summary>
    public async Task<Refused?> AssignPolicyAsync(string? policyId, Instant effectiveFrom, Actor by, CancellationToken cancellationToken)
    {
        var policy = PenaltyPolicy.BuiltIn.FirstOrDefault(p => string.Equals(p.Id, policyId, StringComparison.OrdinalIgnoreCase));
        if (policy is null)
        {
            return new Refused(null, "unknownPolicy");
        }
        var now = clock.GetCurrentInstant();
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var schedule = await session.Settings.GetPolicyScheduleAsync(cancellationToken).ConfigureAwait(false);
            var selected = schedule.Select(MarketplaceId.Default, policy, effectiveFrom, by, now);
            if (!selected.Succeeded)
            {
                return new Refused(selected.Refusal, null);
            }
            await session.Settings.AppendPolicyAssignmentAsync(selected.Value.Assignment, selected.Value.Audit, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>Replaces the calendar with <paramref name="json"/> (the format of docs/calendar-example.json).</summary>
    public async Task<Refused?> SaveCalendarAsync(string? json, Actor by, CancellationToken cancellationToken)
    {
        try
        {
            WorkingDayCalendar.FromJson(json ?? "");
        }
        catch (CalendarFormatException ex)
        {
            return new Refused(null, "calendarInvalid." + ex.Problem, ex.Subject ?? "");
        }
        catch (JsonException ex)
        {
            return new Refused(null, "calendarInvalid.syntax", ((ex.LineNumber ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return new Refused(null, "calendarInvalid", ex.Message);
        }
        await store.InSessionAsync(s => s.Settings.SaveCalendarAsync(json!, by, cancellationToken), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The calendar in force as the JSON the operator edits.</summary>
    public static string CalendarJson(WorkingDayCalendar? calendar)
    {
        var c = calendar ?? WorkingDayCalendar.WeekendsOnly;
        var pattern = NodaTime.Text.LocalDatePattern.Iso;
        var json = new Dictionary<string, object>(StringComparer.Ordinal) { ["timeZone"] = "Asia/Shanghai" };
        // "years" is optional; an absent list means the calendar does not say which years it covers.
        if (c.CoveredYears is { } years)
        {
            json["years"] = years;
        }
        json["holidays"] = c.Holidays.Select(pattern.Format).ToArray();
        json["makeUpWorkingDays"] = c.MakeUpWorkingDays.Select(pattern.Format).ToArray();
        return JsonSerializer.Serialize(json, Indented);
    }

    /// <summary>
    /// F-1: during a trial only the listed categories and members may file. Members are named by
    /// nickname; an unknown nickname refuses the whole change.
    /// </summary>
    public async Task<Refused?> SaveTrialAsync(bool inTrial, string? categories, string? nicknames, Actor by, CancellationToken cancellationToken)
    {
        var codes = Split(categories).Select(Category.Of).Distinct().ToList();
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var members = new List<MemberId>();
            foreach (var text in Split(nicknames))
            {
                var member = Nickname.TryParse(text, out var nickname)
                    ? await session.Members.FindByNicknameAsync(nickname, cancellationToken).ConfigureAwait(false)
                    : null;
                if (member is null)
                {
                    return new Refused(null, "unknownNickname", text);
                }
                members.Add(member.Id);
            }
            await session.Settings.SaveTrialEligibilityAsync(new TrialEligibility(inTrial, codes, [.. members.Distinct()]), by, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>The nicknames of the members a trial lists.</summary>
    public async Task<IReadOnlyList<string>> NicknamesAsync(IEnumerable<MemberId> members, CancellationToken cancellationToken) =>
        await store.InSessionAsync(async s =>
        {
            var names = new List<string>();
            foreach (var id in members)
            {
                names.Add((await s.Members.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Nickname.Value ?? id.ToString());
            }
            return names;
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Adds a webhook; the secret is returned to be shown once.</summary>
    public async Task<(Webhook? Added, Refused? Refused)> AddWebhookAsync(string? url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return (null, new Refused(null, "webhookUrlInvalid"));
        }
        var webhook = new Webhook("wh_" + Guid.NewGuid().ToString("N")[..12], uri.ToString(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), clock.GetCurrentInstant());
        await webhooks.AddAsync(webhook, cancellationToken).ConfigureAwait(false);
        return (webhook, null);
    }

    /// <summary>
    /// Sends one signed <c>test</c> event to the webhook now, outside the outbox (nothing is
    /// retried), and says what its receiver answered.
    /// </summary>
    /// <returns>Null when there is no such webhook.</returns>
    public async Task<(bool Delivered, string Answer)?> SendTestAsync(string id, CancellationToken cancellationToken)
    {
        var target = (await webhooks.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(w => w.Id == id);
        if (target is null)
        {
            return null;
        }
        var body = JsonSerializer.Serialize(new { id = Guid.NewGuid(), topic = "test", createdAt = clock.GetCurrentInstant().ToString(), data = new { } });
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Originality-Event", "test");
        request.Headers.Add("X-Originality-Signature", WebhookDispatcher.Sign(target.Secret, body));
        try
        {
            using var client = http.CreateClient("webhooks");
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return (response.IsSuccessStatusCode, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}"));
        }
        catch (HttpRequestException ex)
        {
            return (false, ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, "timeout");
        }
    }

    /// <summary>Issues a reviewer a key (shown once).</summary>
    public async Task<(Principal? Reviewer, string? Key)> IssueReviewerAsync(string? name, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 100)
        {
            return (null, null);
        }
        var reviewer = new Principal(Roles.Reviewer, "rv_" + Guid.NewGuid().ToString("N")[..12], trimmed);
        return (reviewer, await credentials.IssueAsync(reviewer, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The manual clock, or null when the service runs on the system clock.</summary>
    public ManualTimeProvider? ManualClock => services.GetService<ManualTimeProvider>();

    /// <summary>Moves the manual clock to <paramref name="to"/> (never back) and runs the deadlines that fell due.</summary>
    public async Task<Refused?> SetClockAsync(Instant to, CancellationToken cancellationToken)
    {
        if (ManualClock is not { } manual)
        {
            return new Refused(null, "clockNotManual");
        }
        if (!manual.TrySet(to.ToDateTimeOffset()))
        {
            return new Refused(null, "clockBackwards");
        }
        await services.GetRequiredService<DeadlineRunner>().RunDueNowAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static string[] Split(string? text) =>
        (text ?? "").Split([',', '，', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
