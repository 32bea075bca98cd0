using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Violations;
using Originality.Engine.Checks;
using Originality.Engine.Imaging;
using Originality.Engine.Pdq;
using Originality.Server.Api;
using Originality.Server.Hosting;
using Originality.Server.Problems;
using Originality.Server.Security;
using Originality.Storage.Repositories;

namespace Originality.Server.Violations;

/// <summary>
/// Picture violations and recovery applications (V-1..V-10): staff record violations, members see
/// theirs and file recovery applications (machine-checked at once), reviewers work the queue.
/// </summary>
public static class ViolationEndpoints
{
    public sealed record ViolationResponse(
        string Id, string MemberId, string ProductId, PictureViolationType Type, string Category, string[] Skus,
        bool ProductRemoved, bool SearchDemoted, int Points, Instant PenalizedAt, Instant LiftsAt, Instant RecoveryDeadline,
        ViolationState State, bool ProductListed, Instant? RevokedAt, string? RevokedBy);

    public sealed record FindingResponse(string Code, string Rule, string Reason, string? Subject, string? Evidence);

    public sealed record ApplicationResponse(
        string Id, string ViolationId, string ProductId, RecoveryStatus Status, Instant FiledAt, bool Held, string? Message,
        FindingResponse[] Findings, ApplicationEvent[] Progress);

    public sealed record QueueItem(
        string ApplicationId, string MemberId, string ViolationId, string ProductId, string Reason, Instant FiledAt, Instant ReviewDueAt,
        int StoreLevel, bool PriorityStore, string Category, bool StrictReview, bool HighRisk, PictureViolationType[] HighRiskTypes,
        int ViolationsIn90Days, Dictionary<PictureViolationType, int> ViolationsByType, FindingResponse[] MachineFindings);

    /// <summary>What <c>?checkOnly=true</c> answers: the findings, nothing filed or kept.</summary>
    public sealed record CheckResponse(FindingResponse[] Findings);

    public sealed record DecisionRequest(string? Decision, string[]? Reasons);

    public static IEndpointRouteBuilder MapViolations(this IEndpointRouteBuilder app)
    {
        var violations = app.MapGroup("/violations").WithTags("Violations");
        violations.MapPost("/", Record).WithName("RecordViolation").RequireAuthorization(Policies.Staff);
        violations.MapGet("/", List).WithName("ListViolations").RequireAuthorization();
        violations.MapGet("/commitment-letter", Letter).WithName("CommitmentLetterTemplate").AllowAnonymous();
        violations.MapGet("/{id}", Get).WithName("GetViolation").RequireAuthorization();
        violations.MapPut("/{id}/picture", AttachPicture).WithName("AttachPenalizedPicture").RequireAuthorization(Policies.Staff).AcceptsUploads().DisableAntiforgery();
        violations.MapPost("/{id}/recovery-applications", File).WithName("FileRecoveryApplication").RequireAuthorization(Policies.Member).AcceptsUploads();

        var applications = app.MapGroup("/recovery-applications").WithTags("Violations");
        applications.MapGet("/", Records).WithName("RecoveryApplicationRecords").RequireAuthorization(Policies.Member);
        applications.MapGet("/queue", Queue).WithName("RecoveryQueue").RequireAuthorization(Policies.Staff);
        applications.MapGet("/held", Held).WithName("HeldRecoveryApplications").RequireAuthorization(Policies.Staff);
        applications.MapPost("/{id}/release", Release).WithName("ReleaseRecoveryApplication").RequireAuthorization(Policies.Staff);
        applications.MapPost("/{id}/decision", Decide).WithName("DecideRecoveryApplication").RequireAuthorization(Policies.Staff);
        return app;
    }

    public static ViolationResponse ToResponse(RecordedViolation recorded, ViolationPolicy policy, Instant now)
    {
        var v = recorded.Violation;
        return new ViolationResponse(v.Id.ToString(), v.MemberId.ToString(), v.ProductId.Value, v.Type, recorded.Product.Category.Code,
            [.. recorded.Product.Skus], v.Penalty.ProductRemoved, v.Penalty.SearchDemoted, v.Penalty.Points, v.PenalizedAt, v.LiftsAt,
            v.RecoveryDeadline(policy), v.StateAt(now), v.IsProductListedAt(now), v.RevokedAt, v.RevokedBy?.ToString());
    }

    public static FindingResponse ToResponse(CheckFinding f) => new(f.Code, f.RuleId, f.Reason, f.Subject, f.Evidence);

