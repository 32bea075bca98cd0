using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Violations;
using Originality.Engine.Checks;
using Originality.Server.Application;
using Originality.Storage;
using Originality.Storage.Repositories;

namespace Originality.Server.Violations;

/// <summary>An uploaded file held in memory for the checks.</summary>
public sealed record UploadedFile(string FileName, byte[] Content)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Content));

    // The original store is content-addressed, so the hash is the key under which the bytes are kept.
    public MaterialFile ToMaterial() => new(Sha256, FileName, Sha256);
}

/// <summary>A replacement picture for one SKU.</summary>
public sealed record UploadedReplacement(string SkuId, UploadedFile File, bool AiGenerated);

/// <summary>An authorization document with what it covers.</summary>
public sealed record UploadedAuthorization(AuthorizationKind Kind, Category Category, UploadedFile File);

/// <summary>Everything a seller submits with a recovery application (V-4), as read from a multipart form.</summary>
public sealed record RecoveryUpload(
    string? ProductId,
    string Reason,
    UploadedFile? CommitmentLetter,
    bool LetterSigned,
    bool LetterSealed,
    IReadOnlyList<UploadedFile> SourceFiles,
    DateTimeOffset? ClaimedExistingBy,
    IReadOnlyList<UploadedAuthorization> Authorizations,
    IReadOnlyList<UploadedReplacement> Replacements,
    bool UsesStockPictures);

/// <summary>What filing a recovery application came to.</summary>
public sealed record FileRecoveryResult(
    RecoveryApplication? Application = null,
    string? HeldMessage = null,
    IReadOnlyList<CheckFinding>? Findings = null,
    Refusal? Refusal = null,
    bool NotFound = false);

/// <summary>A reviewer's step on an application.</summary>
public sealed record RecoveryStepResult(RecoveryApplication? Application = null, Refusal? Refusal = null, bool NotFound = false, string? Invalid = null);

/// <summary>
/// Picture violations and recovery applications (V-1..V-10): loads what the domain rules look at,
/// runs the engine's machine checks, and saves what comes back.
/// </summary>
public sealed class ViolationService(OriginalityStore store, RecoveryMaterialChecker checker, IClock clock, IOptions<ViolationOptions> options)
{
    public ViolationPolicy Policy { get; } = options.Value.ToPolicy();

    public sealed record RecordRequest(
        string? MemberId, string? ProductId, string? Type, bool ProductRemoved, bool SearchDemoted, int Points,
        string? Category, string[]? Skus, Instant? PenalizedAt);

