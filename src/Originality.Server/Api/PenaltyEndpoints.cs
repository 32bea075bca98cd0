using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;
using Originality.Domain;
using Originality.Domain.Penalties;
using Originality.Domain.Time;
using Originality.Server.Problems;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Api;

/// <summary>Points, ledger and sanctions (P-); penalty policies and the working-day calendar (operator).</summary>
public static class PenaltyEndpoints
{
    public sealed record PenaltyResponse(string Id, string ComplaintId, Instant EstablishedAt, int Year, string Policy, string Kind, int Points, Instant? RevokedAt, string? RevokedReason);

    public sealed record SanctionResponse(string Id, string Kind, Instant StartsAt, Instant? EndsAt, Instant? LiftedAt, bool InEffect);

    public sealed record PointsResponse(string MemberId, int Year, int Points, bool MayPublish, PenaltyResponse[] Penalties, SanctionResponse[] Sanctions);

    public sealed record PolicyResponse(string Id, int Version, int? Points1, string? FirstOffenceGrace);

    public sealed record AssignmentResponse(string Marketplace, Instant EffectiveFrom, string PolicyId, int PolicyVersion, Instant ChosenAt);

    public sealed record PoliciesResponse(PolicyResponse[] BuiltIn, AssignmentResponse[] Assignments, string CurrentDefaultPolicy);

    public sealed record AssignPolicyRequest(string? Marketplace, string? PolicyId, Instant? EffectiveFrom);

    public static IEndpointRouteBuilder MapPenalties(this IEndpointRouteBuilder app)
    {
        app.MapGet("/points", MyPoints).WithName("GetMyPoints").WithTags("Penalties").RequireAuthorization(Policies.Member);
        app.MapGet("/members/{id}/points", MemberPoints).WithName("GetMemberPoints").WithTags("Penalties").RequireAuthorization(Policies.Staff);

        var policies = app.MapGroup("/policies").WithTags("Operator").RequireAuthorization(Policies.Operator);
        policies.MapGet("/", ListPolicies).WithName("ListPolicies");
        policies.MapPost("/assignments", AssignPolicy).WithName("AssignPolicy");

        var calendar = app.MapGroup("/calendar").WithTags("Operator");
        calendar.MapGet("/", GetCalendar).WithName("GetCalendar").RequireAuthorization();
        calendar.MapPut("/", PutCalendar).WithName("PutCalendar").RequireAuthorization(Policies.Operator);
        return app;
    }

    public static PointsResponse ToResponse(MemberId member, PenaltyLedger? ledger, Instant now)
    {
        var year = BeijingTime.YearOf(now);
        if (ledger is null)
        {
            return new(member.ToString(), year, 0, true, [], []);
        }
        return new(member.ToString(), year, ledger.PointsAt(now), ledger.MayPublishAt(now),
            [.. ledger.State.Penalties.Select(p => new PenaltyResponse(p.Id.ToString(), p.Complaint.ToString(), p.EstablishedAt, p.Year,
                $"{p.PolicyId} v{p.PolicyVersion}", p.Kind.ToString(), p.Points, p.RevokedAt, p.RevokedReason))],
            [.. ledger.State.Sanctions.Select(s => new SanctionResponse(s.Id.ToString(), s.Kind.ToString(), s.StartsAt, s.EndsAt, s.LiftedAt, s.IsInEffectAt(now)))]);
    }

    private static async Task<Ok<PointsResponse>> MyPoints(ClaimsPrincipal user, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        var me = user.MemberId();
        var ledger = await store.InSessionAsync(s => s.PenaltyLedgers.GetAsync(me, cancellationToken), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ToResponse(me, ledger, clock.GetCurrentInstant()));
    }

    private static async Task<Results<Ok<PointsResponse>, ProblemHttpResult>> MemberPoints(string id, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var g))
        {
            return Problem.NotFound("member");
        }
        var member = new MemberId(g);
        var ledger = await store.InSessionAsync(s => s.PenaltyLedgers.GetAsync(member, cancellationToken), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ToResponse(member, ledger, clock.GetCurrentInstant()));
    }

    private static async Task<Ok<PoliciesResponse>> ListPolicies(OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        var schedule = await store.InSessionAsync(s => s.Settings.GetPolicyScheduleAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new PoliciesResponse(
            [.. PenaltyPolicy.BuiltIn.Select(p => new PolicyResponse(p.Id, p.Version, null, null))],
            [.. schedule.Assignments.Select(a => new AssignmentResponse(a.Marketplace.Value, a.EffectiveFrom, a.Policy.Id, a.Policy.Version, a.ChosenAt))],
            schedule.PolicyFor(MarketplaceId.Default, clock.GetCurrentInstant()).Id));
    }

    /// <summary>A policy change applies from its effective instant and never rewrites history.</summary>
    private static async Task<Results<Created<AssignmentResponse>, ProblemHttpResult, ValidationProblem>> AssignPolicy(
        AssignPolicyRequest request, ClaimsPrincipal user, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        var policy = PenaltyPolicy.BuiltIn.FirstOrDefault(p => string.Equals(p.Id, request.PolicyId, StringComparison.OrdinalIgnoreCase));
        if (policy is null)
        {
            return Problem.Invalid("policyId", "The policy is one of: " + string.Join(", ", PenaltyPolicy.BuiltIn.Select(p => p.Id)) + ".");
        }
        var now = clock.GetCurrentInstant();
        var marketplace = string.IsNullOrWhiteSpace(request.Marketplace) ? MarketplaceId.Default : MarketplaceId.Of(request.Marketplace);
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var schedule = await session.Settings.GetPolicyScheduleAsync(cancellationToken).ConfigureAwait(false);
            var selected = schedule.Select(marketplace, policy, request.EffectiveFrom ?? now, Actor.Operator(user.Subject()), now);
            if (!selected.Succeeded)
            {
                return selected.Refusal!.ToProblem(selected.Detail);
            }
            var (assignment, audit) = selected.Value;
            await session.Settings.AppendPolicyAssignmentAsync(assignment, audit, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Created("/api/policies", new AssignmentResponse(assignment.Marketplace.Value, assignment.EffectiveFrom, policy.Id, policy.Version, assignment.ChosenAt));
        }
    }

    private static async Task<Ok<object>> GetCalendar(OriginalityStore store, CancellationToken cancellationToken)
    {
        var calendar = await store.InSessionAsync(s => s.Settings.GetCalendarAsync(cancellationToken), cancellationToken).ConfigureAwait(false)
            ?? WorkingDayCalendar.WeekendsOnly;
        var pattern = LocalDatePattern.Iso;
        return TypedResults.Ok<object>(new
        {
            timeZone = "Asia/Shanghai",
            years = calendar.CoveredYears,
            holidays = calendar.Holidays.Select(pattern.Format).ToArray(),
            makeUpWorkingDays = calendar.MakeUpWorkingDays.Select(pattern.Format).ToArray(),
        });
    }

    /// <summary>Replaces the calendar with the operator's file (the format of docs/calendar-example.json).</summary>
    private static async Task<Results<NoContent, ValidationProblem>> PutCalendar(HttpRequest request, ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WorkingDayCalendar.FromJson(json);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return Problem.Invalid("calendar", ex.Message);
        }
        await store.InSessionAsync(s => s.Settings.SaveCalendarAsync(json, Actor.Operator(user.Subject()), cancellationToken), cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
