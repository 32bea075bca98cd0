using System.Collections.Concurrent;
using System.Globalization;
using Originality.Engine.Indexing;

namespace Originality.Engine.Matching;

/// <summary>
/// Finds which originals a suspect picture copies. First stage: every probe hash of the suspect is
/// looked up in a <see cref="HashIndex"/> of the originals' region hashes within the threshold
/// radius. Second stage: each original found is scored by the closest pair of region hashes, which
/// also tells where in each picture the match lies.
/// </summary>
/// <remarks>
/// Thread-safe: any number of threads may call <see cref="FindCopies"/> while others add or remove.
/// Picture ids are caller-defined, from 0 to 2^55 - 1.
/// </remarks>
public sealed class CopyDetector
{
    // Each stored region hash is one index entry keyed (pictureId << SlotBits) | slot.
    private const int SlotBits = 8;
    private const long MaxPictureId = (1L << (63 - SlotBits)) - 1;

    private readonly HashIndex _index;
    private readonly ConcurrentDictionary<long, PictureFingerprint> _originals = new();
    private readonly Lock _writeLock = new();

    /// <summary>Creates an empty detector.</summary>
    public CopyDetector(MatchThreshold? threshold = null, HashIndexOptions? indexOptions = null)
    {
        Threshold = threshold ?? MatchThreshold.Default;
        _index = new HashIndex(indexOptions);
    }

    /// <summary>The verdict threshold.</summary>
    public MatchThreshold Threshold { get; }

    /// <summary>Number of originals held.</summary>
    public int Count => _originals.Count;

    /// <summary>
    /// Merges the index into one segment after many single adds (a bulk load at start), so
    /// searches are as fast as after a bulk build; see <see cref="HashIndex.Compact"/>.
    /// </summary>
    public void Compact() => _index.Compact();

    /// <summary>Adds (or replaces) an original.</summary>
    public void Add(long pictureId, PictureFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentOutOfRangeException.ThrowIfNegative(pictureId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pictureId, MaxPictureId);
        if (fingerprint.Stored.Count + (fingerprint.StoredGrids.Count * BlockGrid.Count) > 1 << SlotBits)
        {
            throw new ArgumentException($"A fingerprint may store at most {1 << SlotBits} region hashes.", nameof(fingerprint));
        }
        lock (_writeLock)
        {
            RemoveLocked(pictureId);
            _originals[pictureId] = fingerprint;
            for (var slot = 0; slot < fingerprint.Stored.Count; slot++)
            {
                var stored = fingerprint.Stored[slot];
                if (stored.Quality >= Threshold.MinQuality)
                {
                    _index.Add(stored.Hash, (pictureId << SlotBits) | (long)slot);
                }
            }
            // Block hashes are indexed too: a suspect whose overlay spoils every region still has clean blocks.
            var next = fingerprint.Stored.Count;
            foreach (var grid in fingerprint.StoredGrids)
            {
                for (var i = 0; i < BlockGrid.Count; i++, next++)
                {
                    if (grid.Qualities[i] >= Threshold.MinQuality)
                    {
                        _index.Add(grid.Hashes[i], (pictureId << SlotBits) | (long)next);
                    }
                }
            }
        }
    }

    /// <summary>Removes an original; returns whether it was there.</summary>
    public bool Remove(long pictureId)
    {
        lock (_writeLock)
        {
            return RemoveLocked(pictureId);
        }
    }

