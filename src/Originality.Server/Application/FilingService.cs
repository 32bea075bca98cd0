using System.Diagnostics;
using System.Security.Cryptography;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Filings;
using Originality.Domain.Members;
using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Engine.Pdq;
using Originality.Server.Hosting;
using Originality.Storage;

namespace Originality.Server.Application;

/// <summary>One file of an upload: certified with its certificate, or refused with a code and reason.</summary>
public sealed record FileOutcome(
    string FileName,
    string Outcome,
    string? FilingId = null,
    string? Sha256 = null,
    string? Fingerprint = null,
    Instant? FiledAt = null,
    int? Width = null,
    int? Height = null,
    string? CertificateUrl = null,
    string? Code = null,
    string? Reason = null,
    string? Rule = null)
{
    public const string Certified = "certified";
    public const string Refused = "refused";
}

/// <summary>An uploaded file as the host received it.</summary>
public sealed record UploadedFile(string FileName, byte[] Content)
{
    /// <summary>Every file of a multipart form, in the order sent, read into memory (the form reader already holds them).</summary>
    public static async Task<IReadOnlyList<UploadedFile>> ReadAllAsync(IFormFileCollection files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var read = new List<UploadedFile>(files.Count);
        foreach (var file in files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            read.Add(new UploadedFile(file.FileName, buffer.ToArray()));
        }
        return read;
    }
}

