using System.CommandLine;
using System.Text.Json;
using Originality.Cli.Commands;
using Originality.Tests;
using SkiaSharp;

namespace Originality.Cli.Tests;

public sealed class FingerprintCommandTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("originality-fingerprint-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static string Conformance(params string[] parts) => TestEnvironment.ConformancePath(["pdq", .. parts]);

    /// <summary>Runs <c>originality ARGS</c> in-process and returns exit code and stdout lines.</summary>
    private static (int ExitCode, List<JsonElement> Lines) Run(params string[] args)
    {
        var (exitCode, text) = RunRaw(args);
        var lines = text
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return (exitCode, lines);
    }

    private static (int ExitCode, string Output) RunRaw(params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString());
    }

    [Fact]
    public void A_photo_gets_one_json_line_with_its_sha256_size_and_pdq_hash()
    {
        var path = Conformance("bridge-mods", "aaa-orig.jpg");

        var (exitCode, lines) = Run("fingerprint", path);

        Assert.Equal(0, exitCode);
        var line = Assert.Single(lines);
        Assert.Equal(path, line.GetProperty("path").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), line.GetProperty("sha256").GetString());
        Assert.Equal(1600, line.GetProperty("width").GetInt32());
        Assert.Equal(1004, line.GetProperty("height").GetInt32());
        Assert.Equal(64, line.GetProperty("pdq").GetString()!.Length);
        Assert.Equal(100, line.GetProperty("quality").GetInt32());
        Assert.False(line.TryGetProperty("filing", out _));
    }

    [Fact]
    public void Full_resolution_gives_meta_s_reference_hash()
    {
        var (_, lines) = Run("fingerprint", "--full-resolution", Conformance("bridge-mods", "aaa-orig.jpg"));

        Assert.Equal("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22", Assert.Single(lines).GetProperty("pdq").GetString());
    }

    [Fact]
    public void A_tiny_picture_is_fingerprinted_too()
    {
        var (_, lines) = Run("fingerprint", Conformance("misc-images", "wee.jpg"));

        var line = Assert.Single(lines);
        Assert.Equal(34, line.GetProperty("width").GetInt32());
        Assert.Equal("6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d", line.GetProperty("pdq").GetString());
    }

    [Fact]
    public void A_directory_is_walked_for_pictures_in_a_stable_order()
    {
        var (exitCode, lines) = Run("fingerprint", Conformance("reg-test-input", "dih"));

        Assert.Equal(0, exitCode);
        Assert.Equal(8, lines.Count);
        var paths = lines.Select(l => l.GetProperty("path").GetString()!).ToList();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        Assert.All(lines, l => Assert.True(l.TryGetProperty("pdq", out _)));
    }

    [Fact]
    public void An_unreadable_file_gets_an_error_line_and_the_rest_still_goes_through()
    {
        var text = Path.Combine(_scratch, "notes.jpg");
        File.WriteAllText(text, "not a picture");
        var missing = Path.Combine(_scratch, "missing.png");

        var (exitCode, lines) = Run("fingerprint", text, missing, Conformance("misc-images", "c.png"));

        Assert.Equal(0, exitCode);
        Assert.Equal(3, lines.Count);
        Assert.Equal("unsupported-format", lines[0].GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(lines[0].GetProperty("reason").GetString()));
        Assert.Equal("unreadable", lines[1].GetProperty("error").GetString());
        Assert.True(lines[2].TryGetProperty("pdq", out _));
    }

    [Fact]
    public void Filing_accepts_a_large_enough_photo_and_reports_the_scaled_size()
    {
        var (_, lines) = Run("fingerprint", "--filing", Conformance("reg-test-input", "exif-rotn", "exif-rotn-6.jpg"));

        var line = Assert.Single(lines);
        Assert.Equal(3024, line.GetProperty("width").GetInt32());
        Assert.Equal(4032, line.GetProperty("height").GetInt32());
        var filing = line.GetProperty("filing");
        Assert.True(filing.GetProperty("accepted").GetBoolean());
        Assert.Equal(1500, filing.GetProperty("scaledWidth").GetInt32());
        Assert.Equal(2000, filing.GetProperty("scaledHeight").GetInt32());
    }

    [Fact]
    public void Filing_refuses_a_small_picture_but_still_fingerprints_it()
    {
        var (_, lines) = Run("fingerprint", "--filing", Conformance("python-threatexchange", "rgb.jpeg"));

        var line = Assert.Single(lines);
        Assert.True(line.TryGetProperty("pdq", out _));
        var filing = line.GetProperty("filing");
        Assert.False(filing.GetProperty("accepted").GetBoolean());
        Assert.Equal("too-small", filing.GetProperty("code").GetString());
        Assert.Contains("700", filing.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Filing_refuses_a_jpeg_named_png()
    {
        var renamed = Path.Combine(_scratch, "photo.png");
        File.Copy(Conformance("bridge-mods", "aaa-orig.jpg"), renamed);

        var (_, lines) = Run("fingerprint", "--filing", renamed);

        var filing = Assert.Single(lines).GetProperty("filing");
        Assert.False(filing.GetProperty("accepted").GetBoolean());
        Assert.Equal("extension-mismatch", filing.GetProperty("code").GetString());
    }

    [Fact]
    public void No_path_is_a_usage_error()
    {
        var (exitCode, output) = RunRaw("fingerprint");

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("\"pdq\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_written_by_skia_round_trips_through_the_command()
    {
        var path = Path.Combine(_scratch, "generated.png");
        using (var bitmap = new SKBitmap(720, 720))
        {
            using var canvas = new SKCanvas(bitmap);
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = SKColors.DarkBlue };
            canvas.DrawCircle(300, 360, 200, paint);
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        }

        var (_, lines) = Run("fingerprint", "--filing", path);

        var line = Assert.Single(lines);
        Assert.Equal(720, line.GetProperty("width").GetInt32());
        Assert.True(line.GetProperty("filing").GetProperty("accepted").GetBoolean());
    }
}