    /// <summary>The originals the suspect matches, best first; only verdicts of <see cref="MatchVerdict.Match"/>.</summary>
    public IReadOnlyList<MatchResult> FindCopies(PictureFingerprint suspect)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        var candidates = new HashSet<long>();
        var hits = new List<IndexHit>();
        foreach (var probe in suspect.Probes)
        {
            if (probe.Quality < Threshold.MinQuality)
            {
                continue;
            }
            hits.Clear();
            _index.Search(probe.Hash, Threshold.SearchRadius, hits);
            foreach (var hit in hits)
            {
                candidates.Add(hit.Key >> SlotBits);
            }
        }
        foreach (var grid in suspect.ProbeGrids)
        {
            for (var i = 0; i < BlockGrid.Count; i++)
            {
                if (grid.Qualities[i] < Threshold.MinQuality)
                {
                    continue;
                }
                hits.Clear();
                _index.Search(grid.Hashes[i], Threshold.SearchRadius, hits);
                foreach (var hit in hits)
                {
                    candidates.Add(hit.Key >> SlotBits);
                }
            }
        }
        var results = new List<MatchResult>(candidates.Count);
        foreach (var id in candidates)
        {
            if (_originals.TryGetValue(id, out var original))
            {
                var result = Compare(suspect, original, Threshold) with { PictureId = id };
                if (result.Verdict == MatchVerdict.Match)
                {
                    results.Add(result);
                }
            }
        }
        results.Sort((a, b) => b.Score.CompareTo(a.Score) is var c && c != 0 ? c : a.PictureId.CompareTo(b.PictureId));
        return results;
    }

    /// <summary>Scores one suspect against one original without an index (verdict included).</summary>
    public static MatchResult Compare(PictureFingerprint suspect, PictureFingerprint original, MatchThreshold? threshold = null)
    {
        threshold ??= MatchThreshold.Default;
        var best = FingerprintComparer.Best(suspect, original, threshold.MinQuality);
        if (threshold.MinInliers is { } minInliers && suspect.Features is { } suspectFeatures && original.Features is { } originalFeatures)
        {
            return Verify(best, suspectFeatures, originalFeatures, minInliers, threshold);
        }
        var score = MatchThreshold.ScoreOf(best.Distance);
        var verdict = best.Distance <= threshold.Distance ? MatchVerdict.Match : MatchVerdict.NoMatch;
        var evidence = best.ByBlocks
            ? string.Create(CultureInfo.InvariantCulture,
                $"At least {BlockGrid.Quorum} of the {BlockGrid.Count} blocks of region {best.Probe.Region} of the suspect, {Describe(best.Probe.Variant)}, are within {best.Distance} of 256 PDQ bits of the same blocks of region {best.Stored.Region} of the original.")
            : string.Create(CultureInfo.InvariantCulture,
                $"Region {best.Probe.Region} of the suspect, {Describe(best.Probe.Variant)}, is {best.Distance} of 256 PDQ bits away from region {best.Stored.Region} of the original{Tilted(best.Stored.Tilt)}.");
        return new MatchResult(0, score, verdict, evidence, best.Stored.Region, best.Probe.Region);
    }

    private static MatchResult Verify(BestPair best, LocalFeatures suspect, LocalFeatures original, int minInliers, MatchThreshold threshold)
    {
        if (best.Distance > threshold.CandidateDistance)
        {
            return new MatchResult(0, MatchThreshold.ScoreOf(best.Distance), MatchVerdict.NoMatch,
                string.Create(CultureInfo.InvariantCulture, $"No region of the suspect comes within {threshold.CandidateDistance} of 256 PDQ bits of the original (closest {best.Distance})."),
                best.Stored.Region, best.Probe.Region);
        }
        var geometry = GeometricVerifier.Verify(suspect, original);
        var verdict = geometry.Inliers >= minInliers ? MatchVerdict.Match : MatchVerdict.NoMatch;
        var score = verdict == MatchVerdict.Match ? MatchThreshold.VerifiedScoreOf(best.Distance, geometry.Inliers, minInliers) : MatchThreshold.ScoreOf(best.Distance);
        // The transform tells where the copy lies; without one the region pair is the best evidence.
        var (originalRegion, suspectRegion) = geometry.Inliers > 0 ? (geometry.OriginalRegion, geometry.SuspectRegion) : (best.Stored.Region, best.Probe.Region);
        var evidence = string.Create(CultureInfo.InvariantCulture,
            $"Closest regions {best.Distance} of 256 PDQ bits apart; {geometry.Inliers} keypoint matches agree on one transform (needed {minInliers}): scale {geometry.Scale:0.##}, turned {geometry.RotationDegrees:0.#}°{(geometry.Mirrored ? ", mirrored" : "")}.");
        return new MatchResult(0, score, verdict, evidence, originalRegion, suspectRegion);
    }

    private static string Tilted(float tilt) =>
        tilt == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" turned by {tilt:0.#}°");

    private static string Describe(Imaging.DihedralVariant variant) => variant switch
    {
        Imaging.DihedralVariant.Original => "as it is",
        Imaging.DihedralVariant.Rotate90 => "turned a quarter clockwise",
        Imaging.DihedralVariant.Rotate180 => "turned a half turn",
        Imaging.DihedralVariant.Rotate270 => "turned a quarter counter-clockwise",
        _ => "mirrored (" + variant.ToString() + ")",
    };

    private bool RemoveLocked(long pictureId)
    {
        if (!_originals.TryRemove(pictureId, out var old))
        {
            return false;
        }
        var slots = old.Stored.Count + (old.StoredGrids.Count * BlockGrid.Count);
        for (var slot = 0; slot < slots; slot++)
        {
            _index.Remove((pictureId << SlotBits) | (long)slot);
        }
        return true;
    }
}
