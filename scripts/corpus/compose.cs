#:project ../../bench/Originality.Measurement/Originality.Measurement.csproj
// Adds the drawn part of corpus v2 after select-photos.cs has written DEST and DEST/negatives:
//   dotnet run scripts/corpus/compose.cs -- STAMPS_ROOT DEST [PATTERNS] [LOW_DETAIL]
// 1. Every usable cut-out of tuxpaint-stamps (PNG with alpha) becomes a marketplace main picture
//    (ProductShots: centred on a studio template, soft shadow, a shop mark on a third of them).
//    The cut-out's SHA-256 sends it to the originals (even first 32 bits) or to the negatives
//    (odd): both sides share categories, templates and marks, never an object.
// 2. Each real picture already in the negatives gets one drawn relative there: darkened or
//    stamped with a shop mark the originals carry too.
// 3. PATTERNS repeating patterns and LOW_DETAIL near-empty pictures, seeded by their number.
// Deterministic for the same packages, fonts and SkiaSharp.
using System.Globalization;
using System.Security.Cryptography;
using Originality.Engine.Imaging;
using Originality.Measurement;
using Originality.Measurement.Attacks;
using SkiaSharp;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: compose.cs STAMPS_ROOT DEST [PATTERNS] [LOW_DETAIL]");
    return 2;
}
var stampsRoot = Path.GetFullPath(args[0]);
var dest = Path.GetFullPath(args[1]);
var patterns = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 120;
var lowDetail = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60;
var negatives = Path.Combine(dest, Corpus.NegativesFolder);
const string Package = "tuxpaint-stamps-default";

// Letters, digits, money, road signs, flags and cartoons are symbols, not products.
string[] excluded = ["symbols/", "town/roadsigns/", "town/flags/", "/cartoon/"];
var stamps = Directory.EnumerateFiles(stampsRoot, "*.png", SearchOption.AllDirectories)
    .Select(f => Path.GetRelativePath(stampsRoot, f).Replace('\\', '/'))
    .Where(r => !excluded.Any(x => ("/" + r).Contains("/" + x.TrimStart('/'), StringComparison.Ordinal)))
    .Order(StringComparer.Ordinal)
    .ToList();

var originalsRows = new List<string>();
var negativeRows = new List<string>();
var refused = new SortedDictionary<string, int>(StringComparer.Ordinal);
var seen = new HashSet<string>(StringComparer.Ordinal);
foreach (var relative in stamps)
{
    var bytes = File.ReadAllBytes(Path.Combine(stampsRoot, relative));
    var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
    if (!seen.Add(sha))
    {
        Count("duplicate");
        continue;
    }
    using var bitmap = SKBitmap.Decode(bytes);
    if (bitmap is null)
    {
        Count("undecodable");
        continue;
    }
    var why = Usable(bitmap);
    if (why is not null)
    {
        Count(why);
        continue;
    }
    var rng = new Random(int.Parse(sha[8..16], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    var template = ProductShots.Templates[rng.Next(ProductShots.Templates.Count)];
    var mark = rng.Next(3) == 0 ? ProductShots.Marks[rng.Next(ProductShots.Marks.Count)] : null;
    var shot = ProductShots.Compose(bitmap, template, rng, mark);
    var category = Path.GetDirectoryName(relative)!.Replace('\\', '/');
    var group = $"category={category};template={template.Index}" + (mark is null ? "" : $";mark={mark.Index}");
    var negative = uint.Parse(sha[..8], NumberStyles.HexNumber, CultureInfo.InvariantCulture) % 2 == 1;
    var row = Write(shot.Image, negative ? negatives : dest, Package, "stamps/" + relative, shot.Recipe, "object-on-white", group);
    (negative ? negativeRows : originalsRows).Add(row);
}

// Relatives of the real negative pictures (never of an original: those would be copies).
var realNegatives = File.ReadAllLines(Path.Combine(negatives, "manifest.tsv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
foreach (var cells in realNegatives)
{
    var (file, sha, package) = (cells[0], cells[1], cells[4]);
    var rng = new Random(int.Parse(sha[16..24], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    var path = Path.Combine(negatives, file);
    var picture = CopyAttacks.ScaleLongerSide(ImageDecoder.Decode(File.ReadAllBytes(path), path, new DecodeOptions(new ImageLimits(64L * 1024 * 1024, 40_000_000L))).Image, 1024);
    if (rng.Next(2) == 0)
    {
        var dark = SyntheticPictures.Darkened(picture, rng);
        negativeRows.Add(Write(dark.Image, negatives, package, "darkened " + file, dark.Recipe, "dark", "from=" + file));
    }
    else
    {
        var mark = ProductShots.Marks[rng.Next(ProductShots.Marks.Count)];
        negativeRows.Add(Write(ProductShots.WithMark(picture, mark), negatives, package, "marked " + file, $"mark={mark.Index}", "shared-mark", $"mark={mark.Index}"));
    }
}
for (var i = 0; i < patterns; i++)
{
    var p = SyntheticPictures.Pattern(new Random(20261202 + i));
    negativeRows.Add(Write(p.Image, negatives, "(drawn)", "pattern " + i, p.Recipe, "pattern", ""));
}
for (var i = 0; i < lowDetail; i++)
{
    var p = SyntheticPictures.LowDetail(new Random(20261203 + (7919 * i)));
    negativeRows.Add(Write(p.Image, negatives, "(drawn)", "low-detail " + i, p.Recipe, "low-detail", ""));
}

File.AppendAllLines(Path.Combine(dest, "manifest.tsv"), originalsRows);
File.AppendAllLines(Path.Combine(negatives, "manifest.tsv"), negativeRows);
Console.Error.WriteLine($"stamps {stamps.Count}: object-on-white originals {originalsRows.Count}, negatives {negativeRows.Count} in all");
foreach (var (why, n) in refused)
{
    Console.Error.WriteLine($"  refused {why}: {n}");
}
return 0;

void Count(string why) => refused[why] = refused.GetValueOrDefault(why) + 1;

// A cut-out: some transparency around an opaque part at least 100 px on its short side that
// fills at least a fifth of its box (thin line drawings do not).
static string? Usable(SKBitmap bitmap)
{
    var box = ProductShots.OpaqueBox(bitmap);
    if (box is not { } b)
    {
        return "empty";
    }
    if (Math.Min(b.Width, b.Height) < 100)
    {
        return "small";
    }
    using var rgba = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
    bitmap.CopyTo(rgba, SKColorType.Rgba8888);
    var pixels = rgba.GetPixelSpan();
    long opaque = 0, clear = 0;
    for (var y = 0; y < bitmap.Height; y++)
    {
        for (var x = 0; x < bitmap.Width; x++)
        {
            var alpha = pixels[(y * rgba.RowBytes) + (4 * x) + 3];
            opaque += alpha > 200 ? 1 : 0;
            clear += alpha < 8 ? 1 : 0;
        }
    }
    if (clear < 0.02 * bitmap.Width * bitmap.Height)
    {
        return "not-a-cut-out";
    }
    return opaque < 0.2 * b.Width * b.Height ? "sparse" : null;
}

static string Write(RgbImage image, string folder, string package, string source, string recipe, string kind, string group)
{
    using var bitmap = image.ToBitmap();
    using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 92);
    var bytes = data.ToArray();
    var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
    var name = sha[..16] + ".jpg";
    File.WriteAllBytes(Path.Combine(folder, name), bytes);
    return string.Join('\t', name, sha, image.Width.ToString(CultureInfo.InvariantCulture), image.Height.ToString(CultureInfo.InvariantCulture),
        package, source, recipe, kind, group);
}
