using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Authorizations;
using Originality.Domain.Filings;
using Originality.Engine.Detection;
using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Engine.Pdq;
using Originality.Server.Hosting;
using Originality.Storage;

namespace Originality.Server.Application;

/// <summary>A listing as the marketplace pushes it: its pictures (main first, then SKUs) as files.</summary>
public sealed record ListingSubmission(string ExternalId, MemberId Seller, string Category, IReadOnlyList<(string Role, UploadedFile File)> Pictures);

/// <summary>
/// Scans published listings in the background (D-1): every picture goes through the copy detector
/// against the certified pictures of other members (cropped, bordered and pasted copies included); a match the owner has not authorized becomes a stolen-picture
/// warning to the seller and a match notice to the owner. The listing's pictures then join the
/// index as "published earlier" for later filings (F-5). Interrupted scans restart at boot.
/// </summary>
public sealed class ListingScanner(
    ListingStore listings,
    PictureIndex index,
    FingerprintStore fingerprints,
    OriginalityStore store,
    BackgroundCpu cpu,
    Microsoft.Extensions.Options.IOptions<ScanningOptions> options,
    IClock clock,
    ILogger<ListingScanner> logger) : BackgroundService
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();

    public async Task<ListingRecord> SubmitAsync(ListingSubmission submission, CancellationToken cancellationToken) =>
        (await SubmitManyAsync([submission], null, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Queues listings for scanning, all in one transaction: their originals first (content-addressed,
    /// so a batch sent again stores nothing twice), then the rows. A backfill's listings
    /// (<paramref name="backfillId"/>) are scanned after every live listing.
    /// </summary>
    public async Task<IReadOnlyList<ListingRecord>> SubmitManyAsync(IReadOnlyList<ListingSubmission> submissions, string? backfillId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        var now = clock.GetCurrentInstant();
        var batch = new List<(ListingRecord, IReadOnlyList<ListingPicture>)>(submissions.Count);
        foreach (var submission in submissions)
        {
            var id = Guid.CreateVersion7().ToString("D");
            var pictures = new List<ListingPicture>(submission.Pictures.Count);
            var position = 0;
            foreach (var (role, file) in submission.Pictures)
            {
                var stored = await store.Originals.PutAsync(file.Content, cancellationToken).ConfigureAwait(false);
                pictures.Add(new ListingPicture(Guid.CreateVersion7().ToString("D"), id, submission.Seller, role, position++,
                    Path.GetFileName(file.FileName), stored.Sha256, default, false, 0, 0, now));
            }
            batch.Add((new ListingRecord(id, submission.ExternalId, submission.Seller, submission.Category, ListingStore.States.Queued,
                pictures.Count, 0, null, now, null), pictures));
        }
        await listings.CreateManyAsync(batch, backfillId, cancellationToken).ConfigureAwait(false);
        await _queue.Writer.WriteAsync("", cancellationToken).ConfigureAwait(false);
        return [.. batch.Select(b => b.Item1)];
    }

    /// <summary>How long a claim keeps other processes off a listing; renewed after every picture.</summary>
    public static readonly Duration ScanLease = Duration.FromMinutes(1);

    // Names this process in claimed_by: a late write from a scanner whose lease was taken over is refused.
    private readonly string _worker = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Claims listings one at a time from the database, whichever process they were pushed to
    /// (so a backfill is spread over every process), and scans each. A submission here wakes the
    /// loop at once; otherwise it looks every second, which also picks up listings whose scanner
    /// died once their lease has run out.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Threads).Select(_ => ScanLoopAsync(stoppingToken)));

    private async Task ScanLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string? id = null;
            try
            {
                var now = clock.GetCurrentInstant();
                id = await listings.ClaimNextScanAsync(_worker, now, now + ScanLease, stoppingToken).ConfigureAwait(false);
                if (id is null)
                {
                    await WaitForWorkAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }
                await ScanAsync(id, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (Hosting.DatabaseOverload.Is(ex))
            {
                // Not the listing's fault: its claim runs out and it is scanned again, here or elsewhere.
                logger.LogWarning(ex, "The database is overloaded; scanning listing {ListingId} is retried", id);
                await BackOffAsync(stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One bad listing must not stop the scanner; it is marked failed.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Scanning listing {ListingId} failed", id);
                await MarkFailedAsync(id, ex, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task MarkFailedAsync(string? id, Exception failure, CancellationToken stoppingToken)
    {
        if (id is null)
        {
            await BackOffAsync(stoppingToken).ConfigureAwait(false);
            return;
        }
        try
        {
            await listings.FinishScanAsync(id, _worker, ListingStore.States.Failed, failure.Message, null, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The scanner outlives a database that cannot take the mark now; the claim runs out and the listing is tried again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Marking listing {ListingId} failed did not reach the database; it is retried when its claim runs out", id);
            await BackOffAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private static async Task BackOffAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the loop ends at its next check.
        }
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        poll.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await _queue.Reader.WaitToReadAsync(poll.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The poll interval passed.
        }
        while (_queue.Reader.TryRead(out _))
        {
            // Only a wake-up: the database says which listing is next.
        }
    }

    private async Task ScanAsync(string listingId, CancellationToken cancellationToken)
    {
        var listing = await listings.GetAsync(listingId, cancellationToken).ConfigureAwait(false);
        if (listing is null || listing.State is ListingStore.States.Scanned or ListingStore.States.Failed)
        {
            return;
        }
        // A scan always starts from scratch: a listing taken over from a dead scanner loses its partial results.
        await listings.ResetScanAsync(listingId, cancellationToken).ConfigureAwait(false);
        var category = Category.Of(listing.Category);
        var authorizations = await store.InSessionAsync(s => s.Authorizations.ListForGranteeAsync(listing.SellerId, cancellationToken), cancellationToken).ConfigureAwait(false);
        var warnings = 0;
        foreach (var picture in await listings.PicturesOfAsync(listingId, cancellationToken).ConfigureAwait(false))
        {
            if (!await listings.RenewScanAsync(listingId, _worker, clock.GetCurrentInstant() + ScanLease, cancellationToken).ConfigureAwait(false))
            {
                logger.LogWarning("Listing {ListingId} was taken over by another scanner (this one's lease ran out); this scan stops", listingId);
                return;
            }
            var bytes = await store.Originals.ReadAsync(picture.Sha256, cancellationToken).ConfigureAwait(false);
            PdqFingerprint fingerprint;
            PictureAnalysis copyFingerprint;
            IReadOnlyList<PictureHit> hits;
            try
            {
                // The picture's CPU work, on the scan threads below requests' priority (BackgroundCpu).
                (fingerprint, copyFingerprint, hits) = await cpu.RunAsync(() =>
                {
                    var decoded = PdqFingerprinter.Fingerprint(bytes);
                    var analysis = PictureIndex.Fingerprint(decoded);
                    return (decoded, analysis, index.FindCopies(decoded.Decoded.Image, analysis));
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (ImageRejectedException rejected)
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Listing picture {PictureId} cannot be read: {Reason}", picture.PictureId, rejected.Reason);
                }
                await listings.RecordScannedPictureAsync(picture, [], cancellationToken).ConfigureAwait(false);
                continue;
            }
            var now = clock.GetCurrentInstant();
            var matches = new List<MatchRecord>();
            foreach (var hit in hits)
            {
                if (hit.Picture.Source != IndexedSource.Filing || hit.Picture.Owner == listing.SellerId)
                {
                    continue;
                }
                var filing = await store.InSessionAsync(s => s.Filings.GetAsync(new FilingId(Guid.Parse(hit.Picture.Reference)), cancellationToken), cancellationToken).ConfigureAwait(false);
                if (filing is null || !filing.IsProtectedAt(now))
                {
                    continue;
                }
                // an authorized seller gets no warning for that picture in that category.
                if (PictureUse.Decide(listing.SellerId, filing, category, now, authorizations).IsAllowed())
                {
                    continue;
                }
                var match = hit.Match!;
                matches.Add(new MatchRecord(MatchId(listingId, picture.PictureId, filing.Id.ToString()), listingId, picture.PictureId, listing.SellerId, filing.Owner,
                    filing.Id.ToString(), hit.Distance, match.Score, Format(match.SuspectRegion), Format(match.OriginalRegion), now));
            }
            var scanned = picture with
            {
                Hash = fingerprint.Pdq.Hash,
                HasHash = true,
                Width = fingerprint.Decoded.OriginalWidth,
                Height = fingerprint.Decoded.OriginalHeight,
            };
            var record = copyFingerprint.ToRecord();
            await fingerprints.SaveAsync(picture.Sha256, record, cancellationToken).ConfigureAwait(false);
            await listings.RecordScannedPictureAsync(scanned, matches, cancellationToken).ConfigureAwait(false);
            index.Add(IndexedSource.Listing, picture.PictureId, listing.SellerId, picture.PublishedAt, fingerprint.Pdq.Hash, record);
            foreach (var match in matches)
            {
                warnings++;
                await PublishAsync(match, cancellationToken).ConfigureAwait(false);
            }
        }
        await listings.FinishScanAsync(listingId, _worker, ListingStore.States.Scanned, null, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Listing {ListingId} scanned: {Warnings} warnings", listingId, warnings);
        }
    }

    // The same match found again (a scan taken over after a crash) keeps its id, so the warning and
    // notice events it raises again carry the same warningId/noticeId for receivers to drop.
    private static string MatchId(string listingId, string pictureId, string filingId) =>
        new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"match:{listingId}:{pictureId}:{filingId}")).AsSpan(0, 16)).ToString("D");

    private static string Format(RelativeRect r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.X:0.####},{r.Y:0.####},{r.Width:0.####},{r.Height:0.####}");

    /// <summary>Parses the stored "x,y,w,h" form of a relative rectangle.</summary>
    public static RelativeRect ParseRegion(string text)
    {
        var parts = text.Split(',');
        return parts.Length == 4
            ? new RelativeRect(
                double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture),
                double.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[3], CultureInfo.InvariantCulture))
            : RelativeRect.Whole;
    }

    // C-2 does not apply to warnings, but the seller's event still names no owner: the owner may
    // later complain, and the warning must not tell the seller who that would be.
    private Task PublishAsync(MatchRecord match, CancellationToken cancellationToken) =>
        store.InSessionAsync(async s =>
        {
            await s.Outbox.EnqueueAsync("warning.issued",
                JsonSerializer.Serialize(new { warningId = match.Id, listingId = match.ListingId, sellerId = match.SellerId.ToString(), score = match.Score }),
                match.SellerId.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
            await s.Outbox.EnqueueAsync("match.noticed",
                JsonSerializer.Serialize(new { noticeId = match.Id, listingId = match.ListingId, ownerId = match.OwnerId.ToString(), filingId = match.FilingId, score = match.Score }),
                match.OwnerId.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
}
