using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Complaints;
using Originality.Server.Application;
using Originality.Server.Problems;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Api;

/// <summary>
/// Complaints (C-), acceptance, appeals (R-), withdrawal and decisions. Each party gets its own
/// view: the respondent's never contains the complainant or the complainant's filings (C-2).
/// </summary>
public static class ComplaintEndpoints
{
    public sealed record DeadlineResponse(string Kind, Instant DueAt, string Rule);

    public sealed record ComplainantResponse(
        string Id, string Role, ComplaintStatus Status, string Category, string[] Pictures, string[] Listings, Instant FiledAt,
        Instant AcceptanceDueAt, Instant? DecidedAt, string? DecisionReason, bool GoodsRemoved, int AppealsFiled,
        Instant? AppealWindowClosesAt, bool MayWithdraw);

    public sealed record RespondentResponse(
        string Id, string Role, ComplaintStatus Status, string Category, string[] Listings, Instant? NoticeAt, string? DecisionReason,
        bool GoodsRemoved, Instant? AppealWindowClosesAt, AppealRecord[] Appeals, bool MayAppeal, DeadlineResponse? NextDeadline);

    public sealed record StaffResponse(
        string Id, string Role, ComplaintStatus Status, string ComplainantId, string RespondentId, string Category, string[] Pictures,
        string[] Listings, string? Description, Instant FiledAt, Instant AcceptanceDueAt, Instant? DecidedAt, string? DecisionReason,
        string? Severity, string? PenaltyId, bool GoodsRemoved, Instant? AppealWindowClosesAt, AppealRecord[] Appeals, DeadlineResponse? NextDeadline);

    public sealed record QueueItem(string ComplaintId, string Kind, ComplaintStatus Status, string Category, Instant DueAt, string[] Listings);

    public sealed record QueueResponse(QueueItem[] Acceptance, QueueItem[] Appeals);

    public static IEndpointRouteBuilder MapComplaints(this IEndpointRouteBuilder app)
    {
        var complaints = app.MapGroup("/complaints").WithTags("Complaints");
        complaints.MapPost("/", File).WithName("FileComplaint").RequireAuthorization(Policies.Member);
        complaints.MapGet("/", List).WithName("ListComplaints").RequireAuthorization();
        complaints.MapGet("/{id}", Get).WithName("GetComplaint").RequireAuthorization();
        complaints.MapPost("/{id}/acceptance", Accept).WithName("DecideAcceptance").RequireAuthorization(Policies.Reviewer);
        complaints.MapPost("/{id}/appeals", Appeal).WithName("FileAppeal").RequireAuthorization(Policies.Member);
        complaints.MapPost("/{id}/appeals/decision", DecideAppeal).WithName("DecideAppeal").RequireAuthorization(Policies.Reviewer);
        complaints.MapPost("/{id}/withdrawal", Withdraw).WithName("WithdrawComplaint").RequireAuthorization(Policies.Member);

        app.MapGet("/review/queue", Queue).WithName("ReviewQueue").WithTags("Complaints").RequireAuthorization(Policies.Reviewer);
        return app;
    }

    /// <summary>The view of <paramref name="complaint"/> for <paramref name="user"/>, or null when it is none of its business.</summary>
    public static object? ViewFor(Complaint complaint, ClaimsPrincipal user, Instant now)
    {
        var s = complaint.State;
        if (user.Role() is Roles.Reviewer or Roles.Operator)
        {
            return new StaffResponse(s.Id.ToString(), "staff", s.Status, s.Complainant.ToString(), s.Respondent.ToString(), s.Category.Code,
                [.. s.Pictures.Select(p => p.ToString())], [.. s.Listings.Select(l => l.Value)], s.Description, s.FiledAt, s.AcceptanceDueAt,
                s.DecidedAt, s.DecisionReason, s.Severity?.ToString(), s.Penalty?.ToString(), s.GoodsRemoved, s.AppealWindowClosesAt,
                [.. s.Appeals], Deadline(complaint));
        }
        if (user.Role() != Roles.Member)
        {
            return null;
        }
        var me = user.MemberId();
        if (s.Complainant == me)
        {
            var v = complaint.ToComplainantView(now);
            return new ComplainantResponse(v.Id.ToString(), "complainant", v.Status, v.Category.Code, [.. v.Pictures.Select(p => p.ToString())],
                [.. v.Listings.Select(l => l.Value)], v.FiledAt, v.AcceptanceDueAt, v.DecidedAt, v.DecisionReason, v.GoodsRemoved,
                v.AppealsFiled, v.AppealWindowClosesAt, v.MayWithdraw);
        }
        if (s.Respondent == me)
        {
            return ToRespondent(complaint, now);
        }
        return null;
    }

    public static RespondentResponse ToRespondent(Complaint complaint, Instant now)
    {
        var v = complaint.ToRespondentView(now);
        // The respondent learns of a complaint from the infringement notice: before acceptance
        // its deadline is the platform's business only.
        var deadline = complaint.Status == ComplaintStatus.AwaitingAcceptance ? null : Deadline(complaint);
        return new RespondentResponse(v.Id.ToString(), "respondent", v.Status, v.Category.Code, [.. v.Listings.Select(l => l.Value)], v.NoticeAt,
            v.DecisionReason, v.GoodsRemoved, v.AppealWindowClosesAt, [.. v.Appeals], v.MayAppeal, deadline);
    }

    private static DeadlineResponse? Deadline(Complaint complaint) =>
        complaint.NextDeadline is { } d ? new DeadlineResponse(d.Kind.ToString(), d.DueAt, d.RuleId) : null;

