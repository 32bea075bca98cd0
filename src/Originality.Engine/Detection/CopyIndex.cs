using Originality.Engine.Indexing;
using Originality.Engine.Matching;

namespace Originality.Engine.Detection;

/// <summary>How one lookup went, for measurement and logs.</summary>
/// <param name="Candidates">Filed pictures verified.</param>
/// <param name="Postings">Inverted-file postings read.</param>
/// <param name="CandidateIds">The ids of the pictures verified.</param>
public sealed record LookupStatistics(int Candidates, long Postings, IReadOnlyList<long> CandidateIds);

/// <summary>
/// Finds which filed pictures a suspect copies, in two stages (the shape that won the ISC 2021
/// matching track): cheap candidates from memory, then pairwise verification of each. Candidates
/// are the filed pictures whose whole-picture PDQ hash is near one of the suspect's eight rotations
/// and mirrorings (near-exact copies) and the pictures sharing the most visual words with the
/// suspect's keypoints (crops, pastes, overlays, tilts); each is then verified by
/// <see cref="PairVerifier"/> against its record, read from the <see cref="VerificationStore"/>.
/// </summary>
/// <remarks>
/// In memory per filed picture: its PDQ hash in a multi-index <see cref="HashIndex"/>, its
/// <see cref="DetectorSettings.IndexedWords"/> postings, its id and the offset of its record.
/// Thread-safe: lookups run in parallel with each other; adds and removes take turns with them.
/// Picture ids are the caller's.
/// </remarks>
public sealed class CopyIndex : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly HashIndex _pdq = new();
    private readonly InvertedFile _words;
    private readonly VerificationStore _store;
    private readonly Dictionary<long, int> _slotOf = [];
    private readonly ThreadLocal<(float[] Upright, float[] Mirrored)> _votes = new(() => ([], []));
    private readonly ThreadLocal<int[]> _rows = new(() => []);
    private readonly ThreadLocal<(VoteLog Upright, VoteLog Mirrored)> _voteLogs = new(() => (new VoteLog(), new VoteLog()));
    private long[] _ids = new long[1024];
    private long[] _offsets = new long[1024];
    private int _slots;
    private int _live;

    /// <summary>Creates an empty index whose verification records go to <paramref name="storePath"/> (a temporary file when null).</summary>
    public CopyIndex(DetectorSettings? settings = null, VisualVocabulary? vocabulary = null, string? storePath = null)
    {
        Settings = settings ?? DetectorSettings.Default;
        Vocabulary = vocabulary ?? VisualVocabulary.Default;
        _words = new InvertedFile(Vocabulary.WordCount);
        _store = new VerificationStore(storePath);
    }

    /// <summary>The detector's parameters.</summary>
    public DetectorSettings Settings { get; }

    /// <summary>The vocabulary that keypoints are quantised with.</summary>
    public VisualVocabulary Vocabulary { get; }

    /// <summary>Filed pictures held.</summary>
    public int Count => Volatile.Read(ref _live);

    /// <summary>Bytes the candidate stage holds in memory (PDQ index, postings, ids, offsets), approximately.</summary>
    public long MemoryBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                var pdq = _pdq.GetStatistics();
                return pdq.IndexBytes + (40L * pdq.StoredEntries) + _words.Bytes + (16L * _ids.Length) + (40L * _slotOf.Count);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Bytes of verification records on disk.</summary>
    public long StoreBytes => _store.Length;

    /// <summary>Files (or replaces) a picture.</summary>
    public void Add(long pictureId, FiledRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bytes = record.ToBytes();
        var indexed = record.Features.Take(Settings.IndexedWords);
        var offset = _store.Append(bytes);
        Insert(pictureId, record.Pdq.Quality >= Pdq.PdqHash.MinUsefulQuality ? record.Pdq.Hash : null, WordsOf(indexed), SignaturesOf(indexed), offset);
    }

    /// <summary>
    /// Files a picture whose record is already in the store at <paramref name="offset"/>, with the
    /// given words (for bulk loads and synthetic scale tests that share records).
    /// </summary>
    public void AddShared(long pictureId, Hashing.Hash256? pdq, ReadOnlySpan<int> words, ReadOnlySpan<ushort> signatures, long offset) => Insert(pictureId, pdq, words, signatures, offset);

    /// <summary>Appends a record to the store without filing it; see <see cref="AddShared"/>.</summary>
    public long AppendRecord(FiledRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _store.Append(record.ToBytes());
    }

    /// <summary>The visual words of a feature set (one per keypoint).</summary>
    public int[] WordsOf(FeatureSet features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var words = new int[features.Count];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = Vocabulary.WordOf(features, i);
        }
        return words;
    }

    private (int[] Words, ushort[] Signatures) QueryWords(FeatureSet set)
    {
        var words = new List<int>(Settings.QueryKeypoints * Settings.FirstProbes * Settings.SecondProbes);
        var signatures = new List<ushort>(words.Capacity);
        for (var i = 0; i < set.Count; i++)
        {
            var before = words.Count;
            Vocabulary.ProbeWords(set, i, Settings.FirstProbes, Settings.SecondProbes, words);
            var signature = PostingCode.Of(set, i);
            for (var k = before; k < words.Count; k++)
            {
                signatures.Add(signature);
            }
        }
        var wordArray = words.ToArray();
        var signatureArray = signatures.ToArray();
        Array.Sort(wordArray, signatureArray);
        return (wordArray, signatureArray);
    }

    /// <summary>The postings' codes of a feature set: each keypoint's Hamming-embedding signature and orientation (see <see cref="PostingCode"/>).</summary>
    public static ushort[] SignaturesOf(FeatureSet features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var signatures = new ushort[features.Count];
        for (var i = 0; i < signatures.Length; i++)
        {
            signatures[i] = PostingCode.Of(features, i);
        }
        return signatures;
    }

    /// <summary>Removes a picture; returns whether it was there.</summary>
    public bool Remove(long pictureId)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_slotOf.Remove(pictureId, out var slot))
            {
                return false;
            }
            // The slot's postings stay behind as tombstones: lookups skip slots no longer mapped.
            _ids[slot] = -1;
            _pdq.Remove(slot);
            _live--;
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Merges index segments after a bulk load and trims postings.</summary>
    public void Compact()
    {
        _lock.EnterWriteLock();
        try
        {
            _pdq.Compact();
            _words.Trim();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The filed pictures the suspect copies, strongest first (verdict Match only).</summary>
    public IReadOnlyList<CopyMatch> FindCopies(PictureAnalysis suspect) => FindCopies(suspect, out _);

    /// <summary>The filed pictures the suspect copies, strongest first, with how the lookup went.</summary>
    public IReadOnlyList<CopyMatch> FindCopies(PictureAnalysis suspect, out LookupStatistics statistics) => FindCopies(suspect, long.MinValue, out statistics);

    private List<CopyMatch> FindCopies(PictureAnalysis suspect, long addedAfter, out LookupStatistics statistics) =>
        FindCopies(suspect, addedAfter, out statistics, out _);

    // The whole suspect's lookup, with every verified candidate's assessment (matches or not) in
    // candidate order, for the near misses a zoom may look at again.
    private List<CopyMatch> FindCopies(PictureAnalysis suspect, long addedAfter, out LookupStatistics statistics, out (CopyMatch Match, Candidate Candidate)[] assessed)
    {
        var candidates = Candidates(suspect, Settings.Candidates, addedAfter, out var postings);
        statistics = new LookupStatistics(candidates.Count, postings, [.. candidates.Select(c => c.Id)]);
        var verdicts = Verify([.. candidates.Select(c => (suspect, c))]);
        assessed = [.. verdicts.Select((m, i) => (m, candidates[i]))];
        return Strongest(verdicts.Select(m => Covered(m, Settings)));
    }

    // A filed picture to verify: its whole-picture PDQ distance when that made it a candidate, the
    // sides of the suspect to verify, and its votes (infinite for a PDQ hit).
    private readonly record struct Candidate(long Id, long Offset, int? Pdq, Orientations Sides, float Votes);

    // Whole-picture PDQ hits, then the best voted pictures, at most limit of those; only pictures
    // whose id is above addedAfter (ids grow as pictures join, so these are the ones added since).
    private List<Candidate> Candidates(PictureAnalysis suspect, int limit, long addedAfter, out long postings)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        var (uprightWords, uprightSignatures) = QueryWords(suspect.Features);
        var (mirroredWords, mirroredSignatures) = QueryWords(suspect.MirroredFeatures);
        var candidates = new List<Candidate>();
        _lock.EnterReadLock();
        try
        {
            var pdqDistance = new Dictionary<int, int>();
            var hits = new List<IndexHit>();
            foreach (var variant in suspect.Pdq.All)
            {
                if (!variant.IsUseful)
                {
                    continue;
                }
                hits.Clear();
                _pdq.Search(variant.Hash, Settings.PdqCandidateDistance, hits);
                foreach (var hit in hits)
                {
                    var slot = (int)hit.Key;
                    pdqDistance[slot] = Math.Min(hit.Distance, pdqDistance.GetValueOrDefault(slot, int.MaxValue));
                }
            }
            var (upright, mirrored) = _votes.Value!;
            if (upright.Length < _slots)
            {
                upright = new float[Math.Max(_ids.Length, _slots)];
                mirrored = new float[upright.Length];
                _votes.Value = (upright, mirrored);
            }
            var mean = _live == 0 ? 0 : (double)_words.Total / Vocabulary.WordCount;
            var maxPostings = (int)Math.Min(int.MaxValue, Math.Max(64, Settings.StopWordFactor * mean));
            // The suspect as it is and mirrored vote apart: a copy is one or the other, and verifying
            // only the side that earned the votes halves the verification of every candidate.
            var (uprightLog, mirroredLog) = _voteLogs.Value!;
            postings = _words.Vote(uprightWords, uprightSignatures, Settings.MaxSignatureDistance, maxPostings, _live, upright, uprightLog)
                + _words.Vote(mirroredWords, mirroredSignatures, Settings.MaxSignatureDistance, maxPostings, _live, mirrored, mirroredLog);
            // The best voted of many thousand pictures (a bounded heap, not a sort of them all) are
            // counted again by the rotation their votes agree on, and the best of those are verified.
            var depth = Math.Max(limit, Settings.RerankDepth);
            var top = new PriorityQueue<int, (float Votes, int NegativeSlot)>(depth + 1);
            // Every slot is read in order: in a large index most pictures get a chance vote, and
            // visiting only the voted ones, in the random order they were voted in, misses the cache at each.
            for (var slot = 0; slot < _slots; slot++)
            {
                var (u, m) = (upright[slot], mirrored[slot]);
                upright[slot] = 0;
                mirrored[slot] = 0;
                var votes = Math.Max(u, m);
                // Most voted pictures are weaker than the weakest kept: they skip the heap.
                if (votes < Settings.MinVotes || (top.Count == depth && top.TryPeek(out _, out var weakest) && (votes, -slot).CompareTo(weakest) < 0))
                {
                    continue;
                }
                if (_ids[slot] >= 0 && _ids[slot] > addedAfter && !pdqDistance.ContainsKey(slot))
                {
                    top.Enqueue(slot, (votes, -slot));
                    if (top.Count > depth)
                    {
                        top.Dequeue();
                    }
                }
            }
            var chosen = top.UnorderedItems.Select(e => e.Element).ToArray();
            var ranked = Rerank(chosen, uprightLog, mirroredLog, limit);
            foreach (var (slot, distance) in pdqDistance)
            {
                if (_ids[slot] >= 0 && _ids[slot] > addedAfter)
                {
                    candidates.Add(new Candidate(_ids[slot], _offsets[slot], distance, Orientations.Both, float.PositiveInfinity));
                }
            }
            foreach (var (slot, sides, votes) in ranked)
            {
                candidates.Add(new Candidate(_ids[slot], _offsets[slot], null, sides, votes));
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        return candidates;
    }

    // Weak geometric consistency (Jégou et al. 2008): a picture's votes are split by the rotation
    // from its keypoints to the suspect's, and only the best pair of neighbouring sectors counts. A
    // copy's true correspondences agree on one rotation; chance ones spread over all sixteen. The
    // best `limit` by that count, strongest first, with the sides worth verifying. Under the read lock.
    private List<(int Slot, Orientations Sides, float Votes)> Rerank(int[] chosen, VoteLog uprightLog, VoteLog mirroredLog, int limit)
    {
        var rows = _rows.Value!;
        if (rows.Length < _slots)
        {
            rows = new int[Math.Max(_ids.Length, _slots)];
            _rows.Value = rows;
        }
        for (var r = 0; r < chosen.Length; r++)
        {
            rows[chosen[r]] = r + 1;
        }
        var uprightSectors = new float[chosen.Length * PostingCode.Sectors];
        var mirroredSectors = new float[uprightSectors.Length];
        uprightLog.CountBySector(rows, uprightSectors);
        mirroredLog.CountBySector(rows, mirroredSectors);
        var ranked = new List<(int Slot, Orientations Sides, float Votes)>(chosen.Length);
        for (var r = 0; r < chosen.Length; r++)
        {
            rows[chosen[r]] = 0;
            var u = BestSectors(uprightSectors.AsSpan(r * PostingCode.Sectors, PostingCode.Sectors));
            var m = BestSectors(mirroredSectors.AsSpan(r * PostingCode.Sectors, PostingCode.Sectors));
            var votes = Math.Max(u, m);
            var sides = (u >= Settings.OtherSideShare * votes ? Orientations.Upright : 0) | (m >= Settings.OtherSideShare * votes ? Orientations.Mirrored : 0);
            ranked.Add((chosen[r], sides, votes));
        }
        ranked.Sort((a, b) => a.Votes != b.Votes ? b.Votes.CompareTo(a.Votes) : a.Slot.CompareTo(b.Slot));
        if (ranked.Count > limit)
        {
            ranked.RemoveRange(limit, ranked.Count - limit);
        }
        return ranked;
    }

    // The votes of the best two neighbouring sectors: a rotation near a sector's edge splits its votes.
    private static float BestSectors(ReadOnlySpan<float> sectors)
    {
        var best = 0f;
        for (var b = 0; b < sectors.Length; b++)
        {
            best = Math.Max(best, sectors[b] + sectors[(b + 1) % sectors.Length]);
        }
        return best;
    }

    // Each candidate verified on its own (in parallel when the machine has cores to spare); the
    // assessments keep the candidates' order, so the result never depends on the threads. How much
    // of the original a match shows is judged by the caller: a window's match only once it is
    // placed in the whole suspect (a copy filling the suspect shows a third of itself in any one window).
    private CopyMatch[] Verify(IReadOnlyList<(PictureAnalysis Suspect, Candidate Candidate)> pairs)
    {
        var verdicts = new CopyMatch[pairs.Count];
        Parallel.For(0, pairs.Count, ParallelOptions, i =>
        {
            var (suspect, candidate) = pairs[i];
            var record = FiledRecord.FromBytes(_store.Read(candidate.Offset));
            verdicts[i] = Assess(suspect, record, Settings, candidate.Pdq, Vocabulary, candidate.Sides) with { PictureId = candidate.Id };
        });
        return verdicts;
    }

    private ParallelOptions ParallelOptions => new() { MaxDegreeOfParallelism = Math.Max(1, Settings.Parallelism) };

    private static List<CopyMatch> Strongest(IEnumerable<CopyMatch> verdicts)
    {
        var results = verdicts.Where(m => m.Verdict == MatchVerdict.Match).ToList();
        results.Sort((a, b) => a.FalseMatchBound != b.FalseMatchBound ? a.FalseMatchBound.CompareTo(b.FalseMatchBound) : a.PictureId.CompareTo(b.PictureId));
        return results;
    }

    // Windows looked at again, enlarged to the working size, when the whole suspect matches nothing:
    // a picture pasted small into a banner, a collage or a screenshot has too few pixels at the
    // suspect's scale. Four overlapping quarters of 60% of each side and the centre: every
    // rectangle of at least a third of each side lies mostly inside one of them.
    private static readonly RelativeRect[] Windows =
    [
        new(0, 0, 0.6, 0.6), new(0.4, 0, 0.6, 0.6), new(0, 0.4, 0.6, 0.6), new(0.4, 0.4, 0.6, 0.6), new(0.2, 0.2, 0.6, 0.6),
    ];

    /// <summary>
    /// The filed pictures <paramref name="image"/> copies: the whole picture first (its analysis given);
    /// when that finds nothing, the regions that look pasted into it (<see cref="PastedRegions"/>), each
    /// looked up as a picture of its own; when those find nothing, enlarged windows of it; and last the
    /// strongest near misses again, zoomed where their maps put the original. So a picture pasted
    /// small into a banner, collage or screenshot is still met at its own scale. Regions and maps are
    /// given in the whole suspect's coordinates; each part's bound is multiplied by the number of
    /// lookups made and must still pass the a-contrario test.
    /// </summary>
    public IReadOnlyList<CopyMatch> FindCopies(Imaging.RgbImage image, PictureAnalysis whole, out LookupStatistics statistics) =>
        FindCopies(new CopyQuery(image, whole), long.MinValue, windows: true, out statistics);

    /// <summary>
    /// The lookup of <see cref="FindCopies(Imaging.RgbImage, PictureAnalysis, out LookupStatistics)"/>
    /// among only the pictures whose id is above <paramref name="addedAfter"/>, reusing the query's
    /// analyses: a decision made on an earlier state of the index is brought up to date without
    /// analysing the suspect again or verifying the pictures it was already verified against.
    /// Windows are looked at only when <paramref name="windows"/> (the earlier lookup found nothing).
    /// </summary>
    public IReadOnlyList<CopyMatch> FindCopies(CopyQuery query, long addedAfter, bool windows, out LookupStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = FindCopies(query.Whole, addedAfter, out statistics, out var wholeAssessed);
        if (!windows || found.Count > 0 || Math.Min(query.Image.Width, query.Image.Height) < 64)
        {
            return found;
        }
        // Every lookup of the suspect (the whole, each pasted region, each window, each zoom) is one
        // more chance of a false alarm, so each bound found in a part is multiplied by their number.
        var lookups = 1 + Settings.PastedRegions + Windows.Length + Settings.ZoomAttempts;
        var nearMisses = new List<NearMiss>();
        foreach (var (match, candidate) in wholeAssessed)
        {
            if (match.Map is { } map)
            {
                nearMisses.Add(new NearMiss(candidate, map, match.FalseMatchBound, match.Inliers));
            }
        }
        var byId = new Dictionary<long, CopyMatch>();
        // A part's assessment placed in the whole suspect: kept when it is a match there, else a
        // near miss a zoom may look at again (with the part's own bound, for ranking).
        void Judge(CopyMatch match, Candidate candidate, RelativeRect part)
        {
            var placed = Covered(Place(match, part, lookups, Settings), Settings);
            if (placed.Verdict == MatchVerdict.Match)
            {
                Keep(byId, placed);
            }
            else if (placed.Map is { } map)
            {
                nearMisses.Add(new NearMiss(candidate, map, match.FalseMatchBound, match.Inliers));
            }
        }
        var candidateCount = statistics.Candidates;
        var postings = statistics.Postings;
        var candidateIds = new List<long>(statistics.CandidateIds);
        foreach (var (region, analysis) in query.Regions(Settings, ParallelOptions))
        {
            FindCopies(analysis, addedAfter, out var regionStatistics, out var regionAssessed);
            candidateCount += regionStatistics.Candidates;
            postings += regionStatistics.Postings;
            candidateIds.AddRange(regionStatistics.CandidateIds);
            foreach (var (match, candidate) in regionAssessed)
            {
                Judge(match, candidate, region);
            }
        }
        if (byId.Count > 0)
        {
            statistics = new LookupStatistics(candidateCount, postings, candidateIds);
            return Strongest(byId.Values);
        }
        // The windows' candidates are pooled and only the best voted (picture, window) pairs are
        // verified: a picture that copies nothing (most lookups) costs a few more verifications,
        // not five more lookups.
        var analyses = query.Windows(Windows, Settings, ParallelOptions);
        var pooled = new List<(Candidate Candidate, int Window)>();
        for (var w = 0; w < Windows.Length; w++)
        {
            pooled.AddRange(Candidates(analyses[w], Settings.WindowCandidates, addedAfter, out var windowPostings).Select(c => (c, w)));
            postings += windowPostings;
        }
        var chosen = pooled.OrderByDescending(c => c.Candidate.Votes).ThenBy(c => c.Candidate.Id).ThenBy(c => c.Window).Take(Settings.WindowCandidates).ToList();
        var verdicts = Verify([.. chosen.Select(c => (analyses[c.Window], c.Candidate))]);
        for (var i = 0; i < chosen.Count; i++)
        {
            Judge(verdicts[i], chosen[i].Candidate, Windows[chosen[i].Window]);
        }
        var zooms = byId.Count == 0 ? Zoom(query, nearMisses, lookups) : [];
        foreach (var placed in zooms)
        {
            Keep(byId, placed);
        }
        statistics = new LookupStatistics(candidateCount + chosen.Count + zooms.Count, postings,
            [.. candidateIds, .. chosen.Select(c => c.Candidate.Id), .. zooms.Select(z => z.PictureId)]);
        return Strongest(byId.Values);
    }

    private static void Keep(Dictionary<long, CopyMatch> byId, CopyMatch placed)
    {
        if (placed.Verdict == MatchVerdict.Match && (!byId.TryGetValue(placed.PictureId, out var known) || placed.FalseMatchBound < known.FalseMatchBound))
        {
            byId[placed.PictureId] = placed;
        }
    }

    // A candidate whose verification fitted a map but fell short of a match: where the map puts the
    // original in the whole suspect (relative coordinates), and how strong the fit was.
    private readonly record struct NearMiss(Candidate Candidate, AffineMap Map, double Bound, int Inliers);

    // A suspect part's zoom window may be at most this share of the suspect's longer side: a larger
    // one would be analysed at little more than the whole suspect's or a window's resolution.
    private const double MaxZoomSide = 2.0 / 3;

    // Real pixels a zoom window needs on its shorter side to hold detail worth enlarging.
    private const int MinZoomPixels = 32;

    // The strongest near misses looked at again where their maps put the original: that part of the
    // suspect, with a margin, cut from its full-resolution pixels and enlarged to the working size.
    // A picture pasted small (a phone screenshot, a corner of a banner) is met at its own scale,
    // wherever it lies and whatever its size, and a fit too weak to prove a copy from a few dozen
    // keypoints either grows into one from hundreds or fails again.
    private List<CopyMatch> Zoom(CopyQuery query, List<NearMiss> nearMisses, int lookups)
    {
        var image = query.Image;
        var targets = nearMisses
            .Where(n => n.Inliers >= Settings.ZoomMinInliers)
            .GroupBy(n => n.Candidate.Id)
            .Select(g => g.OrderBy(n => n.Bound).First())
            .OrderBy(n => n.Bound).ThenBy(n => n.Candidate.Id)
            .Select(n => (NearMiss: n, Window: ZoomWindow(n.Map, image.Width, image.Height)))
            .Where(t => t.Window is not null)
            .Take(Settings.ZoomAttempts)
            .ToList();
        var placed = new CopyMatch[targets.Count];
        Parallel.For(0, targets.Count, ParallelOptions, i =>
        {
            var (nearMiss, window) = targets[i];
            var analysis = PictureAnalysis.Of(Crop(image, window!.Value), Settings);
            var record = FiledRecord.FromBytes(_store.Read(nearMiss.Candidate.Offset));
            var sides = nearMiss.Map.Mirrors ? Orientations.Mirrored : Orientations.Upright;
            var match = Assess(analysis, record, Settings, nearMiss.Candidate.Pdq, Vocabulary, sides) with { PictureId = nearMiss.Candidate.Id };
            placed[i] = Covered(Place(match, window.Value, lookups, Settings), Settings);
        });
        return [.. placed];
    }

    // The original's box in the suspect under a relative map, widened by the margin and clipped;
    // null when it is too large to gain resolution or too small to hold detail.
    private RelativeRect? ZoomWindow(AffineMap relative, int width, int height)
    {
        var window = Clip(relative, RelativeRect.Whole).Widened(Settings.ZoomMargin);
        var (w, h) = (window.Width * width, window.Height * height);
        return Math.Max(w, h) > MaxZoomSide * Math.Max(width, height) || Math.Min(w, h) < MinZoomPixels ? null : window;
    }

    internal static Imaging.RgbImage Crop(Imaging.RgbImage image, RelativeRect window)
    {
        var (x, y, w, h) = window.ToPixels(image.Width, image.Height);
        var pixels = new byte[3 * w * h];
        for (var row = 0; row < h; row++)
        {
            Array.Copy(image.Pixels, 3 * (((y + row) * image.Width) + x), pixels, 3 * row * w, 3 * w);
        }
        return new Imaging.RgbImage(w, h, pixels);
    }

    // A window's match in the whole suspect's terms: u_whole = window.X + window.Width · u_window.
    // The bound, multiplied by the lookups made, must still pass the a-contrario test: the number of
    // false alarms of the whole lookup, not of the one part that matched, is what is stated.
    private static CopyMatch Place(CopyMatch match, RelativeRect window, int lookups, DetectorSettings settings)
    {
        var map = match.Map is { } m
            ? new AffineMap(m.M11 * window.Width, m.M12 * window.Width, window.X + (m.Dx * window.Width), m.M21 * window.Height, m.M22 * window.Height, window.Y + (m.Dy * window.Height))
            : (AffineMap?)null;
        var bound = Math.Min(1, match.FalseMatchBound * lookups);
        // The original may reach past the window: what of it the whole suspect shows, and where.
        var (originalRegion, suspectRegion) = map is { } placed ? Shown(placed) : (match.OriginalRegion, window.Sub(match.SuspectRegion));
        return match with
        {
            Verdict = match.Verdict == MatchVerdict.Match && Math.Log10(Math.Max(bound, 1e-300)) <= settings.MaxLog10Nfa ? MatchVerdict.Match : MatchVerdict.NoMatch,
            Map = map,
            // The window was analysed at the working size, so its pixels were enlarged by 1 / side.
            Scale = match.Scale * Math.Sqrt(window.Width * window.Height),
            FalseMatchBound = bound,
            Score = Math.Clamp(-Math.Log10(Math.Max(bound, 1e-300)) / 30, 0, 1),
            OriginalRegion = originalRegion,
            SuspectRegion = suspectRegion,
        };
    }

    // The part of the original inside the suspect (the suspect's frame mapped back, clipped to the
    // original) and where that part lies in the suspect, under a map in relative coordinates.
    private static (RelativeRect Original, RelativeRect Suspect) Shown(AffineMap relative)
    {
        var original = Clip(relative.Inverse(), RelativeRect.Whole);
        return (original, Clip(relative, original));
    }

    // A suspect that shows only a small part of a picture does not copy it, however well that part
    // agrees: two product photos of one shop share its badge in a corner (DetectorSettings.MinCoverage).
    private static CopyMatch Covered(CopyMatch match, DetectorSettings settings) =>
        match.Verdict == MatchVerdict.Match && match.OriginalRegion.Area < settings.MinCoverage ? match with { Verdict = MatchVerdict.NoMatch } : match;

    /// <summary>Verifies one suspect against one filed picture, without an index.</summary>
    public static CopyMatch Compare(PictureAnalysis suspect, FiledRecord original, DetectorSettings? settings = null, int? pdqDistance = null, VisualVocabulary? vocabulary = null, Orientations orientations = Orientations.Both)
    {
        settings ??= DetectorSettings.Default;
        return Covered(Assess(suspect, original, settings, pdqDistance, vocabulary, orientations), settings);
    }

    /// <summary>
    /// Verifies the part <paramref name="region"/> of a suspect (widened by a margin of a sixth of its
    /// size on each side) against one filed picture, as a lookup's pasted region or zoom does; the
    /// match is given in the whole suspect's coordinates. For showing a reviewer where a match found in
    /// a part of a banner or screenshot lies, when the whole suspect does not fit the original.
    /// </summary>
    public static CopyMatch Compare(Imaging.RgbImage suspect, RelativeRect region, FiledRecord original, DetectorSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(original);
        settings ??= DetectorSettings.Default;
        var part = region.Widened(1.0 / 6);
        if (part.Area <= 0)
        {
            return Compare(PictureAnalysis.Of(suspect, settings), original, settings);
        }
        var match = Assess(PictureAnalysis.Of(Crop(suspect, part), settings), original, settings, null, null, Orientations.Both);
        return Covered(Place(match, part, 1, settings), settings);
    }

    // The pair's verdict on its keypoints and blocks, before the share of the original shown is judged.
    private static CopyMatch Assess(PictureAnalysis suspect, FiledRecord original, DetectorSettings settings, int? pdqDistance, VisualVocabulary? vocabulary, Orientations orientations)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(original);
        pdqDistance ??= PdqDistance(suspect, original, settings);
        var evidence = PairVerifier.Verify(suspect, original, settings, vocabulary, orientations);
        var verdict = PairVerifier.IsCopy(evidence, settings) ? MatchVerdict.Match : MatchVerdict.NoMatch;
        var bound = Math.Pow(10, Math.Min(0, evidence.Log10Nfa));
        var score = Math.Clamp(-evidence.Log10Nfa / 30, 0, 1);
        if (evidence.Map is not { } map)
        {
            return new CopyMatch(0, verdict, score, bound, null, 0, 0, evidence.Inliers, evidence.Tentative, 0, 0, RelativeRect.Whole, RelativeRect.Whole, pdqDistance);
        }
        var o = original.Features;
        var s = suspect.Features;
        var relative = map.Rescaled(1.0 / o.FrameWidth, 1.0 / o.FrameHeight, 1.0 / s.FrameWidth, 1.0 / s.FrameHeight);
        var (originalRegion, suspectRegion) = Shown(relative);
        return new CopyMatch(0, verdict, score, bound, relative, map.Scale, map.RotationDegrees, evidence.Inliers, evidence.Tentative,
            evidence.AgreeingBlocks, evidence.TexturedBlocks, originalRegion, suspectRegion, pdqDistance);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _store.Dispose();
        _votes.Dispose();
        _rows.Dispose();
        _voteLogs.Dispose();
        _lock.Dispose();
    }

    private static int? PdqDistance(PictureAnalysis suspect, FiledRecord original, DetectorSettings settings)
    {
        if (!original.Pdq.IsUseful)
        {
            return null;
        }
        var best = suspect.Pdq.All.Where(v => v.IsUseful).Select(v => v.Hash.DistanceTo(original.Pdq.Hash)).DefaultIfEmpty(int.MaxValue).Min();
        return best <= settings.PdqCandidateDistance ? best : null;
    }

    // The bounding box of a region's corners under a map, clipped to the unit square.
    private static RelativeRect Clip(AffineMap relative, RelativeRect region)
    {
        var corners = new[]
        {
            relative.Apply(region.X, region.Y),
            relative.Apply(region.X + region.Width, region.Y),
            relative.Apply(region.X, region.Y + region.Height),
            relative.Apply(region.X + region.Width, region.Y + region.Height),
        };
        var x0 = Math.Clamp(corners.Min(c => c.X), 0, 1);
        var y0 = Math.Clamp(corners.Min(c => c.Y), 0, 1);
        var x1 = Math.Clamp(corners.Max(c => c.X), 0, 1);
        var y1 = Math.Clamp(corners.Max(c => c.Y), 0, 1);
        return new RelativeRect(x0, y0, Math.Max(0, x1 - x0), Math.Max(0, y1 - y0));
    }

    private void Insert(long pictureId, Hashing.Hash256? pdq, ReadOnlySpan<int> words, ReadOnlySpan<ushort> signatures, long offset)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_slotOf.Remove(pictureId, out var old))
            {
                _ids[old] = -1;
                _pdq.Remove(old);
                _live--;
            }
            if (_slots == _ids.Length)
            {
                Array.Resize(ref _ids, _ids.Length * 2);
                Array.Resize(ref _offsets, _offsets.Length * 2);
            }
            var slot = _slots++;
            _ids[slot] = pictureId;
            _offsets[slot] = offset;
            _slotOf[pictureId] = slot;
            _live++;
            if (pdq is { } hash)
            {
                _pdq.Add(hash, slot);
            }
            for (var i = 0; i < words.Length; i++)
            {
                _words.Add(words[i], signatures[i], slot);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
