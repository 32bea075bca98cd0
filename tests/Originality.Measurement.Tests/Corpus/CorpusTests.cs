namespace Originality.Measurement.Tests.Corpus;

public sealed class CorpusTests : IDisposable
{
    private const string Header = "file\tsha256\twidth\theight\tpackage\tsource\tstats\tkind\tgroup";
    private readonly string _dir = Directory.CreateTempSubdirectory("corpus-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Manifest(string folder, params string[] rows)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "manifest.tsv"), [Header, .. rows]);
    }

    private static string Row(string file, string kind, string group = "") =>
        string.Join('\t', file, file[..16] + new string('0', 48), "800", "800", "some-package", "usr/share/x.jpg", "sd=40.0", kind, group);

    [Fact]
    public void The_split_goes_by_the_last_hex_digit_of_the_name()
    {
        Manifest(_dir, Row("00000000000000a0.jpg", "photo"), Row("00000000000000a1.jpg", "dark"), Row("00000000000000fe.png", "texture"), Row("000000000000000f.jpg", "photo"));

        var tuning = Measurement.Corpus.Load(_dir, CorpusSplit.Tuning).Select(p => p.Name);
        var heldOut = Measurement.Corpus.Load(_dir, CorpusSplit.HeldOut).Select(p => p.Name);

        Assert.Equal(["00000000000000a0.jpg", "00000000000000fe.png"], tuning);
        Assert.Equal(["000000000000000f.jpg", "00000000000000a1.jpg"], heldOut);
        Assert.Equal(4, Measurement.Corpus.Load(_dir, CorpusSplit.All).Count);
    }

    [Fact]
    public void Kinds_groups_and_paths_come_from_the_manifest()
    {
        Manifest(_dir, Row("00000000000000b2.jpg", "object-on-white", "category=food/fruit;template=3"));

        var picture = Assert.Single(Measurement.Corpus.Load(_dir, CorpusSplit.All));

        Assert.Equal(PictureKind.ObjectOnWhite, picture.Kind);
        Assert.Equal("category=food/fruit;template=3", picture.Group);
        Assert.Equal("some-package", picture.Package);
        Assert.Equal(Path.Combine(_dir, "00000000000000b2.jpg"), picture.Path);
    }

    [Fact]
    public void Hard_negatives_are_read_from_the_negatives_folder()
    {
        Manifest(_dir, Row("00000000000000c4.jpg", "photo"));
        Manifest(Path.Combine(_dir, "negatives"), Row("00000000000000d6.jpg", "pattern"), Row("00000000000000d8.jpg", "shared-mark", "mark=2"), Row("00000000000000d9.jpg", "low-detail"));

        var pool = HardNegatives.Load(_dir, CorpusSplit.Tuning);

        Assert.Equal([PictureKind.Pattern, PictureKind.SharedMark], pool.Select(p => p.Kind));
        Assert.DoesNotContain(pool, p => p.Name == "00000000000000c4.jpg");
    }

    [Fact]
    public void An_older_manifest_without_kinds_reads_as_photos()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllLines(Path.Combine(_dir, "manifest.tsv"), ["file\tsha256\twidth\theight\tpackage\tsource\tstats", "00000000000000e0.jpg\tx\t1\t1\tp\ts\tsd=1"]);

        Assert.Equal(PictureKind.Photo, Assert.Single(Measurement.Corpus.Load(_dir, CorpusSplit.All)).Kind);
    }

    [Fact]
    public void An_unknown_kind_or_a_missing_manifest_is_refused()
    {
        Manifest(_dir, Row("00000000000000e2.jpg", "drawing"));

        Assert.Throws<FormatException>(() => Measurement.Corpus.Load(_dir, CorpusSplit.All));
        Assert.Throws<FileNotFoundException>(() => HardNegatives.Load(_dir, CorpusSplit.All));
    }

    [Theory]
    [InlineData(PictureKind.ObjectOnWhite, "object-on-white")]
    [InlineData(PictureKind.LowDetail, "low-detail")]
    [InlineData(PictureKind.SharedMark, "shared-mark")]
    [InlineData(PictureKind.Texture, "texture")]
    public void Kind_names_round_trip(PictureKind kind, string name)
    {
        Assert.Equal(name, Measurement.Corpus.KindName(kind));
        Assert.Equal(kind, Measurement.Corpus.ParseKind(name));
    }
}