    private static IResult Respond(ComplaintResult result, ClaimsPrincipal user, IClock clock, bool created = false)
    {
        if (result.NotFound)
        {
            return Problem.NotFound("complaint");
        }
        if (result.Errors is { Count: > 0 })
        {
            return Problem.Invalid(result.Errors);
        }
        if (result.Refusal is { } refusal)
        {
            // A refusal's detail may name a filing; the respondent must not learn the complainant's filings.
            var isComplainant = result.Complaint is null || (user.Role() == Roles.Member && result.Complaint.State.Complainant == user.MemberId())
                || user.Role() is Roles.Reviewer or Roles.Operator;
            return refusal.ToProblem(isComplainant ? result.Detail : null);
        }
        var view = ViewFor(result.Complaint!, user, clock.GetCurrentInstant());
        if (view is null)
        {
            return Problem.NotFound("complaint");
        }
        return created ? TypedResults.Created($"/api/complaints/{result.Complaint!.Id}", view) : TypedResults.Ok(view);
    }

    private static async Task<IResult> File(ComplaintService.FileRequest request, ClaimsPrincipal user, ComplaintService complaints, IClock clock, CancellationToken cancellationToken) =>
        Respond(await complaints.FileAsync(user.MemberId(), request, cancellationToken).ConfigureAwait(false), user, clock, created: true);

    private static async Task<IResult> Get(string id, ClaimsPrincipal user, ComplaintService complaints, IClock clock, CancellationToken cancellationToken)
    {
        var complaint = await complaints.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return complaint is null ? Problem.NotFound("complaint") : Respond(new ComplaintResult(complaint), user, clock);
    }

    /// <summary><c>?as=complainant</c> (filed) or <c>?as=respondent</c> (received) for members; <c>?status=</c> for staff.</summary>
    private static async Task<IResult> List(ClaimsPrincipal user, OriginalityStore store, IClock clock, string? @as, ComplaintStatus? status, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        if (user.Role() == Roles.Member)
        {
            var me = user.MemberId();
            var list = string.Equals(@as, "respondent", StringComparison.OrdinalIgnoreCase)
                ? await store.InSessionAsync(s => s.Complaints.ListByRespondentAsync(me, cancellationToken), cancellationToken).ConfigureAwait(false)
                : await store.InSessionAsync(s => s.Complaints.ListByComplainantAsync(me, cancellationToken), cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(list.Select(c => ViewFor(c, user, now)).ToArray());
        }
        var all = await store.InSessionAsync(s => s.Complaints.ListByStatusAsync(status ?? ComplaintStatus.AwaitingAcceptance, 500, cancellationToken), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(all.Select(c => ViewFor(c, user, now)).ToArray());
    }

    private static async Task<IResult> Accept(string id, ComplaintService.AcceptanceRequest request, ClaimsPrincipal user, ComplaintService complaints, IClock clock, CancellationToken cancellationToken) =>
        Respond(await complaints.DecideAcceptanceAsync(id, StaffActor(user), request, cancellationToken).ConfigureAwait(false), user, clock);

    private static async Task<IResult> Appeal(string id, ComplaintService.AppealRequest request, ClaimsPrincipal user, ComplaintService complaints, IClock clock, CancellationToken cancellationToken)
    {
        // Only the parties may touch a complaint; anyone else does not learn that it exists.
        var existing = await complaints.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (existing is null || ViewFor(existing, user, clock.GetCurrentInstant()) is null)
        {
            return Problem.NotFound("complaint");
        }
        return Respond(await complaints.AppealAsync(id, user.MemberId(), request, cancellationToken).ConfigureAwait(false), user, clock);
    }

    private static async Task<IResult> DecideAppeal(string id, ComplaintService.AppealDecisionRequest request, ClaimsPrincipal user, ComplaintService complaints, IClock clock, CancellationToken cancellationToken) =>
        Respond(await complaints.DecideAppealAsync(id, StaffActor(user), request, cancellationToken).ConfigureAwait(false), user, clock);

    private static async Task<IResult> Withdraw(string id, ComplaintService.WithdrawalRequest request, ClaimsPrincipal user, ComplaintService complaints, IClock clock, CancellationToken cancellationToken)
    {
        var existing = await complaints.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (existing is null || ViewFor(existing, user, clock.GetCurrentInstant()) is null)
        {
            return Problem.NotFound("complaint");
        }
        return Respond(await complaints.WithdrawAsync(id, user.MemberId(), request, cancellationToken).ConfigureAwait(false), user, clock);
    }

    /// <summary>Reviewer queues, earliest deadline first.</summary>
    private static async Task<Ok<QueueResponse>> Queue(OriginalityStore store, CancellationToken cancellationToken)
    {
        var (awaiting, appeals) = await store.InSessionAsync(async s => (
            await s.Complaints.ListByStatusAsync(ComplaintStatus.AwaitingAcceptance, 500, cancellationToken).ConfigureAwait(false),
            await s.Complaints.ListByStatusAsync(ComplaintStatus.AppealPending, 500, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        static QueueItem Item(Complaint c) => new(c.Id.ToString(), c.NextDeadline?.Kind.ToString() ?? "", c.Status, c.State.Category.Code,
            c.NextDeadline?.DueAt ?? c.State.FiledAt, [.. c.State.Listings.Select(l => l.Value)]);
        return TypedResults.Ok(new QueueResponse(
            [.. awaiting.Select(Item).OrderBy(i => i.DueAt)],
            [.. appeals.Select(Item).OrderBy(i => i.DueAt)]));
    }

    internal static Actor StaffActor(ClaimsPrincipal user) =>
        user.Role() == Roles.Operator ? Actor.Operator(user.Subject()) : Actor.Reviewer(user.Subject());
}