    /// <summary>V-1: staff records a violation against a member's product.</summary>
    public async Task<(RecordedViolation? Violation, Dictionary<string, string[]> Errors)> RecordAsync(RecordRequest request, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        if (!Guid.TryParse(request.MemberId, out var memberGuid))
        {
            errors["memberId"] = ["A member id is required."];
        }
        if (string.IsNullOrWhiteSpace(request.ProductId))
        {
            errors["productId"] = ["A product id is required."];
        }
        if (ParseType(request.Type) is not { } type)
        {
            errors["type"] = ["One of: " + string.Join(", ", Enum.GetNames<PictureViolationType>())];
            type = default;
        }
        if (string.IsNullOrWhiteSpace(request.Category))
        {
            errors["category"] = ["The product's category is required."];
        }
        if (request.Points < 0)
        {
            errors["points"] = ["Points cannot be negative."];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var memberId = new MemberId(memberGuid);
        var now = clock.GetCurrentInstant();
        return await store.InSessionAsync(async s =>
        {
            if (await s.Members.GetAsync(memberId, cancellationToken).ConfigureAwait(false) is null)
            {
                errors["memberId"] = ["No such member."];
                return ((RecordedViolation?)null, errors);
            }
            var violation = PictureViolation.Record(ViolationId.New(), memberId, Domain.Violations.ProductId.Of(request.ProductId!), type,
                new ViolationPenalty(request.ProductRemoved, request.SearchDemoted, request.Points), request.PenalizedAt ?? now, Policy, by);
            var skus = (request.Skus ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct(StringComparer.Ordinal).ToList();
            var recorded = new RecordedViolation(violation, new ViolationProduct(Category.Of(request.Category!), skus));
            await s.Violations.SaveAsync(recorded, cancellationToken).ConfigureAwait(false);
            return (recorded, errors);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps the penalized picture in the originals store and remembers its hash with the
    /// violation, so recovery applications are checked against it (V-5); null for an unknown violation.
    /// </summary>
    public async Task<RecordedViolation?> AttachPictureAsync(ViolationId id, UploadedFile picture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(picture);
        await store.Originals.PutAsync(picture.Content, cancellationToken).ConfigureAwait(false);
        return await store.InSessionAsync(async s =>
        {
            if (await s.Violations.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } recorded)
            {
                return null;
            }
            var updated = recorded with { Product = recorded.Product with { PenalizedPictureSha256 = picture.Sha256 } };
            await s.Violations.SaveAsync(updated, cancellationToken).ConfigureAwait(false);
            return updated;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<RecordedViolation?> GetAsync(ViolationId id, CancellationToken cancellationToken) =>
        store.InSessionAsync(s => s.Violations.GetAsync(id, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<RecordedViolation>> ListForMemberAsync(MemberId member, CancellationToken cancellationToken) =>
        store.InSessionAsync(s => s.Violations.ListForMemberAsync(member, cancellationToken), cancellationToken);

    /// <summary>V-10: the member's application records, newest first.</summary>
    public async Task<IReadOnlyList<ApplicationRecord>> RecordsAsync(MemberId member, CancellationToken cancellationToken) =>
        ApplicationRecords.For(member, await store.InSessionAsync(s => s.RecoveryApplications.ListForMemberAsync(member, cancellationToken), cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// V-2..V-7: files an application. The rules are checked first (so a late or repeated one costs
    /// no OCR), then the machine checks run, the files are kept, and the rules are applied again in
    /// the writing transaction with the findings attached.
    /// </summary>
    /// <param name="checkOnly">Run the rules and the machine checks but file and keep nothing, so the seller can fix the materials first.</param>
    public async Task<FileRecoveryResult> FileAsync(MemberId member, ViolationId violationId, RecoveryUpload upload, string ipAddress, bool checkOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var materials = new RecoveryMaterials(
            upload.CommitmentLetter is { } letter ? new CommitmentLetter(letter.ToMaterial(), upload.LetterSigned, upload.LetterSealed) : null,
            [.. upload.SourceFiles.Select(f => f.ToMaterial())],
            [.. upload.Authorizations.Select(a => new AuthorizationProof(a.Kind, a.Category, a.File.ToMaterial()))],
            [.. upload.Replacements.Select(r => new ReplacementPicture(r.SkuId, r.File.ToMaterial(), r.AiGenerated))]);
        var applicationId = RecoveryApplicationId.New();

        var first = await store.InSessionAsync(s => TryFileAsync(s, member, violationId, upload, materials, applicationId, ipAddress, null, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (first.Result is not null)
        {
            return first.Result;
        }
        var (recorded, owner) = (first.Violation!, first.Member!);
        var penalized = recorded.Product.PenalizedPictureSha256 is { } sha
            ? await store.Originals.ReadAsync(sha, cancellationToken).ConfigureAwait(false)
            : null;

        var findings = await checker.CheckAsync(new MaterialCheckInput(
            owner.State.StoreId.Value,
            recorded.Product.Category.Code,
            recorded.Product.Skus,
            upload.Reason,
            [.. upload.SourceFiles.Select(f => new SourceFileInput(f.FileName, f.Content, upload.ClaimedExistingBy))],
            [.. upload.Authorizations.Select(a => new AuthorizationDocument(a.File.FileName, KindText(a.Kind), a.Category.Code))],
            [.. upload.Replacements.Select(r => new ReplacementInput(r.SkuId, r.File.FileName, r.File.Content, r.AiGenerated))],
            penalized is null ? null : (ReadOnlyMemory<byte>?)penalized,
            upload.UsesStockPictures), cancellationToken).ConfigureAwait(false);

        if (checkOnly)
        {
            return new FileRecoveryResult(Findings: findings);
        }

        // Materials are kept (F-8 store: content-addressed, hash checked on read) before the row that names them.
        foreach (var file in AllFiles(upload))
        {
            await store.Originals.PutAsync(file.Content, cancellationToken).ConfigureAwait(false);
        }

        var machine = findings.Select(f => new MaterialFinding(f.Code, f.RuleId, f.Reason, f.Subject)).ToList();
        try
        {
            var second = await store.InSessionAsync(s => TryFileAsync(s, member, violationId, upload, materials, applicationId, ipAddress, machine, cancellationToken), cancellationToken).ConfigureAwait(false);
            return second.Result! with { Findings = findings };
        }
        catch (System.Data.Common.DbException e) when (IsUniqueViolation(e))
        {
            // Another request for the same violation and product committed between the checks (V-3).
            return new FileRecoveryResult(Refusal: Refusal.RecoveryAlreadyFiled);
        }
    }

    private sealed record Attempt(FileRecoveryResult? Result, RecordedViolation? Violation = null, Domain.Members.Member? Member = null);

    private async Task<Attempt> TryFileAsync(
        StorageSession s, MemberId member, ViolationId violationId, RecoveryUpload upload, RecoveryMaterials materials,
        RecoveryApplicationId applicationId, string ipAddress, IReadOnlyList<MaterialFinding>? findings, CancellationToken cancellationToken)
    {
        var recorded = await s.Violations.GetAsync(violationId, cancellationToken).ConfigureAwait(false);
        var owner = await s.Members.GetAsync(member, cancellationToken).ConfigureAwait(false);
        // Another member's violation is not disclosed: the same answer as an unknown id.
        if (recorded is null || owner is null || recorded.Violation.MemberId != member)
        {
            return new Attempt(new FileRecoveryResult(NotFound: true));
        }
        var now = clock.GetCurrentInstant();
        var productId = string.IsNullOrWhiteSpace(upload.ProductId) ? recorded.Violation.ProductId : ProductId.Of(upload.ProductId);
        var request = new RecoveryRequest(applicationId, member, violationId, productId, ipAddress, upload.Reason, materials, findings);
        var earlier = await s.RecoveryApplications.ListForViolationAsync(violationId, cancellationToken).ConfigureAwait(false);
        var fromIp = await s.RecoveryApplications.CountFromIpAsync(ipAddress, RecoveryFiling.RiskControlDay(now), now, cancellationToken).ConfigureAwait(false);
        var outcome = RecoveryFiling.File(request, recorded.Violation, earlier, fromIp, Policy, now);
        switch (outcome)
        {
            case FilingOutcome.Refused refused:
                return new Attempt(new FileRecoveryResult(Refusal: refused.Refusal));
            case FilingOutcome.Filed filed when findings is not null:
                await s.RecoveryApplications.SaveAsync(filed.Application, cancellationToken).ConfigureAwait(false);
                return new Attempt(new FileRecoveryResult(filed.Application));
            case FilingOutcome.Held held when findings is not null:
                await s.RecoveryApplications.SaveAsync(held.Application, cancellationToken).ConfigureAwait(false);
                return new Attempt(new FileRecoveryResult(held.Application, held.Message));
            default:
                // The pre-check: nothing is saved (the session commits an empty transaction).
                return new Attempt(null, recorded, owner);
        }
    }

    /// <summary>V-8: the review queue with each store's 90-day history and high-risk mark.</summary>
    public async Task<IReadOnlyList<ReviewQueueEntry>> QueueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        return await store.InSessionAsync(async s =>
        {
            var waiting = await s.RecoveryApplications.ListByStatusAsync(RecoveryStatus.AwaitingReview, 1000, cancellationToken).ConfigureAwait(false);
            var candidates = new List<ReviewCandidate>();
            var histories = new Dictionary<MemberId, (StoreLevel Level, IReadOnlyList<RecordedViolation> Violations)>();
            foreach (var application in waiting)
            {
                if (!histories.TryGetValue(application.MemberId, out var store))
                {
                    var member = await s.Members.GetAsync(application.MemberId, cancellationToken).ConfigureAwait(false);
                    store = (member?.State.Level ?? StoreLevel.Lv1, await s.Violations.ListForMemberAsync(application.MemberId, cancellationToken).ConfigureAwait(false));
                    histories[application.MemberId] = store;
                }
                var category = store.Violations.FirstOrDefault(v => v.Violation.Id == application.ViolationId)?.Product.Category ?? Category.Of("unknown");
                candidates.Add(new ReviewCandidate(application, store.Level, category,
                    ViolationHistory.Of(store.Violations.Select(v => v.Violation), now, Policy)));
            }
            var calendar = await ComplaintService.CalendarAsync(s, cancellationToken).ConfigureAwait(false);
            return ReviewOrder.Order(candidates, calendar, Policy);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<RecoveryApplication>> HeldAsync(CancellationToken cancellationToken) =>
        store.InSessionAsync(s => s.RecoveryApplications.ListByStatusAsync(RecoveryStatus.HeldForRiskControl, 1000, cancellationToken), cancellationToken);

    public Task<RecoveryApplication?> GetApplicationAsync(RecoveryApplicationId id, CancellationToken cancellationToken) =>
        store.InSessionAsync(s => s.RecoveryApplications.GetAsync(id, cancellationToken), cancellationToken);

    /// <summary>V-8: approve (the penalty is revoked and the product restored) or reject with reasons (V-3, V-10).</summary>
    public Task<RecoveryStepResult> DecideAsync(RecoveryApplicationId id, bool approve, IReadOnlyList<string> reasons, Actor reviewer, CancellationToken cancellationToken) =>
        store.InSessionAsync(async s =>
        {
            var application = await s.RecoveryApplications.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (application is null)
            {
                return new RecoveryStepResult(NotFound: true);
            }
            var now = clock.GetCurrentInstant();
            Outcome outcome;
            RecordedViolation? violation = null;
            if (approve)
            {
                violation = await s.Violations.GetAsync(application.ViolationId, cancellationToken).ConfigureAwait(false);
                if (violation is null)
                {
                    return new RecoveryStepResult(NotFound: true);
                }
                outcome = application.Approve(violation.Violation, reviewer, now);
            }
            else
            {
                outcome = application.Reject(reasons, reviewer, now);
            }
            if (outcome.Refusal is { } refusal)
            {
                return new RecoveryStepResult(application, refusal);
            }
            if (violation is not null)
            {
                await s.Violations.SaveAsync(violation, cancellationToken).ConfigureAwait(false);
            }
            await s.RecoveryApplications.SaveAsync(application, cancellationToken).ConfigureAwait(false);
            return new RecoveryStepResult(application);
        }, cancellationToken);

    /// <summary>V-7: a reviewer releases a held application into the queue.</summary>
    public Task<RecoveryStepResult> ReleaseAsync(RecoveryApplicationId id, Actor reviewer, CancellationToken cancellationToken) =>
        store.InSessionAsync(async s =>
        {
            var application = await s.RecoveryApplications.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (application is null)
            {
                return new RecoveryStepResult(NotFound: true);
            }
            var outcome = application.Release(reviewer, clock.GetCurrentInstant());
            if (outcome.Refusal is { } refusal)
            {
                return new RecoveryStepResult(application, refusal);
            }
            await s.RecoveryApplications.SaveAsync(application, cancellationToken).ConfigureAwait(false);
            return new RecoveryStepResult(application);
        }, cancellationToken);

    public static PictureViolationType? ParseType(string? text) =>
        text is not null && Enum.TryParse<PictureViolationType>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var t) && Enum.IsDefined(t) && !int.TryParse(text, out _)
            ? t
            : null;

    public static AuthorizationKind? ParseKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "model" => AuthorizationKind.Model,
        "scene" => AuthorizationKind.Scene,
        "third-party" => AuthorizationKind.ThirdPartyPicture,
        "stock" => AuthorizationKind.StockLicence,
        "ai-commercial" => AuthorizationKind.AiCommercialLicence,
        _ => null,
    };

    public static string KindText(AuthorizationKind kind) => kind switch
    {
        AuthorizationKind.Model => "model",
        AuthorizationKind.Scene => "scene",
        AuthorizationKind.ThirdPartyPicture => "third-party",
        AuthorizationKind.StockLicence => AuthorizationDocument.StockKind,
        _ => AuthorizationDocument.AiCommercialKind,
    };

    private static bool IsUniqueViolation(System.Data.Common.DbException e) => e switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException lite => lite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        _ => false,
    };

    private static IEnumerable<UploadedFile> AllFiles(RecoveryUpload upload)
    {
        if (upload.CommitmentLetter is { } letter)
        {
            yield return letter;
        }
        foreach (var f in upload.SourceFiles)
        {
            yield return f;
        }
        foreach (var a in upload.Authorizations)
        {
            yield return a.File;
        }
        foreach (var r in upload.Replacements)
        {
            yield return r.File;
        }
    }
}
