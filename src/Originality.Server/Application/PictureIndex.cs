using NodaTime;
using Originality.Domain;
using Originality.Domain.Filings;
using Originality.Engine.Detection;
using Originality.Engine.Hashing;
using Originality.Engine.Indexing;
using Originality.Engine.Matching;
using Originality.Engine.Pdq;
using Originality.Storage;

namespace Originality.Server.Application;

/// <summary>Where an indexed picture came from: a certified filing, or a published listing.</summary>
public enum IndexedSource
{
    Filing,
    Listing,
}

/// <summary>One picture the detector knows, with who showed it first and when.</summary>
public sealed record IndexedPicture(long Key, IndexedSource Source, string Reference, MemberId Owner, Instant FirstSeenAt, Hash256 Hash);

/// <summary>
/// A near-duplicate found in the index: <paramref name="Distance"/> is the whole-picture PDQ distance
/// (closest rotation or mirroring); <paramref name="Match"/> is the copy detector's verified match
/// (score, false-match bound, transform, matched regions) when the detector found it.
/// </summary>
public sealed record PictureHit(IndexedPicture Picture, int Distance, CopyMatch? Match = null);

/// <summary>A lookup of one suspect: what it copies among the pictures up to <paramref name="Version"/> of the index.</summary>
/// <param name="Query">The suspect with the analyses made for it, reused by a refresh.</param>
/// <param name="Version">The index's <see cref="PictureIndex.Version"/> the lookup covers.</param>
/// <param name="Hits">Verified matches, strongest first.</param>
public sealed record PictureLookup(CopyQuery Query, long Version, IReadOnlyList<PictureHit> Hits);

