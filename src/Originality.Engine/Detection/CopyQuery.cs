using Originality.Engine.Matching;

namespace Originality.Engine.Detection;

/// <summary>
/// A suspect as <see cref="CopyIndex"/> looks it up: the decoded picture, its whole-picture analysis,
/// and the analyses of its enlarged windows once a lookup needed them. Kept by a caller that may
/// have to look the same suspect up again among pictures added since (F-5's decision under its
/// lock), so that second lookup analyses nothing.
/// </summary>
public sealed class CopyQuery(Imaging.RgbImage image, PictureAnalysis whole)
{
    private readonly Lock _gate = new();
    private PictureAnalysis[]? _windows;
    private (RelativeRect Region, PictureAnalysis Analysis)[]? _regions;

    /// <summary>The suspect's pixels.</summary>
    public Imaging.RgbImage Image { get; } = image ?? throw new ArgumentNullException(nameof(image));

    /// <summary>The analysis of the whole suspect.</summary>
    public PictureAnalysis Whole { get; } = whole ?? throw new ArgumentNullException(nameof(whole));

    // Pasted-looking regions depend only on the suspect and the settings, so they too are found and analysed once.
    internal (RelativeRect Region, PictureAnalysis Analysis)[] Regions(DetectorSettings settings, ParallelOptions parallel)
    {
        lock (_gate)
        {
            if (_regions is null)
            {
                var found = PastedRegions.Find(Image, settings.WorkingSide, settings.PastedRegions, settings.PasteEdgeStep, settings.PasteSideSupport);
                var analyses = new PictureAnalysis[found.Count];
                Parallel.For(0, found.Count, parallel, r => analyses[r] = PictureAnalysis.Of(CopyIndex.Crop(Image, found[r]), settings));
                _regions = [.. found.Select((r, i) => (r, analyses[i]))];
            }
            return _regions;
        }
    }

    // Windows are fixed by the index, so they are computed once, by whichever lookup asks first.
    internal PictureAnalysis[] Windows(RelativeRect[] windows, DetectorSettings settings, ParallelOptions parallel)
    {
        lock (_gate)
        {
            if (_windows is null)
            {
                var analyses = new PictureAnalysis[windows.Length];
                Parallel.For(0, windows.Length, parallel, w => analyses[w] = PictureAnalysis.Of(CopyIndex.Crop(Image, windows[w]), settings));
                _windows = analyses;
            }
            return _windows;
        }
    }
}
