using Originality.Engine.Hashing;
using Originality.Tests;

namespace Originality.Engine.Tests.Pdq;

/// <summary>One row of Meta's reference hashes in <c>../shared/conformance/pdq/</c>.</summary>
internal sealed record PdqReferenceRow(string Path, Hash256 Hash, int Quality, string Source)
{
    public bool IsPublished => Source.StartsWith("P-", StringComparison.Ordinal);

    public byte[] ReadBytes() => File.ReadAllBytes(PdqReference.File(Path));
}

/// <summary>Reads the expected-value files; see their README for what produced each.</summary>
internal static class PdqReference
{
    public static string File(string relative) => TestEnvironment.ConformancePath("pdq", relative);

    public static IReadOnlyList<PdqReferenceRow> FullResolution { get; } = Read("expected-pdq-fullres.tsv");

    public static IReadOnlyList<PdqReferenceRow> ExifOriented { get; } = Read("expected-pdq-exif-oriented.tsv");

    public static PdqReferenceRow Row(string path) => FullResolution.Single(r => r.Path == path);

    /// <summary>(path, variant name, hash) of the dihedral file's rows of one kind (pixels or dct).</summary>
    public static IReadOnlyList<(string Path, string Variant, Hash256 Hash)> Dihedral(string kind) =>
        Lines("expected-pdq-dihedral.tsv")
            .Where(f => f[2] == kind)
            .Select(f => (f[0], f[1], Hash256.Parse(f[3])))
            .ToList();

    public static TheoryData<string> Paths(IReadOnlyList<PdqReferenceRow> rows)
    {
        var data = new TheoryData<string>();
        foreach (var row in rows)
        {
            data.Add(row.Path);
        }
        return data;
    }

    private static List<PdqReferenceRow> Read(string file) =>
        Lines(file).Select(f => new PdqReferenceRow(f[0], Hash256.Parse(f[1]), int.Parse(f[2]), f[3])).ToList();

    private static IEnumerable<string[]> Lines(string file) =>
        System.IO.File.ReadLines(File(file))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'));
}
