using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Filings;
using Originality.Server.Application;
using Originality.Server.Hosting;
using Originality.Server.Problems;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Api;

/// <summary>A member's folders (F-2) and the batch upload that files pictures into them (F-3..F-5).</summary>
public static class FolderEndpoints
{
    public sealed record CreateFolderRequest(string? Name);

    public sealed record FolderResponse(string Id, string Name, Instant CreatedAt);

    public sealed record FilingResponse(
        string Id, string FolderId, string FileName, string Status, string Sha256, string Fingerprint, Instant FiledAt, long SizeBytes,
        string CertificateUrl, string OriginalUrl);

    public sealed record UploadResponse(string FolderId, int Certified, int Refused, FileOutcome[] Files);

    public static FolderResponse ToResponse(this Folder folder) => new(folder.Id.ToString(), folder.State.Name, folder.State.CreatedAt);

    public static FilingResponse ToResponse(this Filing filing)
    {
        var e = filing.State.Evidence;
        var status = filing.Status switch
        {
            FilingStatus.Certified => "certified",
            FilingStatus.NotOriginal => "not-original",
            _ => "protection-cancelled",
        };
        return new(filing.Id.ToString(), filing.State.Folder.ToString(), e.FileName, status, e.ContentSha256, e.FingerprintHex, e.FiledAt, e.SizeBytes,
            $"/api/certificates/{filing.Id}", $"/api/filings/{filing.Id}/original");
    }

    public static IEndpointRouteBuilder MapFolders(this IEndpointRouteBuilder app)
    {
        var folders = app.MapGroup("/folders").WithTags("Filing").RequireAuthorization(Policies.Member);
        folders.MapPost("/", Create).WithName("CreateFolder");
        folders.MapGet("/", List).WithName("ListFolders");
        folders.MapGet("/{id}", Get).WithName("GetFolder");
        folders.MapGet("/{id}/filings", Filings).WithName("ListFolderFilings");
        folders.MapPost("/{id}/pictures", Upload).WithName("UploadPictures").AcceptsUploads().DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data");

        var filings = app.MapGroup("/filings").WithTags("Filing").RequireAuthorization();
        filings.MapGet("/", MyFilings).WithName("ListMyFilings").RequireAuthorization(Policies.Member);
        filings.MapGet("/{id}", GetFiling).WithName("GetFiling");
        filings.MapGet("/{id}/original", Original).WithName("GetOriginal");
        return app;
    }

    private static async Task<Results<Created<FolderResponse>, ProblemHttpResult>> Create(
        CreateFolderRequest request, ClaimsPrincipal user, OriginalityStore store, IClock clock, CancellationToken cancellationToken)
    {
        var memberId = user.MemberId();
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var member = await session.Members.GetAsync(memberId, cancellationToken).ConfigureAwait(false);
            if (member is null)
            {
                return Problem.NotFound("member");
            }
            var existing = await session.Folders.ListByOwnerAsync(memberId, cancellationToken).ConfigureAwait(false);
            var eligibility = await session.Settings.GetTrialEligibilityAsync(cancellationToken).ConfigureAwait(false);
            var created = Folder.Create(FolderId.New(), member, request.Name ?? "", existing.Select(f => f.State.Name), eligibility, clock.GetCurrentInstant());
            if (!created.Succeeded)
            {
                return created.Refusal!.ToProblem(created.Detail);
            }
            await session.Folders.SaveAsync(created.Value!, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Created($"/api/folders/{created.Value!.Id}", created.Value.ToResponse());
        }
    }

    private static async Task<Ok<FolderResponse[]>> List(ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken)
    {
        var folders = await store.InSessionAsync(s => s.Folders.ListByOwnerAsync(user.MemberId(), cancellationToken), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(folders.Select(f => f.ToResponse()).ToArray());
    }

    private static async Task<Results<Ok<FolderResponse>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken) =>
        await FindOwnFolderAsync(id, user, store, cancellationToken).ConfigureAwait(false) is { } folder
            ? TypedResults.Ok(folder.ToResponse())
            : Problem.NotFound("folder");