/// <summary>
/// The in-memory replica of every known picture (certified filings and published listing
/// pictures): the whole-picture PDQ hash for commonness (D-3) and the two-stage copy detector
/// (<see cref="CopyIndex"/>) for copies (F-5, D-1), rebuilt from the database at start and fed as
/// pictures arrive. Thread-safe.
/// </summary>
public sealed class PictureIndex(
    OriginalityStore store,
    ListingStore listings,
    FingerprintStore fingerprints,
    Hosting.ServerMetrics metrics,
    ILogger<PictureIndex> logger,
    Microsoft.Extensions.Options.IOptions<ReplicaOptions>? replicaOptions = null) : IDisposable
{
    /// <summary>PDQ's own recommended match distance (bits of 256) for near-duplicates.</summary>
    public const int MatchRadius = 31;

    private readonly Lock _gate = new();
    private readonly HashIndex _index = new();
    private readonly CopyIndex _detector = new();
    private readonly Dictionary<long, IndexedPicture> _pictures = [];
    private readonly HashSet<string> _references = new(StringComparer.Ordinal);
    private long _nextKey;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pictures.Count;
            }
        }
    }

    /// <summary>Pictures whose copy fingerprint is held (the rest are found by whole-picture PDQ only).</summary>
    public int FingerprintCount => _detector.Count;

    /// <summary>
    /// Rebuilds the index: first from the replica's journal when there is one (a sequential local
    /// read), then from the database's changes after the journal's positions, their detection
    /// records fetched per batch of 500; a picture without one (filed before records were kept, or of an older format) is analysed from
    /// its original once and the result stored, with progress in the log. Leaves the replica at the
    /// newest change of both feeds; <see cref="CatchUpAsync"/> follows from there.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        _recomputed = 0;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var fromJournal = await OpenJournalAsync(cancellationToken).ConfigureAwait(false);
        var fromDatabase = await CatchUpAsync(null, cancellationToken).ConfigureAwait(false);
        // Entries went in one at a time; one merge now keeps every later search on a single segment.
        _index.Compact();
        _detector.Compact();
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Picture index loaded in {Seconds:0.0} s: {Journal} pictures from the journal, {Database} from the database, {Recomputed} analysed again from their originals",
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, fromJournal, fromDatabase, _recomputed);
        }
    }

    private IndexJournal? _journal;

    // The replica's local journal, when configured: its pictures go in first, then the database's
    // changes after the journal's last positions (CatchUpAsync).
    private async Task<int> OpenJournalAsync(CancellationToken cancellationToken)
    {
        if (replicaOptions?.Value.JournalPath is not { Length: > 0 } path)
        {
            return 0;
        }
        var maxFilings = await store.InReadSessionAsync(s => s.Filings.LatestChangeAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        var maxPictures = await listings.LatestChangeAsync(cancellationToken).ConfigureAwait(false);
        var count = 0;
        _journal = IndexJournal.Open(path, maxFilings, maxPictures, entry =>
        {
            FiledRecord? record = null;
            if (entry.Record is { } bytes)
            {
                try
                {
                    record = FiledRecord.FromBytes(bytes);
                }
                catch (FormatException)
                {
                    // An older record format: that picture is found by its whole-picture hash only until the next rebuild.
                }
            }
            count += Add(entry.Source, entry.Reference, entry.Owner, entry.FirstSeenAt, entry.Hash, record, journal: false) ? 1 : 0;
            Volatile.Write(ref _filingPosition, Math.Max(_filingPosition, entry.FilingPosition));
            Volatile.Write(ref _listingPosition, Math.Max(_listingPosition, entry.ListingPosition));
        });
        if (_journal.CutBytes > 0)
        {
            logger.LogWarning("The index journal {Path} had a damaged tail or entries past the database; {Bytes} bytes were cut and are read from the database again", path, _journal.CutBytes);
        }
        return count;
    }

    /// <summary>
    /// Applies every change committed since the replica's position: certified filings and scanned
    /// listing pictures, from any process. The change sequences are the truth (a wake-up that is
    /// missed only delays this call to the next poll); calls take turns, so the positions only move
    /// forward. Returns how many pictures joined the index.
    /// </summary>
    public Task<int> CatchUpAsync(CancellationToken cancellationToken) => CatchUpAsync(null, cancellationToken);

    /// <summary>
    /// The same inside <paramref name="session"/>, which holds the filing-decision lock (F-5): the
    /// filings are read through it, so nothing waits for a lock the caller holds.
    /// </summary>
    public async Task<int> CatchUpAsync(StorageSession? session, CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var added = 0;
            while (true)
            {
                var after = Volatile.Read(ref _filingPosition);
                var batch = session is not null
                    ? await session.Filings.ReadSinceAsync(after, 500, cancellationToken).ConfigureAwait(false)
                    : await store.InReadSessionAsync(s => s.Filings.ReadSinceAsync(after, 500, cancellationToken), cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }
                // Fetched per batch, so memory stays bounded however many pictures there are.
                var records = await fingerprints.GetManyAsync(
                    [.. batch.Where(b => b.Filing.Status == FilingStatus.Certified).Select(b => b.Filing.State.Evidence.ContentSha256)], cancellationToken).ConfigureAwait(false);
                foreach (var (sequence, filing) in batch)
                {
                    if (filing.Status == FilingStatus.Certified && !Contains(IndexedSource.Filing, filing.Id.ToString()))
                    {
                        var sha256 = filing.State.Evidence.ContentSha256;
                        added += AddFiling(filing, await FingerprintOfAsync(sha256, records, session is null, cancellationToken).ConfigureAwait(false)) ? 1 : 0;
                    }
                    Volatile.Write(ref _filingPosition, sequence);
                }
            }
            while (true)
            {
                var batch = await listings.PicturesChangedSinceAsync(Volatile.Read(ref _listingPosition), 500, cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }
                var records = await fingerprints.GetManyAsync([.. batch.Select(b => b.Picture.Sha256)], cancellationToken).ConfigureAwait(false);
                foreach (var (sequence, picture) in batch)
                {
                    if (picture.HasHash && !Contains(IndexedSource.Listing, picture.PictureId))
                    {
                        added += Add(IndexedSource.Listing, picture.PictureId, picture.SellerId, picture.PublishedAt, picture.Hash,
                            await FingerprintOfAsync(picture.Sha256, records, session is null, cancellationToken).ConfigureAwait(false)) ? 1 : 0;
                    }
                    Volatile.Write(ref _listingPosition, sequence);
                }
            }
            LastCaughtUpAt = DateTimeOffset.UtcNow;
            return added;
        }
        finally
        {
            _catchUp.Release();
        }
    }

    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private long _filingPosition;
    private long _listingPosition;

    /// <summary>The last filing and listing-picture changes this replica has applied.</summary>
    public (long Filings, long ListingPictures) Position => (Volatile.Read(ref _filingPosition), Volatile.Read(ref _listingPosition));

    /// <summary>When the replica last finished a catch-up (null before the first).</summary>
    public DateTimeOffset? LastCaughtUpAt { get; private set; }

    /// <summary>
    /// Changes by which this replica's index trails the database (filings plus listing pictures
    /// committed after its position); 0 when caught up.
    /// </summary>
    public async Task<long> ChangesBehindAsync(CancellationToken cancellationToken)
    {
        var filings = await store.InReadSessionAsync(s => s.Filings.LatestChangeAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        var pictures = await listings.LatestChangeAsync(cancellationToken).ConfigureAwait(false);
        var (f, p) = Position;
        return Math.Max(0, filings - f) + Math.Max(0, pictures - p);
    }

    /// <summary>
    /// Grows by one with every picture that joins the index: a decision made on the index at one
    /// version holds as long as the version has not moved (F-5's re-check uses it).
    /// </summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _nextKey;
            }
        }
    }

    private bool Contains(IndexedSource source, string reference)
    {
        lock (_gate)
        {
            return _references.Contains(source + ":" + reference);
        }
    }

    private int _recomputed;

    /// <summary>The copy detector's analysis of a decoded picture.</summary>
    public static PictureAnalysis Fingerprint(PdqFingerprint decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        return PictureAnalysis.Of(decoded.Decoded.Image);
    }

    // persist: false inside a filing decision, whose session holds SQLite's write lock (a write on
    // another connection would wait for it); the record is then kept in memory only, and computed
    // again at the next start. Rare: the filing process stores the record before it commits.
    private async Task<FiledRecord?> FingerprintOfAsync(string sha256, IReadOnlyDictionary<string, byte[]> stored, bool persist, CancellationToken cancellationToken)
    {
        if (stored.TryGetValue(sha256, out var bytes))
        {
            try
            {
                return FiledRecord.FromBytes(bytes);
            }
            catch (FormatException)
            {
                // Written by an older engine: computed again below.
            }
        }
        try
        {
            var original = await store.Originals.ReadAsync(sha256, cancellationToken).ConfigureAwait(false);
            var record = Fingerprint(PdqFingerprinter.Fingerprint(original)).ToRecord();
            if (persist)
            {
                await fingerprints.SaveAsync(sha256, record, cancellationToken).ConfigureAwait(false);
            }
            if (++_recomputed % 100 == 0 && logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Copy detection: {Count} pictures analysed again from their originals so far", _recomputed);
            }
            return record;
        }
#pragma warning disable CA1031 // One unreadable original must not stop the start; that picture keeps its whole-picture hash only.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Fingerprinting original {Sha256} for copy detection failed", sha256);
            return null;
        }
    }

    /// <summary>Indexes a certified filing; other statuses are not evidence of originality. False when it was not added.</summary>
    public bool AddFiling(Filing filing, FiledRecord? fingerprint)
    {
        ArgumentNullException.ThrowIfNull(filing);
        if (filing.Status != FilingStatus.Certified || !Hash256.TryParse(filing.State.Evidence.FingerprintHex, out var hash))
        {
            return false;
        }
        return Add(IndexedSource.Filing, filing.Id.ToString(), filing.Owner, filing.State.Evidence.FiledAt, hash, fingerprint);
    }

    /// <summary>Indexes a picture once per source and reference; false when it was already there.</summary>
    public bool Add(IndexedSource source, string reference, MemberId owner, Instant firstSeenAt, Hash256 hash, FiledRecord? fingerprint) =>
        Add(source, reference, owner, firstSeenAt, hash, fingerprint, journal: true);

    private bool Add(IndexedSource source, string reference, MemberId owner, Instant firstSeenAt, Hash256 hash, FiledRecord? fingerprint, bool journal)
    {
        lock (_gate)
        {
            if (!_references.Add(source + ":" + reference))
            {
                return false;
            }
            if (journal && _journal is { } file)
            {
                // The positions applied so far, never the picture's own change: replaying the
                // database from them cannot miss it, and finds it again if the entry is lost.
                file.Append(new JournalEntry(Volatile.Read(ref _filingPosition), Volatile.Read(ref _listingPosition), source, reference, owner, firstSeenAt, hash, fingerprint?.ToBytes()));
            }
            var key = ++_nextKey;
            _pictures[key] = new IndexedPicture(key, source, reference, owner, firstSeenAt, hash);
            _index.Add(hash, key);
            if (fingerprint is not null)
            {
                _detector.Add(key, fingerprint);
            }
            return true;
        }
    }

    /// <summary>
    /// The known pictures <paramref name="suspect"/> copies, by the copy detector (crops, borders,
    /// pastes onto a canvas, overlays, turns and mirrors), strongest evidence first; verified
    /// matches only (<see cref="DetectorSettings.Default"/>).
    /// </summary>
    public IReadOnlyList<PictureHit> FindCopies(Engine.Imaging.RgbImage image, PictureAnalysis suspect) => Lookup(image, suspect).Hits;

    /// <summary>
    /// <see cref="FindCopies"/>, kept with the index's <see cref="Version"/> it was made at, so it
    /// can be brought up to date later by <see cref="Refresh"/>.
    /// </summary>
    public PictureLookup Lookup(Engine.Imaging.RgbImage image, PictureAnalysis suspect)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        // Read first: every picture up to this version is in the detector (they join it under the
        // same gate), so a refresh from it cannot miss one that joined during the lookup.
        var version = Version;
        var query = new CopyQuery(image, suspect);
        return new PictureLookup(query, version, Hits(query, long.MinValue, windows: true));
    }

    /// <summary>
    /// <paramref name="lookup"/> with the pictures added to the index since it was made: only those
    /// are looked up and verified, with the analyses already made (F-5's re-check under its lock
    /// costs the few pictures that joined meanwhile, not another whole lookup).
    /// </summary>
    public PictureLookup Refresh(PictureLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var version = Version;
        if (version == lookup.Version)
        {
            return lookup;
        }
        var added = Hits(lookup.Query, lookup.Version, windows: lookup.Hits.Count == 0);
        var known = lookup.Hits.Select(h => h.Picture.Key).ToHashSet();
        return new PictureLookup(lookup.Query, version, Strongest(lookup.Hits.Concat(added.Where(h => !known.Contains(h.Picture.Key)))));
    }

    private List<PictureHit> Hits(CopyQuery query, long addedAfter, bool windows)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var results = _detector.FindCopies(query, addedAfter, windows, out _);
        metrics.DetectorLookup.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        var hits = new List<PictureHit>(results.Count);
        lock (_gate)
        {
            foreach (var result in results)
            {
                if (_pictures.TryGetValue(result.PictureId, out var picture))
                {
                    var distance = query.Whole.Pdq.All.Min(v => v.Hash.DistanceTo(picture.Hash));
                    hits.Add(new PictureHit(picture, distance, result));
                }
            }
        }
        return Strongest(hits);
    }

    // The strongest evidence first; of equal evidence, the picture shown first.
    private static List<PictureHit> Strongest(IEnumerable<PictureHit> hits) =>
        [.. hits.OrderBy(h => h.Match!.FalseMatchBound).ThenBy(h => h.Picture.FirstSeenAt)];

    /// <inheritdoc />
    public void Dispose()
    {
        _journal?.Dispose();
        _detector.Dispose();
        _catchUp.Dispose();
    }

    /// <summary>
    /// Near-duplicates of any of <paramref name="queries"/> (the picture and its mirrored and
    /// rotated variants), the closest distance per indexed picture.
    /// </summary>
    public IReadOnlyList<PictureHit> Search(IEnumerable<Hash256> queries, int radius = MatchRadius)
    {
        var best = new Dictionary<long, PictureHit>();
        lock (_gate)
        {
            foreach (var query in queries)
            {
                foreach (var hit in _index.Search(query, radius))
                {
                    if (_pictures.TryGetValue(hit.Key, out var picture)
                        && (!best.TryGetValue(hit.Key, out var known) || hit.Distance < known.Distance))
                    {
                        best[hit.Key] = new PictureHit(picture, hit.Distance);
                    }
                }
            }
        }
        return [.. best.Values.OrderBy(h => h.Distance).ThenBy(h => h.Picture.FirstSeenAt)];
    }
}
