using System.CommandLine;
using System.Text.Json;
using Originality.Cli.Commands;
using Originality.Engine.Imaging;
using Originality.Measurement.Attacks;
using Originality.Tests;
using SkiaSharp;

namespace Originality.Cli.Tests;

public sealed class MatchCommandTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("originality-match-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Each_attacked_copy_is_printed_with_its_original_and_nothing_else()
    {
        var originals = Folder("originals");
        var suspects = Folder("suspects");
        var bridge = Save(originals, "bridge.jpg", Photo("bridge-mods", "aaa-orig.jpg"));
        var street = Save(originals, "street.png", Photo("reg-test-input", "labelme-subset", "q0746.jpg"));
        Save(originals, "never-copied.jpg", Photo("misc-images", "c.png"));
        var croppedBridge = Save(suspects, "cropped-bridge.jpg", CopyAttacks.Get("crop-70-centre").Apply(Photo("bridge-mods", "aaa-orig.jpg"), 4));
        var captionedStreet = Save(suspects, "captioned-street.jpg", CopyAttacks.Get("caption-20").Apply(Photo("reg-test-input", "labelme-subset", "q0746.jpg"), 4));
        var mirroredStreet = Save(suspects, "mirrored-street.png", CopyAttacks.Get("mirror").Apply(Photo("reg-test-input", "labelme-subset", "q0746.jpg"), 4));
        Save(suspects, "unrelated.jpg", Photo("reg-test-input", "labelme-subset", "q0291.jpg"));

        var (exitCode, lines) = Run("match", "--originals", originals, "--suspects", suspects);

        Assert.Equal(0, exitCode);
        var pairs = lines.Select(l => (l.GetProperty("suspect").GetString()!, l.GetProperty("original").GetString()!)).Order().ToList();
        Assert.Equal(
            new[] { (captionedStreet, street), (croppedBridge, bridge), (mirroredStreet, street) }.Order(),
            pairs);
        Assert.All(lines, l => Assert.Equal("match", l.GetProperty("verdict").GetString()));
        Assert.All(lines, l => Assert.InRange(l.GetProperty("score").GetDouble(), 0.5, 1));
    }

    [Fact]
    public void Suspects_that_copy_nothing_print_nothing()
    {
        var originals = Folder("originals");
        var suspects = Folder("suspects");
        Save(originals, "bridge.jpg", Photo("bridge-mods", "aaa-orig.jpg"));
        Save(suspects, "other.jpg", Photo("reg-test-input", "labelme-subset", "q2821.jpg"));

        var (exitCode, lines) = Run("match", "--originals", originals, "--suspects", suspects);

        Assert.Equal(0, exitCode);
        Assert.Empty(lines);
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_scratch, name)).FullName;

    private static RgbImage Photo(params string[] parts)
    {
        var path = TestEnvironment.ConformancePath(["pdq", .. parts]);
        return ImageDecoder.Decode(File.ReadAllBytes(path), path).Image;
    }

    private static string Save(string folder, string name, RgbImage image)
    {
        var path = Path.Combine(folder, name);
        using var bitmap = image.ToBitmap();
        var format = name.EndsWith(".png", StringComparison.Ordinal) ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var data = bitmap.Encode(format, 92);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    private static (int ExitCode, List<JsonElement> Lines) Run(params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        var lines = output.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return (exitCode, lines);
    }
}
