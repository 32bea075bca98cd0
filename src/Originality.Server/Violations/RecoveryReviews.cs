using Originality.Domain.Violations;
using Originality.Engine.Checks;
using Originality.Storage;
using Originality.Storage.Originals;
using Originality.Storage.Repositories;

namespace Originality.Server.Violations;

/// <summary>A source file of an application with the EXIF facts read from the stored bytes (null when the bytes are gone or damaged).</summary>
public sealed record SourceFileFacts(MaterialFile File, SourceExif? Exif);

/// <summary>
/// Everything a reviewer looks at before deciding a recovery application (V-8): the application
/// and its materials, the violation it is for, its place in the queue, and each source file's EXIF.
/// </summary>
public sealed record RecoveryReview(
    RecoveryApplication Application, RecordedViolation? Violation, ReviewQueueEntry? Entry, IReadOnlyList<SourceFileFacts> Sources);

/// <summary>Reads what the recovery review page shows, and the application's stored files for it.</summary>
public sealed class RecoveryReviews(ViolationService service, OriginalityStore store)
{
    /// <summary>The review of application <paramref name="id"/>, or null when there is none (or the id is no id).</summary>
    public async Task<RecoveryReview?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid) || await service.GetApplicationAsync(new RecoveryApplicationId(guid), cancellationToken).ConfigureAwait(false) is not { } application)
        {
            return null;
        }
        var violation = await service.GetAsync(application.ViolationId, cancellationToken).ConfigureAwait(false);
        // The queue's order, deadline and marks are computed over the whole queue; the entry is this application's line.
        var entry = application.Status == RecoveryStatus.AwaitingReview
            ? (await service.QueueAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Application.Id == application.Id)
            : null;
        var sources = new List<SourceFileFacts>();
        foreach (var file in application.State.Request.Materials.SourceFiles)
        {
            sources.Add(new SourceFileFacts(file, await ReadAsync(file.Sha256, cancellationToken).ConfigureAwait(false) is { } bytes ? SourceExif.Read(bytes) : null));
        }
        return new RecoveryReview(application, violation, entry, sources);
    }

    /// <summary>
    /// One file the application carries, by its SHA-256, with its name; null when the application
    /// names no such file. Only the application's own materials are served, so the address cannot
    /// read other originals.
    /// </summary>
    public async Task<(byte[] Content, string FileName)?> FileAsync(string id, string sha256, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid) || await service.GetApplicationAsync(new RecoveryApplicationId(guid), cancellationToken).ConfigureAwait(false) is not { } application)
        {
            return null;
        }
        var file = Files(application.State.Request.Materials).FirstOrDefault(f => string.Equals(f.Sha256, sha256, StringComparison.Ordinal));
        return file is not null && await ReadAsync(file.Sha256, cancellationToken).ConfigureAwait(false) is { } bytes ? (bytes, file.FileName) : null;
    }

    private static IEnumerable<MaterialFile> Files(RecoveryMaterials m)
    {
        if (m.CommitmentLetter is { } letter)
        {
            yield return letter.File;
        }
        foreach (var f in m.SourceFiles)
        {
            yield return f;
        }
        foreach (var a in m.Authorizations)
        {
            yield return a.File;
        }
        foreach (var r in m.Replacements)
        {
            yield return r.Picture;
        }
    }

    private async Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            return await store.Originals.ReadAsync(sha256, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or OriginalCorruptedException or ArgumentException)
        {
            // A missing or damaged file is shown as such on the page; it does not stop the review.
            return null;
        }
    }
}