    private static async Task<Results<Ok<FilingResponse[]>, ProblemHttpResult>> Filings(string id, ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken)
    {
        if (await FindOwnFolderAsync(id, user, store, cancellationToken).ConfigureAwait(false) is not { } folder)
        {
            return Problem.NotFound("folder");
        }
        var filings = await store.InSessionAsync(s => s.Filings.ListByOwnerAsync(user.MemberId(), cancellationToken), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(filings.Where(f => f.State.Folder == folder.Id).Select(f => f.ToResponse()).ToArray());
    }

    private static async Task<Results<Ok<UploadResponse>, ProblemHttpResult, ValidationProblem>> Upload(
        string id, HttpRequest request, ClaimsPrincipal user, FilingService filing, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var folderGuid))
        {
            return Problem.NotFound("folder");
        }
        if (!request.HasFormContentType)
        {
            return Problem.Invalid("files", "Send the pictures as multipart/form-data, one part per file.");
        }
        var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        if (form.Files.Count == 0)
        {
            return Problem.Invalid("files", "At least one file is required.");
        }
        var files = await UploadedFile.ReadAllAsync(form.Files, cancellationToken).ConfigureAwait(false);
        var outcomes = await filing.FileAsync(user.MemberId(), new FolderId(folderGuid), files, cancellationToken).ConfigureAwait(false);
        if (outcomes is null)
        {
            return Problem.NotFound("folder");
        }
        return TypedResults.Ok(new UploadResponse(id, outcomes.Count(o => o.Outcome == FileOutcome.Certified), outcomes.Count(o => o.Outcome == FileOutcome.Refused), [.. outcomes]));
    }

    private static async Task<Ok<FilingResponse[]>> MyFilings(ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken)
    {
        var filings = await store.InSessionAsync(s => s.Filings.ListByOwnerAsync(user.MemberId(), cancellationToken), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(filings.Select(f => f.ToResponse()).ToArray());
    }

    private static async Task<Results<Ok<FilingResponse>, ProblemHttpResult>> GetFiling(string id, ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken) =>
        await FindVisibleFilingAsync(id, user, store, cancellationToken).ConfigureAwait(false) is { } filing
            ? TypedResults.Ok(filing.ToResponse())
            : Problem.NotFound("filing");

    /// <summary>F-8: the original file as it was given, checked against its SHA-256.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Original(string id, ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken)
    {
        if (await FindVisibleFilingAsync(id, user, store, cancellationToken).ConfigureAwait(false) is not { } filing)
        {
            return Problem.NotFound("filing");
        }
        var e = filing.State.Evidence;
        var bytes = await store.Originals.ReadAsync(e.ContentSha256, cancellationToken).ConfigureAwait(false);
        var type = e.FileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg";
        return TypedResults.File(bytes, type, e.FileName);
    }

    internal static async Task<Folder?> FindOwnFolderAsync(string id, ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return null;
        }
        var folder = await store.InSessionAsync(s => s.Folders.GetAsync(new FolderId(guid), cancellationToken), cancellationToken).ConfigureAwait(false);
        return folder is not null && folder.Owner == user.MemberId() ? folder : null;
    }

    /// <summary>The owner sees its filings; staff see all; another member sees none (404).</summary>
    internal static async Task<Filing?> FindVisibleFilingAsync(string id, ClaimsPrincipal user, OriginalityStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return null;
        }
        var filing = await store.InSessionAsync(s => s.Filings.GetAsync(new FilingId(guid), cancellationToken), cancellationToken).ConfigureAwait(false);
        if (filing is null)
        {
            return null;
        }
        return user.Role() is Roles.Reviewer or Roles.Operator || (user.Role() == Roles.Member && filing.Owner == user.MemberId()) ? filing : null;
    }
}
