#:package SkiaSharp
#:package SkiaSharp.NativeAssets.Linux.NoDependencies
#:project ../../src/Originality.Engine/Originality.Engine.csproj
// Picks the photographs out of a tree of files extracted from Debian packages and copies them,
// deduplicated, into the corpus folder with a manifest. Run by scripts/build-corpus.sh:
//   dotnet run scripts/corpus/select-photos.cs -- EXTRACTED_ROOT DEST [MAX] [NEGATIVE_EVERY]
// Deterministic: candidates are visited in ordinal path order and, when there are more than MAX,
// the ones kept are those with the smallest SHA-256 (an order that mixes the packages).
// One picture in NEGATIVE_EVERY (default 10; 0 for none), chosen by its SHA-256, goes to
// DEST/negatives instead: the hard-negative pool must hold real pictures that are no original.
// Near-duplicates (PDQ distance ≤ 31 to a picture kept before, in SHA-256 order: the same
// texture in two folders or formats, one wallpaper in two sizes) are dropped, so no pair of
// corpus pictures — and no original and negative — is a copy of each other.
// Each picture gets a kind: texture (game texture packages and texture folders), dark (mean luma
// below 50), low-detail (luma s.d. below 25), else photo.
using System.Globalization;
using System.Security.Cryptography;
using SkiaSharp;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: select-photos.cs EXTRACTED_ROOT DEST [MAX]");
    return 2;
}
var root = Path.GetFullPath(args[0]);
var dest = Path.GetFullPath(args[1]);
var max = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5000;
var negativeEvery = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
Directory.CreateDirectory(dest);
var negatives = Path.Combine(dest, "negatives");
Directory.CreateDirectory(negatives);

var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
    .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)
        || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase)
        || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
    .Where(f => !File.GetAttributes(f).HasFlag(FileAttributes.ReparsePoint))
    // Drawings (constellation art), documentation screenshots and 3-D textures are not photographs.
    .Where(f => !ExcludedFolders.Any(x => f.Contains(x, StringComparison.Ordinal)))
    // A game's normal, gloss, mask and other auxiliary maps are computed from its colour texture:
    // the same structure, so near-copies of another corpus picture, not distinct pictures.
    .Where(f => !AuxiliaryMap.IsMatch(Path.GetFileNameWithoutExtension(f)))
    .Order(StringComparer.Ordinal)
    .ToList();
// A wallpaper ships one picture in several resolutions (contents/images/1920x1080.jpg, ...): they
// are copies of each other, not unrelated photos, so only the largest of each folder is kept.
files = files
    .GroupBy(f => IsResolutionName(f) ? Path.GetDirectoryName(f)! : f, StringComparer.Ordinal)
    .Select(g => g.OrderByDescending(f => new FileInfo(f).Length).ThenBy(f => f, StringComparer.Ordinal).First())
    .Order(StringComparer.Ordinal)
    .ToList();

var seen = new HashSet<string>(StringComparer.Ordinal);
var kept = new List<(string Sha, string Path, string Ext, int W, int H, string Why)>();
var refused = new Dictionary<string, int>(StringComparer.Ordinal);
foreach (var file in files)
{
    var bytes = File.ReadAllBytes(file);
    var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
    if (!seen.Add(sha))
    {
        Count("duplicate");
        continue;
    }
    var verdict = Judge(bytes, out var w, out var h, out var ext, out var stats);
    if (Environment.GetEnvironmentVariable("CORPUS_DEBUG") is not null)
    {
        Console.Error.WriteLine($"{verdict ?? "ok"}\t{w}x{h}\t{stats}\t{file}");
    }
    if (verdict is not null)
    {
        Count(verdict);
        continue;
    }
    kept.Add((sha, file, ext, w, h, stats));
}

var distinct = new List<(string Sha, string Path, string Ext, int W, int H, string Why)>();
var hashes = new List<Originality.Engine.Hashing.Hash256>();
foreach (var k in kept.OrderBy(k => k.Sha, StringComparer.Ordinal))
{
    var pdq = Originality.Engine.Pdq.PdqFingerprinter.Fingerprint(File.ReadAllBytes(k.Path), k.Path, limits: CorpusLimits).Pdq.Hash;
    if (hashes.Any(h => h.DistanceTo(pdq) <= 31))
    {
        Count("near-duplicate");
        continue;
    }
    hashes.Add(pdq);
    distinct.Add(k);
}
var chosen = distinct.Take(max).ToList();
const string Header = "file\tsha256\twidth\theight\tpackage\tsource\tstats\tkind\tgroup";
using var manifest = new StreamWriter(Path.Combine(dest, "manifest.tsv"));
using var negativeManifest = new StreamWriter(Path.Combine(negatives, "manifest.tsv"));
manifest.WriteLine(Header);
negativeManifest.WriteLine(Header);
var toNegatives = 0;
foreach (var k in chosen.OrderBy(k => k.Sha, StringComparer.Ordinal))
{
    var relative = Path.GetRelativePath(root, k.Path);
    var package = relative.Split(Path.DirectorySeparatorChar)[0];
    var name = k.Sha[..16] + k.Ext;
    // The first 32 bits of the SHA-256 pick the negatives: independent of the tuning/held-out
    // split, which looks at the last hex digit of the name.
    var negative = negativeEvery > 0 && uint.Parse(k.Sha[..8], NumberStyles.HexNumber, CultureInfo.InvariantCulture) % negativeEvery == 0;
    toNegatives += negative ? 1 : 0;
    File.Copy(k.Path, Path.Combine(negative ? negatives : dest, name), overwrite: true);
    var source = relative[(package.Length + 1)..];
    (negative ? negativeManifest : manifest).WriteLine(string.Join('\t', name, k.Sha, k.W.ToString(CultureInfo.InvariantCulture),
        k.H.ToString(CultureInfo.InvariantCulture), package, source, k.Why, Kind(package, source, k.Why), ""));
}
Console.Error.WriteLine($"candidates {files.Count}, photos {kept.Count}, written {chosen.Count} ({toNegatives} to negatives)");
foreach (var (why, n) in refused.OrderBy(r => r.Key, StringComparer.Ordinal))
{
    Console.Error.WriteLine($"  refused {why}: {n}");
}
return 0;