    public static ApplicationResponse ToResponse(RecoveryApplication a, IReadOnlyList<CheckFinding>? findings = null, string? message = null) =>
        new(a.Id.ToString(), a.ViolationId.ToString(), a.ProductId.Value, a.Status, a.FiledAt, a.Status == RecoveryStatus.HeldForRiskControl,
            message ?? (a.Status == RecoveryStatus.HeldForRiskControl ? a.History[0].Note : null),
            findings is not null
                ? [.. findings.Select(ToResponse)]
                : [.. (a.State.Request.MachineFindings ?? []).Select(f => new FindingResponse(f.Code, f.RuleId, f.Reason, f.Subject, null))],
            [.. a.History]);

    /// <summary>A V-rule refusal as problem details: <c>/problems/{code}</c> with its rule id.</summary>
    public static IResult ToProblem(Refusal refusal)
    {
        if (refusal == Refusal.NotTheMembersViolation)
        {
            return Problem.NotFound("violation");
        }
        var status = refusal.RuleId == "V-4" || refusal == Refusal.ViolationProductMismatch || refusal == Refusal.RejectionNeedsReason
            ? StatusCodes.Status422UnprocessableEntity
            : StatusCodes.Status409Conflict;
        return Problem.Refused(refusal.Code, refusal.Message, refusal.RuleId == "-" ? null : refusal.RuleId, status: status);
    }

    private static async Task<IResult> Record(ViolationService.RecordRequest request, ClaimsPrincipal user, ViolationService service, IClock clock, CancellationToken cancellationToken)
    {
        var (recorded, errors) = await service.RecordAsync(request, ComplaintEndpoints.StaffActor(user), cancellationToken).ConfigureAwait(false);
        if (recorded is null)
        {
            return Problem.Invalid(errors);
        }
        return TypedResults.Created($"/api/violations/{recorded.Violation.Id}", ToResponse(recorded, service.Policy, clock.GetCurrentInstant()));
    }

