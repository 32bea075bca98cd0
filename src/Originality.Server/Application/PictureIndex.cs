using NodaTime;
using Originality.Domain;
using Originality.Domain.Filings;
using Originality.Engine.Hashing;
using Originality.Engine.Indexing;
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

/// <summary>A near-duplicate found in the index.</summary>
public sealed record PictureHit(IndexedPicture Picture, int Distance);

/// <summary>
/// The in-memory replica of every known picture's PDQ hash (certified filings and published
/// listing pictures), rebuilt from the database at start and fed as pictures arrive. Thread-safe.
/// </summary>
public sealed class PictureIndex(OriginalityStore store, ListingStore listings)
{
    /// <summary>PDQ's own recommended match distance (bits of 256) for near-duplicates.</summary>
    public const int MatchRadius = 31;

    private readonly Lock _gate = new();
    private readonly HashIndex _index = new();
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

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            var batch = await store.InSessionAsync(s => s.Filings.ReadSinceAsync(after, 500, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var (sequence, filing) in batch)
            {
                after = sequence;
                AddFiling(filing);
            }
        }
        foreach (var picture in await listings.AllPicturesAsync(cancellationToken).ConfigureAwait(false))
        {
            Add(IndexedSource.Listing, picture.PictureId, picture.SellerId, picture.PublishedAt, picture.Hash);
        }
    }

    /// <summary>Indexes a certified filing; other statuses are not evidence of originality.</summary>
    public void AddFiling(Filing filing)
    {
        if (filing.Status != FilingStatus.Certified || !Hash256.TryParse(filing.State.Evidence.FingerprintHex, out var hash))
        {
            return;
        }
        Add(IndexedSource.Filing, filing.Id.ToString(), filing.Owner, filing.State.Evidence.FiledAt, hash);
    }

    public void Add(IndexedSource source, string reference, MemberId owner, Instant firstSeenAt, Hash256 hash)
    {
        lock (_gate)
        {
            if (!_references.Add(source + ":" + reference))
            {
                return;
            }
            var key = ++_nextKey;
            _pictures[key] = new IndexedPicture(key, source, reference, owner, firstSeenAt, hash);
            _index.Add(hash, key);
        }
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
