using System.Globalization;

namespace Originality.Measurement;

/// <summary>What a corpus picture is, as scripts/build-corpus.sh labels it (the manifest's <c>kind</c> column).</summary>
public enum PictureKind
{
    /// <summary>A photograph (wallpapers, landscapes, albums, astronomy that is not dark).</summary>
    Photo,

    /// <summary>A cut-out object composited on a white or near-white studio background: a marketplace main picture.</summary>
    ObjectOnWhite,

    /// <summary>A surface texture (game textures, skies): repetitive, little structure.</summary>
    Texture,

    /// <summary>Mean luma below 50 (night skies, galaxies, darkened pictures).</summary>
    Dark,

    /// <summary>Little detail: flat colours, soft gradients, faint noise.</summary>
    LowDetail,

    /// <summary>Drawn repeating patterns (stripes, checks, dots, waves).</summary>
    Pattern,

    /// <summary>A picture carrying one of the shop marks that other, different pictures carry too.</summary>
    SharedMark,
}

/// <summary>Which half of the corpus.</summary>
public enum CorpusSplit
{
    /// <summary>Pictures whose file name (a SHA-256 prefix) ends in an even hex digit: choose parameters here.</summary>
    Tuning,

    /// <summary>The odd ones: report these.</summary>
    HeldOut,

    /// <summary>Both halves.</summary>
    All,
}

/// <summary>One picture of the corpus with what its manifest says about it.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Name">File name, the first 16 hex digits of the file's SHA-256 plus extension.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Package">The Debian package it comes from (or that its material comes from).</param>
/// <param name="Source">Its path inside the package, or the recipe that made it.</param>
/// <param name="Group">
/// What it shares with other pictures, empty if nothing: the object category
/// (<c>animals/mammals/cats</c>) and studio template of object-on-white pictures, the mark of
/// shared-mark pictures. Pictures of one group are different pictures that look alike.
/// </param>
public sealed record CorpusPicture(string Path, string Name, PictureKind Kind, string Package, string Source, string Group)
{
    /// <summary>Whether the picture belongs to the tuning half (by the parity of the name's last hex digit).</summary>
    public bool IsTuning => Corpus.IsTuning(Name);
}

/// <summary>
/// Reads the corpus scripts/build-corpus.sh builds: the originals at the top of the folder, the
/// hard-negative pool in its <c>negatives</c> subfolder, each with a <c>manifest.tsv</c>.
/// </summary>
/// <remarks>
/// The split goes by each file's own name (its SHA-256 prefix), not by its position in a sorted
/// list, so adding or removing pictures never moves another picture to the other half.
/// </remarks>
public static class Corpus
{
    /// <summary>The subfolder that holds the hard negatives.</summary>
    public const string NegativesFolder = "negatives";

    /// <summary>The originals of <paramref name="directory"/> in <paramref name="split"/>, in name order.</summary>
    /// <exception cref="FileNotFoundException">The folder has no manifest.tsv.</exception>
    public static IReadOnlyList<CorpusPicture> Load(string directory, CorpusSplit split) => Read(directory, split);

    /// <summary>Whether a corpus file name belongs to the tuning half: its stem ends in an even hex digit.</summary>
    public static bool IsTuning(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var stem = System.IO.Path.GetFileNameWithoutExtension(name);
        if (stem.Length == 0 || !int.TryParse(stem[^1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var digit))
        {
            throw new ArgumentException($"'{name}' is not a corpus file name (hex digits).", nameof(name));
        }
        return digit % 2 == 0;
    }

    /// <summary>The manifest's spelling of a kind (<c>object-on-white</c>).</summary>
    public static string KindName(PictureKind kind) => kind switch
    {
        PictureKind.ObjectOnWhite => "object-on-white",
        PictureKind.LowDetail => "low-detail",
        PictureKind.SharedMark => "shared-mark",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses <see cref="KindName"/>; an older manifest without kinds reads as photos.</summary>
    public static PictureKind ParseKind(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return PictureKind.Photo;
        }
        foreach (var kind in Enum.GetValues<PictureKind>())
        {
            if (string.Equals(KindName(kind), text, StringComparison.Ordinal))
            {
                return kind;
            }
        }
        throw new FormatException($"Unknown picture kind '{text}'.");
    }

    internal static IReadOnlyList<CorpusPicture> Read(string directory, CorpusSplit split)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var manifest = System.IO.Path.Combine(directory, "manifest.tsv");
        if (!File.Exists(manifest))
        {
            throw new FileNotFoundException($"No manifest.tsv in {directory}; build the corpus with scripts/build-corpus.sh.", manifest);
        }
        var lines = File.ReadAllLines(manifest);
        var header = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(header, name);
        var (file, package, source, kind, group) = (Column("file"), Column("package"), Column("source"), Column("kind"), Column("group"));
        if (file < 0)
        {
            throw new FormatException($"{manifest} has no 'file' column.");
        }
        string At(string[] cells, int i) => i >= 0 && i < cells.Length ? cells[i] : "";
        var pictures = new List<CorpusPicture>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split('\t');
            var name = cells[file];
            var picture = new CorpusPicture(System.IO.Path.Combine(directory, name), name, ParseKind(At(cells, kind)), At(cells, package), At(cells, source), At(cells, group));
            if (split == CorpusSplit.All || picture.IsTuning == (split == CorpusSplit.Tuning))
            {
                pictures.Add(picture);
            }
        }
        pictures.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return pictures;
    }
}

/// <summary>
/// The hard-negative pool: pictures that are copies of no original but look like some (other
/// objects on the same studio templates, the same kinds of object, the same shop marks, textures,
/// patterns, dark and low-detail pictures). Compare every original with every one: each pair is a
/// non-copy.
/// </summary>
public static class HardNegatives
{
    /// <summary>The pool of the corpus in <paramref name="corpusDirectory"/> (its <c>negatives</c> folder), in name order.</summary>
    /// <exception cref="FileNotFoundException">The corpus has no negatives/manifest.tsv.</exception>
    public static IReadOnlyList<CorpusPicture> Load(string corpusDirectory, CorpusSplit split)
    {
        ArgumentNullException.ThrowIfNull(corpusDirectory);
        return Corpus.Read(System.IO.Path.Combine(corpusDirectory, Corpus.NegativesFolder), split);
    }
}