/// <summary>
/// Files pictures: the engine checks the format and fingerprints (F-3), the copy detector finds
/// earlier copies by other members, cropped, bordered or pasted ones included (F-5), the rulebook decides, storage keeps the filing and its
/// original (F-6, F-8). Each file gets its own outcome; one refusal never stops the batch (F-4).
/// </summary>
public sealed class FilingService(
    OriginalityStore store, PictureIndex index, FingerprintStore fingerprints, EvidenceService evidence, IntakeCpu cpu, IClock clock, ServerMetrics metrics, ILogger<FilingService> logger) : IDisposable
{
    /// <summary>F-3: the shorter side must be at least this many pixels.</summary>
    public const int MinShortSide = 700;

    /// <summary>F-3: the longer side of a filed picture is scaled down to at most this many pixels.</summary>
    public const int MaxLongSide = 2000;

    private static readonly string[] AcceptedExtensions = [".jpg", ".jpeg", ".png"];

    // F-5's decisions take turns across every process (the database's lock); in this process they
    // queue here first, without a connection. Queued on the database instead, each waiter held a
    // pooled connection: under load the waiters took the whole pool while the lock's holder (and
    // the replica catch-up it waits for) needed one more, and every request stalled until the
    // pool's timeout. One waiter per process leaves the pool to the work that can proceed.
    private readonly SemaphoreSlim _decisions = new(1, 1);

    /// <summary>Files every file into the folder; null when the folder is not the member's (shown as 404).</summary>
    public async Task<IReadOnlyList<FileOutcome>?> FileAsync(MemberId memberId, FolderId folderId, IReadOnlyList<UploadedFile> files, CancellationToken cancellationToken)
    {
        var (member, folder, eligibility) = await store.InSessionAsync(async s => (
            await s.Members.GetAsync(memberId, cancellationToken).ConfigureAwait(false),
            await s.Folders.GetAsync(folderId, cancellationToken).ConfigureAwait(false),
            await s.Settings.GetTrialEligibilityAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        if (member is null || folder is null || folder.Owner != member.Id)
        {
            return null;
        }
        var outcomes = new List<FileOutcome>(files.Count);
        foreach (var file in files)
        {
            outcomes.Add(await FileOneAsync(member, folder, eligibility, file, cancellationToken).ConfigureAwait(false));
        }
        return outcomes;
    }

    private async Task<FileOutcome> FileOneAsync(Member member, Folder folder, TrialEligibility eligibility, UploadedFile file, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file.FileName);
        if (!AcceptedExtensions.Contains(Path.GetExtension(name).ToLowerInvariant()))
        {
            return Refuse(name, ImageRejectionCodes.UnsupportedFormat, "Only .jpg, .jpeg and .png files are accepted.", "F-3");
        }
        var mark = Stopwatch.GetTimestamp();
        void Lap(string stage)
        {
            var now = Stopwatch.GetTimestamp();
            metrics.FilingStage.Record(Stopwatch.GetElapsedTime(mark, now).TotalSeconds, new KeyValuePair<string, object?>("stage", stage));
            mark = now;
        }
        PdqFingerprint fingerprint;
        try
        {
            fingerprint = await cpu.RunAsync(() => PdqFingerprinter.Fingerprint(file.Content, name), cancellationToken).ConfigureAwait(false);
        }
        catch (ImageRejectedException rejected)
        {
            return Refuse(name, rejected.Code, rejected.Reason, "F-3");
        }
        Lap("decode");
        var decoded = fingerprint.Decoded;
        if (Math.Min(decoded.OriginalWidth, decoded.OriginalHeight) < MinShortSide)
        {
            return Refuse(name, ImageRejectionCodes.TooSmall,
                $"The picture is {decoded.OriginalWidth}×{decoded.OriginalHeight} px; its shorter side must be at least {MinShortSide} px.", "F-3");
        }

        var now = clock.GetCurrentInstant();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content));
        // One filing per member and content: the same file uploaded again is the same filing.
        var earlier = await store.InSessionAsync(s => EarlierFilingAsync(s, member.Id, sha256, cancellationToken), cancellationToken).ConfigureAwait(false);
        Lap("duplicate-check");
        if (earlier is not null)
        {
            return Again(name, earlier, decoded.OriginalWidth, decoded.OriginalHeight);
        }
        // Computed once per filed picture: searched now, stored for restarts, indexed if certified.
        Engine.Detection.PictureAnalysis copyFingerprint;
        try
        {
            copyFingerprint = await cpu.RunAsync(() => PictureIndex.Fingerprint(fingerprint), cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // F-4: whatever the pixels do to the fingerprinter, only this file is refused.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Fingerprinting {FileName} failed; the file is refused", name);
            return Refuse(name, ImageRejectionCodes.CorruptImage, "The picture could not be fingerprinted; it is damaged or not a photo we can read.", "F-3");
        }
        Lap("analysis");
        // The costly part (decoding, analysis, the lookup) runs before any lock; under the lock the
        // decision only takes in the pictures that joined the index in between (F-5 below).
        var record = copyFingerprint.ToRecord();
        var filingId = FilingId.New();
        var lookup = await cpu.RunAsync(() => index.Lookup(decoded.Image, copyFingerprint), cancellationToken).ConfigureAwait(false);
        Outcome<Filing> Decide(IReadOnlyList<PictureHit> hits)
        {
            // Every picture in the index was committed before this filing will be, so it is
            // earlier: a match carrying the same instant (one clock tick, a manual clock, or a
            // slightly fast clock on another process) must not let both be certified. The filing
            // instant is moved just past it, so the committed order decides (F-5) and the record
            // stays truthful: this filing really commits after that one.
            var filedAt = now;
            foreach (var hit in hits)
            {
                if (hit.Picture.Owner != member.Id && hit.Picture.FirstSeenAt >= filedAt)
                {
                    filedAt = hit.Picture.FirstSeenAt + Duration.FromMilliseconds(1);
                }
            }
            var filingEvidence = new FilingEvidence(member.Id, sha256, fingerprint.Pdq.Hash.ToString(), filedAt, name, file.Content.LongLength);
            return Filing.Submit(filingId, member, folder, filingEvidence, ReviewOf(hits), eligibility);
        }
        var submitted = Decide(lookup.Hits);
        Lap("detection");
        if (!submitted.Succeeded)
        {
            return Refuse(name, submitted.Refusal!.Code, submitted.Refusal.Message, submitted.Refusal.RuleId);
        }
        var filing = submitted.Value!;

        // F-8: the original is kept before the filing that refers to it is committed. The detection
        // record too: another process's replica reads it when this filing reaches its feed.
        await store.Originals.PutAsync(file.Content, cancellationToken).ConfigureAwait(false);
        Lap("original");
        if (filing.Status == FilingStatus.Certified)
        {
            await fingerprints.SaveAsync(sha256, record, cancellationToken).ConfigureAwait(false);
            Lap("detection-record");
        }
        var (raced, refusal) = await OneDecisionAtATimeAsync(() => store.InSessionAsync<(Filing?, Refusal?)>(async s =>
        {
            // Checked again under the member's row lock (PostgreSQL) or the write lock (SQLite), so
            // two uploads of one file at the same moment still make one filing.
            _ = await s.Members.GetAsync(member.Id, cancellationToken).ConfigureAwait(false);
            if (await EarlierFilingAsync(s, member.Id, sha256, cancellationToken).ConfigureAwait(false) is { } first)
            {
                return (first, null);
            }
            // F-5, one first filer: from here to the commit no other filing commits, in this process
            // or another. Filings committed since the replica's position are applied first; if any
            // picture joined the index since the lookup above, the decision is made again with
            // those pictures too, so of two near-duplicates uploaded at the same moment the one
            // committed second is not original. Only the newcomers are looked up (with the analyses
            // already made): the lock is held for milliseconds, not for a second whole lookup.
            await s.Filings.LockFilingDecisionsAsync(cancellationToken).ConfigureAwait(false);
            Lap("decision-lock");
            if (filing.Status == FilingStatus.Certified)
            {
                await index.CatchUpAsync(s, cancellationToken).ConfigureAwait(false);
                Lap("decision-catch-up");
                var refreshed = index.Refresh(lookup);
                if (refreshed.Version != lookup.Version)
                {
                    var again = Decide(refreshed.Hits);
                    if (!again.Succeeded)
                    {
                        return (null, again.Refusal);
                    }
                    filing = again.Value!;
                }
            }
            await s.Filings.SaveAsync(filing, cancellationToken).ConfigureAwait(false);
            await s.Outbox.EnqueueAsync(
                filing.Status == FilingStatus.Certified ? "filing.certified" : "filing.not-original",
                System.Text.Json.JsonSerializer.Serialize(new { filingId = filing.Id.ToString(), memberId = member.Id.ToString(), sha256 }),
                filing.Id.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return (null, null);
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        Lap("commit");
        if (refusal is not null)
        {
            return Refuse(name, refusal.Code, refusal.Message, refusal.RuleId);
        }
        if (raced is not null)
        {
            return Again(name, raced, decoded.OriginalWidth, decoded.OriginalHeight);
        }

        if (filing.Status != FilingStatus.Certified)
        {
            return Refuse(name, "not-original",
                "The picture matches a picture filed or published earlier by another member, so it is not original and not certified.", "F-5") with
            { FilingId = filing.Id.ToString(), Sha256 = sha256 };
        }
        index.AddFiling(filing, record);
        Lap("index");
        try
        {
            await evidence.RecordAsync(filing, member, folder, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The filing stands; its log entry is re-appended by the evidence service's catch-up at start.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Appending filing {FilingId} to the evidence log failed", filing.Id);
        }
        Lap("evidence");
        var (width, height) = ScaledSize(decoded.OriginalWidth, decoded.OriginalHeight);
        return new FileOutcome(name, FileOutcome.Certified, filing.Id.ToString(), sha256, fingerprint.Pdq.Hash.ToString(), filing.State.Evidence.FiledAt,
            width, height, $"/api/certificates/{filing.Id}");
    }

    /// <inheritdoc />
    public void Dispose() => _decisions.Dispose();

    private async Task<T> OneDecisionAtATimeAsync<T>(Func<Task<T>> decide, CancellationToken cancellationToken)
    {
        await _decisions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await decide().ConfigureAwait(false);
        }
        finally
        {
            _decisions.Release();
        }
    }

    private static MachineReview ReviewOf(IReadOnlyList<PictureHit> hits) => new([.. hits.Select(h => new PriorPictureMatch(
        h.Picture.Source == IndexedSource.Filing ? PriorPictureSource.Filing : PriorPictureSource.Listing,
        h.Picture.Reference, h.Picture.Owner, h.Picture.FirstSeenAt, h.Distance))]);

    private static async Task<Filing?> EarlierFilingAsync(StorageSession session, MemberId member, string sha256, CancellationToken cancellationToken) =>
        (await session.Filings.ListBySha256Async(sha256, cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Owner == member);

    /// <summary>The outcome of a file this member filed before: the same filing, certified or not, as the first time.</summary>
    private static FileOutcome Again(string name, Filing filing, int originalWidth, int originalHeight)
    {
        var e = filing.State.Evidence;
        if (filing.Status == FilingStatus.ProtectionCancelled)
        {
            return Refuse(name, Refusal.ServiceEnded.Code, Refusal.ServiceEnded.Message, Refusal.ServiceEnded.RuleId) with
            { FilingId = filing.Id.ToString(), Sha256 = e.ContentSha256 };
        }
        if (filing.Status != FilingStatus.Certified)
        {
            return Refuse(name, "not-original",
                "The picture matches a picture filed or published earlier by another member, so it is not original and not certified.", "F-5") with
            { FilingId = filing.Id.ToString(), Sha256 = e.ContentSha256 };
        }
        var (width, height) = ScaledSize(originalWidth, originalHeight);
        return new FileOutcome(name, FileOutcome.Certified, filing.Id.ToString(), e.ContentSha256, e.FingerprintHex, e.FiledAt,
            width, height, $"/api/certificates/{filing.Id}");
    }

    /// <summary>F-3: a picture whose longer side is over 2000 px is scaled to 2000 px, keeping its aspect ratio.</summary>
    public static (int Width, int Height) ScaledSize(int width, int height)
    {
        var longer = Math.Max(width, height);
        if (longer <= MaxLongSide)
        {
            return (width, height);
        }
        var factor = (double)MaxLongSide / longer;
        return ((int)Math.Round(width * factor), (int)Math.Round(height * factor));
    }

    private static FileOutcome Refuse(string name, string code, string reason, string rule) =>
        new(name, FileOutcome.Refused, Code: code, Reason: reason, Rule: rule);
}