    /// <summary>Members see their own violations; staff pass <c>?memberId=</c>.</summary>
    private static async Task<IResult> List(ClaimsPrincipal user, ViolationService service, IClock clock, string? memberId, CancellationToken cancellationToken)
    {
        MemberId member;
        if (user.Role() == Roles.Member)
        {
            member = user.MemberId();
        }
        else if (Guid.TryParse(memberId, out var id))
        {
            member = new MemberId(id);
        }
        else
        {
            return Problem.Invalid("memberId", "Staff list the violations of one member: ?memberId=.");
        }
        var now = clock.GetCurrentInstant();
        var list = await service.ListForMemberAsync(member, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(list.Select(v => ToResponse(v, service.Policy, now)).ToArray());
    }

    private static async Task<IResult> Get(string id, ClaimsPrincipal user, ViolationService service, IClock clock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid) || await service.GetAsync(new ViolationId(guid), cancellationToken).ConfigureAwait(false) is not { } recorded
            || (user.Role() == Roles.Member && recorded.Violation.MemberId != user.MemberId()))
        {
            return Problem.NotFound("violation");
        }
        return TypedResults.Ok(ToResponse(recorded, service.Policy, clock.GetCurrentInstant()));
    }

    /// <summary>The penalized picture (multipart field <c>picture</c>), which replacements in recovery applications are compared with (V-5).</summary>
    private static async Task<IResult> AttachPicture(string id, IFormCollection form, ViolationService service, IClock clock, CancellationToken cancellationToken)
    {
        if (form.Files.GetFile("picture") is not { Length: > 0 } file)
        {
            return Problem.Invalid("picture", "Send the penalized picture as the multipart file field \"picture\".");
        }
        if (!Guid.TryParse(id, out var guid))
        {
            return Problem.NotFound("violation");
        }
        using var content = new MemoryStream();
        await file.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
        try
        {
            // Refuse what the matcher could never compare, before anything is stored; decoded as the
            // intake decodes (scaled), so a picture at the pixel cap costs what a normal photo does.
            ImageDecoder.Decode(content.GetBuffer().AsSpan(0, (int)content.Length), file.FileName, new DecodeOptions(MinShortSide: PdqFingerprinter.FastMinShortSide));
        }
        catch (ImageRejectedException rejected)
        {
            return Problem.Invalid("picture", $"{rejected.Reason} ({rejected.Code})");
        }
        var recorded = await service.AttachPictureAsync(new ViolationId(guid), new UploadedFile(file.FileName, content.ToArray()), cancellationToken).ConfigureAwait(false);
        return recorded is null ? Problem.NotFound("violation") : TypedResults.Ok(ToResponse(recorded, service.Policy, clock.GetCurrentInstant()));
    }

    /// <summary>The commitment letter template (V-4) as a document to download; <c>?lang=en</c> for English.</summary>
    private static FileContentHttpResult Letter(string? lang)
    {
        var chinese = !string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase);
        return TypedResults.File(Encoding.UTF8.GetBytes(CommitmentLetterTemplate.Html(chinese)), "text/html; charset=utf-8",
            chinese ? "commitment-letter-zh.html" : "commitment-letter-en.html");
    }

    private static async Task<IResult> File(string id, HttpContext context, IFormCollection form, ViolationService service, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return Problem.NotFound("violation");
        }
        var (upload, errors) = await RecoveryForm.ReadAsync(form, cancellationToken).ConfigureAwait(false);
        if (upload is null)
        {
            return Problem.Invalid(errors);
        }
        var checkOnly = string.Equals(context.Request.Query["checkOnly"], "true", StringComparison.OrdinalIgnoreCase);
        var result = await service.FileAsync(context.User.MemberId(), new ViolationId(guid), upload, ClientAddress(context), checkOnly, cancellationToken).ConfigureAwait(false);
        if (result.NotFound)
        {
            return Problem.NotFound("violation");
        }
        if (result.Refusal is { } refusal)
        {
            return ToProblem(refusal);
        }
        if (checkOnly)
        {
            return TypedResults.Ok(new CheckResponse([.. (result.Findings ?? []).Select(ToResponse)]));
        }
        var application = result.Application!;
        return TypedResults.Created($"/api/recovery-applications/{application.Id}", ToResponse(application, result.Findings, result.HeldMessage));
    }

    /// <summary>V-7 counts by the address the connection came from (a proxy in front must forward it via the host's forwarded-headers setup).</summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async Task<Ok<ApplicationRecord[]>> Records(ClaimsPrincipal user, ViolationService service, CancellationToken cancellationToken) =>
        TypedResults.Ok((await service.RecordsAsync(user.MemberId(), cancellationToken).ConfigureAwait(false)).ToArray());

    public static QueueItem ToQueueItem(ReviewQueueEntry e)
    {
        var a = e.Application;
        return new QueueItem(a.Id.ToString(), a.MemberId.ToString(), a.ViolationId.ToString(), a.ProductId.Value, a.State.Request.Reason, a.FiledAt,
            e.ReviewDueAt, (int)e.StoreLevel, e.PriorityStore, e.Category.Code, e.StrictReview, e.History.IsHighRisk, [.. e.History.HighRiskTypes],
            e.History.Violations.Count, e.History.CountByType.ToDictionary(),
            [.. (a.State.Request.MachineFindings ?? []).Select(f => new FindingResponse(f.Code, f.RuleId, f.Reason, f.Subject, null))]);
    }

    private static async Task<Ok<QueueItem[]>> Queue(ViolationService service, CancellationToken cancellationToken) =>
        TypedResults.Ok((await service.QueueAsync(cancellationToken).ConfigureAwait(false)).Select(ToQueueItem).ToArray());

    private static async Task<Ok<ApplicationResponse[]>> Held(ViolationService service, CancellationToken cancellationToken) =>
        TypedResults.Ok((await service.HeldAsync(cancellationToken).ConfigureAwait(false)).Select(a => ToResponse(a)).ToArray());

    private static async Task<IResult> Release(string id, ClaimsPrincipal user, ViolationService service, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return Problem.NotFound("recovery application");
        }
        return Respond(await service.ReleaseAsync(new RecoveryApplicationId(guid), ComplaintEndpoints.StaffActor(user), cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> Decide(string id, DecisionRequest request, ClaimsPrincipal user, ViolationService service, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return Problem.NotFound("recovery application");
        }
        if (request.Decision is not ("approve" or "reject"))
        {
            return Problem.Invalid("decision", "approve or reject");
        }
        return Respond(await service.DecideAsync(new RecoveryApplicationId(guid), request.Decision == "approve", request.Reasons ?? [],
            ComplaintEndpoints.StaffActor(user), cancellationToken).ConfigureAwait(false));
    }

    private static IResult Respond(RecoveryStepResult result) =>
        result.NotFound ? Problem.NotFound("recovery application")
        : result.Refusal is { } refusal ? ToProblem(refusal)
        : TypedResults.Ok(ToResponse(result.Application!));
}
