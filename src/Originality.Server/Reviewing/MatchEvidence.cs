using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Originality.Domain;
using Originality.Engine.Detection;
using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Engine.Pdq;
using Originality.Server.Application;
using Originality.Storage;

namespace Originality.Server.Reviewing;

/// <summary>
/// What a reviewer decides from, for one match: the map that lays the original onto the suspect,
/// the difference map (<see cref="MatchHeatMap"/>) and the blended overlay
/// (<see cref="EvidenceOverlay"/>). The two pictures of a match never change, so all three are
/// computed once per match (a few hundred milliseconds) and kept as files beside the database;
/// every later request reads them.
/// </summary>
/// <remarks>
/// Files are written to a temporary name and moved into place, so a reader never sees half a file
/// and two processes computing the same match at once both end with the same complete file.
/// Within a process, one computation per match runs at a time.
/// </remarks>
public sealed class MatchEvidence(OriginalityStore store, ListingStore listings, IOptions<StorageOptions> storage)
{
    /// <summary>The map from the original to the suspect in relative coordinates (0..1 on each axis of each picture).</summary>
    /// <param name="Fitted">True when the detector fitted it on keypoints; false when it only maps the matched rectangles onto each other.</param>
    /// <param name="Inliers">Keypoint pairs that agree on the map (0 when not fitted).</param>
    /// <param name="Tentative">Keypoint pairs considered.</param>
    public sealed record Alignment(
        double M11, double M12, double Dx, double M21, double M22, double Dy, bool Fitted,
        int Inliers, int Tentative, double Scale, double RotationDegrees, bool Mirrored);

    private readonly string _directory = Path.GetFullPath(Path.Combine(storage.Value.DataDirectory, "match-evidence"));

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _computing = new(StringComparer.Ordinal);

    /// <summary>The difference map (PNG), or null when the match or a picture is gone.</summary>
    public Task<byte[]?> HeatMapAsync(MatchRecord match, CancellationToken cancellationToken) => FileAsync(match, "heatmap.png", cancellationToken);

    /// <summary>The original blended onto the suspect, beside both (PNG); null when it cannot be made.</summary>
    public Task<byte[]?> OverlayAsync(MatchRecord match, CancellationToken cancellationToken) => FileAsync(match, "overlay.png", cancellationToken);

    /// <summary>How the original lies on the suspect; null when a picture is gone.</summary>
    public async Task<Alignment?> AlignmentAsync(MatchRecord match, CancellationToken cancellationToken)
    {
        var json = await FileAsync(match, "alignment.json", cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<Alignment>(json);
    }

    private async Task<byte[]?> FileAsync(MatchRecord match, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        // Match ids are GUIDs; anything else is not a file name of ours.
        if (!Guid.TryParse(match.Id, out var id))
        {
            return null;
        }
        var path = PathOf(id, kind);
        if (File.Exists(path))
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        var gate = _computing.GetOrAdd(match.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(path))
            {
                if (!await ComputeAsync(match, id, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }
            return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
        }
        finally
        {
            gate.Release();
        }
    }

    private string PathOf(Guid id, string kind) => Path.Combine(_directory, id.ToString("N", CultureInfo.InvariantCulture) + "." + kind);

    private async Task<bool> ComputeAsync(MatchRecord match, Guid id, CancellationToken cancellationToken)
    {
        var picture = await listings.GetPictureAsync(match.PictureId, cancellationToken).ConfigureAwait(false);
        var filing = Guid.TryParse(match.FilingId, out var filingId)
            ? await store.InSessionAsync(s => s.Filings.GetAsync(new FilingId(filingId), cancellationToken), cancellationToken).ConfigureAwait(false)
            : null;
        if (picture is null || filing is null)
        {
            return false;
        }
        var suspectBytes = await store.Originals.ReadAsync(picture.Sha256, cancellationToken).ConfigureAwait(false);
        var originalBytes = await store.Originals.ReadAsync(filing.State.Evidence.ContentSha256, cancellationToken).ConfigureAwait(false);
        var suspectRegion = ListingScanner.ParseRegion(match.SuspectRegion);
        var originalRegion = ListingScanner.ParseRegion(match.OriginalRegion);

        // Pixels are work for the CPU, not for the request thread's scheduler.
        var (heatMap, overlay, alignment) = await Task.Run(() => Render(suspectBytes, originalBytes, suspectRegion, originalRegion), cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(_directory);
        await WriteAsync(PathOf(id, "heatmap.png"), heatMap, cancellationToken).ConfigureAwait(false);
        if (overlay is not null)
        {
            await WriteAsync(PathOf(id, "overlay.png"), overlay, cancellationToken).ConfigureAwait(false);
        }
        await WriteAsync(PathOf(id, "alignment.json"), JsonSerializer.SerializeToUtf8Bytes(alignment), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static (byte[] HeatMap, byte[]? Overlay, Alignment Alignment) Render(
        byte[] suspectBytes, byte[] originalBytes, RelativeRect suspectRegion, RelativeRect originalRegion)
    {
        var heatMap = MatchHeatMap.Render(suspectBytes, originalBytes, suspectRegion, originalRegion);
        // Decoded as the intake decodes for fingerprints, so the fitted map is the detector's own.
        var options = new DecodeOptions(MinShortSide: PdqFingerprinter.FastMinShortSide);
        var original = ImageDecoder.Decode(originalBytes, options: options).Image;
        var suspect = ImageDecoder.Decode(suspectBytes, options: options).Image;
        var record = PictureAnalysis.Of(original).ToRecord();
        var match = CopyIndex.Compare(PictureAnalysis.Of(suspect), record);
        // A picture pasted into a banner or a screenshot fits only where the detector found it.
        if (match.Verdict != MatchVerdict.Match && suspectRegion.Area < 0.8 && CopyIndex.Compare(suspect, suspectRegion, record) is { Verdict: MatchVerdict.Match } part)
        {
            match = part;
        }
        if (match.Map is { } map)
        {
            return (heatMap, EvidenceOverlay.Render(original, suspect, match),
                new Alignment(map.M11, map.M12, map.Dx, map.M21, map.M22, map.Dy, Fitted: true,
                    match.Inliers, match.Tentative, match.Scale, match.RotationDegrees, map.Mirrors));
        }
        // No keypoint transform (a flat picture, a heavy crop): the matched rectangles are laid on
        // each other, which is what the detector's regions already claim.
        var sx = suspectRegion.Width / Math.Max(originalRegion.Width, 1e-6);
        var sy = suspectRegion.Height / Math.Max(originalRegion.Height, 1e-6);
        return (heatMap, null, new Alignment(sx, 0, suspectRegion.X - (sx * originalRegion.X), 0, sy, suspectRegion.Y - (sy * originalRegion.Y), Fitted: false,
            0, match.Tentative, Math.Sqrt(sx * sy), 0, Mirrored: false));
    }

    private static async Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
