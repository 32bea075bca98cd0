using System.Globalization;
using NodaTime;
using Originality.Domain;
using Originality.Server.Application;
using Originality.Server.Security;
using Originality.Storage;
using static Originality.Server.Pages.Html;

namespace Originality.Server.Pages;

/// <summary>The operator console: members (with new keys), reviewers, policies, calendar, webhooks.</summary>
public static class OperatorPages
{
    public static IEndpointRouteBuilder MapOperatorPages(this IEndpointRouteBuilder app)
    {
        var pages = app.PagesFor("/operator", Policies.Operator);
        pages.MapGet("/", Home);
        pages.MapPost("/members", CreateMember);
        return app;
    }

    private static async Task<IResult> Home(HttpContext context, MemberDirectory members, CredentialStore credentials, OriginalityStore store, WebhookStore webhooks, IClock clock, CancellationToken cancellationToken) =>
        await Render(context, members, credentials, store, webhooks, clock, null, cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> Render(HttpContext context, MemberDirectory members, CredentialStore credentials, OriginalityStore store, WebhookStore webhooks, IClock clock, string? message, CancellationToken cancellationToken)
    {
        var t = Texts.For(context);
        var all = await members.ListAsync(cancellationToken).ConfigureAwait(false);
        var reviewers = await credentials.ListAsync(Roles.Reviewer, cancellationToken).ConfigureAwait(false);
        var (schedule, calendar) = await store.InSessionAsync(async s => (
            await s.Settings.GetPolicyScheduleAsync(cancellationToken).ConfigureAwait(false),
            await s.Settings.GetCalendarAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        var hooks = await webhooks.ListAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetCurrentInstant();
        var body = $"""
            {(message is null ? "" : $"<p class=\"card\" id=\"operator-message\">{message}</p>")}
            <p class="muted">{E(t["clock"])}: {When(now, t)}</p>
            <h2>{E(t["members"])}</h2>
            {Table([t["nickname"], t["storeId"], t["storeLevel"], t["categories"]], all.Select(m => new[]
            {
                E(m.Nickname.Value), E(m.State.StoreId.Value), ((int)m.State.Level).ToString(CultureInfo.InvariantCulture),
                E(string.Join(", ", m.State.Categories.Select(c => CategoryName(c.Code, t)))),
            }), t, "members")}
            <form class="card" method="post" action="/operator/members" id="new-member">
              {Csrf(context)}
              <label for="nickname">{E(t["nickname"])}</label><input type="text" id="nickname" name="nickname" required>
              <label for="storeId">{E(t["storeId"])}</label><input type="text" id="storeId" name="storeId" placeholder="AE-1234567" required>
              <label for="storeLevel">{E(t["storeLevel"])}</label><input type="text" id="storeLevel" name="storeLevel" value="3">
              <label for="categories">{E(t["categories"])}</label><input type="text" id="categories" name="categories" value="apparel">
              <div><button type="submit">{E(t["create"])}</button></div>
            </form>
            <h2>{E(t["reviewers"])}</h2>
            {Table([t["name"]], reviewers.Select(r => new[] { E(r.Name) }), t)}
            <h2>{E(t["policies"])}</h2>
            <p>{E(schedule.PolicyFor(MarketplaceId.Default, now).Id)}</p>
            {Table([t["marketplace"], t["policy"], t["effectiveFrom"]], schedule.Assignments.Select(a => new[] { E(a.Marketplace.Value), E(a.Policy.Id), When(a.EffectiveFrom, t) }), t)}
            <h2>{E(t["calendar"])}</h2>
            <p>{(calendar is null ? E(t["none"]) : E(string.Format(CultureInfo.InvariantCulture, t["calendarSummary"], calendar.Holidays.Count, calendar.MakeUpWorkingDays.Count)))}</p>
            <h2>{E(t["webhooks"])}</h2>
            {Table([t["url"], t["addedOn"]], hooks.Select(h => new[] { E(h.Url), When(h.CreatedAt, t) }), t)}
            """;
        return Page(context, t, t["operator"], body);
    }

    private static async Task<IResult> CreateMember(HttpContext context, IFormCollection form, MemberDirectory members, CredentialStore credentials, OriginalityStore store, WebhookStore webhooks, IClock clock, CancellationToken cancellationToken)
    {
        var level = int.TryParse(form["storeLevel"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 0;
        var (member, key, errors) = await members.RegisterAsync(
            new MemberDirectory.Registration(form["nickname"], form["storeId"], level,
                form["categories"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), null),
            Actor.Operator(context.User.Subject()), cancellationToken).ConfigureAwait(false);
        var message = member is null
            ? $"<span class=\"error\">{E(string.Join(" ", errors.SelectMany(e => e.Value)))}</span>"
            : string.Format(CultureInfo.InvariantCulture, E(Texts.For(context)["newKeyShownOnce"]), E(member.Nickname.Value), $"<code id=\"new-key\">{E(key)}</code>");
        return await Render(context, members, credentials, store, webhooks, clock, message, cancellationToken).ConfigureAwait(false);
    }
}