// Game textures are pictures of surfaces, not scenes: labelled so results can be read per kind.
static string Kind(string package, string source, string stats)
{
    var mean = Stat(stats, "mean");
    var sd = Stat(stats, "sd");
    if (package is "supertuxkart-data" || source.Contains("/textures/", StringComparison.Ordinal))
    {
        return "texture";
    }
    return mean < 50 ? "dark" : sd < 25 ? "low-detail" : "photo";
}

static double Stat(string stats, string name) =>
    double.Parse(stats.Split(' ').First(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);

static bool IsResolutionName(string f) =>
    System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileNameWithoutExtension(f), "^[0-9]+x[0-9]+$");

void Count(string why) => refused[why] = refused.GetValueOrDefault(why) + 1;

// Returns null for a photograph, else the reason it is not one. A photograph here is a JPEG or
// PNG (by content) of at least 300 px on the short side, nearly opaque, with real contrast, more
// than a handful of colours and not almost entirely made of runs of identical pixels (flat
// renderings). The thresholds are loose on purpose: photos with smooth skies repeat pixels too.
static string? Judge(byte[] bytes, out int w, out int h, out string ext, out string stats)
{
    w = h = 0;
    ext = "";
    stats = "";
    using var data = SKData.CreateCopy(bytes);
    using var codec = SKCodec.Create(data);
    if (codec is null)
    {
        return "undecodable";
    }
    ext = codec.EncodedFormat switch
    {
        SKEncodedImageFormat.Jpeg => ".jpg",
        SKEncodedImageFormat.Png => ".png",
        _ => "",
    };
    if (ext.Length == 0)
    {
        return "not-jpeg-or-png";
    }
    w = codec.Info.Width;
    h = codec.Info.Height;
    if (Math.Min(w, h) < 300)
    {
        return "small";
    }
    if ((long)w * h > 40_000_000)
    {
        return "huge";
    }
    using var bitmap = SKBitmap.Decode(codec, new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul));
    if (bitmap is null)
    {
        return "undecodable";
    }
    var pixels = bitmap.GetPixelSpan();
    long transparent = 0, flat = 0, pairs = 0;
    double sum = 0, sumSq = 0;
    var colours = new HashSet<int>();
    var step = Math.Max(1, Math.Min(w, h) / 256);
    for (var y = 0; y < h; y += step)
    {
        var row = y * w * 4;
        for (var x = 0; x + 1 < w; x += step)
        {
            var i = row + (x * 4);
            if (pixels[i + 3] < 250)
            {
                transparent++;
            }
            var luma = (0.299 * pixels[i]) + (0.587 * pixels[i + 1]) + (0.114 * pixels[i + 2]);
            sum += luma;
            sumSq += luma * luma;
            colours.Add(((pixels[i] >> 3) << 10) | ((pixels[i + 1] >> 3) << 5) | (pixels[i + 2] >> 3));
            // Exact equality with the very next pixel (not the next sample): noise makes it rare in photos.
            pairs++;
            if (pixels[i] == pixels[i + 4] && pixels[i + 1] == pixels[i + 5] && pixels[i + 2] == pixels[i + 6])
            {
                flat++;
            }
        }
    }
    var mean = sum / pairs;
    var sd = Math.Sqrt(Math.Max(0, (sumSq / pairs) - (mean * mean)));
    var flatShare = (double)flat / pairs;
    stats = string.Create(CultureInfo.InvariantCulture, $"sd={sd:F1} colours={colours.Count} flat={flatShare:F2} mean={mean:F0}");
    if ((double)transparent / pairs > 0.02)
    {
        return "transparent";
    }
    if (sd < 15)
    {
        return "low-contrast";
    }
    if (colours.Count < 64)
    {
        return "few-colours";
    }
    if (flatShare > 0.9)
    {
        return "flat";
    }
    return null;
}

partial class Program
{
    // Wallpapers run to 16 MB; the upload limit of the product does not apply to the corpus.
    private static readonly Originality.Engine.Imaging.ImageLimits CorpusLimits = new(64L * 1024 * 1024, 40_000_000L);

    private static readonly System.Text.RegularExpressions.Regex AuxiliaryMap = new(
        "[_-](nm|n|normal|gloss|glossy|spec|specular|mask|ao|rough|roughness|height|disp|bump|em|emit|emissive)$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly string[] ExcludedFolders = ["/skycultures/", "/doc/", "/scenery3d/", "/icons/", "/grub/", "/plymouth/", "/login/", "/previews/"];
}
