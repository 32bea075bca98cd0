using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Originality.Engine.Detection;
using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Spectre.Console;

namespace Originality.Cli.Commands;

/// <summary>
/// <c>originality match --originals DIR --suspects DIR</c>: one JSON line on stdout per suspect and
/// original it copies, with the fitted transform (original → suspect, relative coordinates), the
/// matched region of each picture and the false-match bound; nothing for a suspect that matches
/// nothing. Progress and unreadable files go to stderr; the exit code is 0.
/// </summary>
internal static class MatchCommand
{
    // Scaled JPEG decode down to this shorter side: the detector works at 640 px anyway.
    private const int DecodeShortSide = 700;

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static Command Create()
    {
        var originals = new Option<DirectoryInfo>("--originals") { Description = "Folder of original pictures (JPEG or PNG, searched recursively).", Required = true };
        var suspects = new Option<DirectoryInfo>("--suspects") { Description = "Folder of suspected copies (JPEG or PNG, searched recursively).", Required = true };
        var overlays = new Option<DirectoryInfo?>("--overlays") { Description = "Write a PNG per matching pair here: original, suspect with the original's outline, original warped onto the suspect." };
        var command = new Command("match", "Find which suspects copy which originals; prints one JSON line per matching pair.")
        {
            originals, suspects, overlays,
        };
        command.SetAction((parse, cancellationToken) =>
            Task.FromResult(Run(
                parse.GetValue(originals)!.FullName,
                parse.GetValue(suspects)!.FullName,
                parse.InvocationConfiguration.Output,
                parse.InvocationConfiguration.Error,
                cancellationToken,
                parse.GetValue(overlays)?.FullName)));
        return command;
    }

    /// <summary>Runs the command, writing pairs to <paramref name="output"/> and progress to <paramref name="diagnostics"/>.</summary>
    public static int Run(string originalsFolder, string suspectsFolder, TextWriter output, TextWriter diagnostics, CancellationToken cancellationToken, string? overlaysFolder = null)
    {
        if (overlaysFolder is not null)
        {
            Directory.CreateDirectory(overlaysFolder);
        }
        var originalFiles = ListPictures(originalsFolder);
        var suspectFiles = ListPictures(suspectsFolder);
        using var detector = new CopyIndex();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(diagnostics) });
        var problems = new List<string>();
        var lines = new List<string>();
        console.Progress().Start(ctx =>
        {
            var indexing = ctx.AddTask("fingerprinting originals", maxValue: Math.Max(1, originalFiles.Count));
            for (var i = 0; i < originalFiles.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (TryFingerprint(originalFiles[i], problems) is { } analysis)
                {
                    detector.Add(i, analysis.ToRecord());
                }
                indexing.Increment(1);
            }
            var matching = ctx.AddTask("matching suspects", maxValue: Math.Max(1, suspectFiles.Count));
            foreach (var suspect in suspectFiles)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (TryDecode(suspect, problems) is { } suspectPicture)
                {
                    foreach (var match in detector.FindCopies(suspectPicture, PictureAnalysis.Of(suspectPicture), out _))
                    {
                        if (overlaysFolder is not null && TryDecode(originalFiles[(int)match.PictureId]) is { } originalImage 
                            && EvidenceOverlay.Render(originalImage, suspectPicture, match) is { } png)
                        {
                            File.WriteAllBytes(Path.Combine(overlaysFolder, $"{Path.GetFileNameWithoutExtension(suspect)}--{Path.GetFileNameWithoutExtension(originalFiles[(int)match.PictureId])}.png"), png);
                        }
                        lines.Add(JsonSerializer.Serialize(
                            new MatchLine(suspect, originalFiles[(int)match.PictureId], Math.Round(match.Score, 4), "match", match.FalseMatchBound,
                                Transform.Of(match), Region.Of(match.OriginalRegion), Region.Of(match.SuspectRegion), match.Inliers), Json));
                    }
                }
                matching.Increment(1);
            }
        });
        foreach (var problem in problems)
        {
            diagnostics.WriteLine(problem);
        }
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }
        return 0;
    }

    private static List<string> ListPictures(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f).ToUpperInvariant() is ".JPG" or ".JPEG" or ".PNG")
            .Order(StringComparer.Ordinal)];

    private static Engine.Imaging.RgbImage? TryDecode(string path, List<string> problems)
    {
        try
        {
            return ImageDecoder.Decode(File.ReadAllBytes(path), path, new DecodeOptions(MinShortSide: DecodeShortSide)).Image;
        }
        catch (ImageRejectedException e)
        {
            problems.Add($"skipped {path}: {e.Code}: {e.Reason}");
            return null;
        }
        catch (IOException e)
        {
            problems.Add($"skipped {path}: {e.Message}");
            return null;
        }
    }

    private static Engine.Imaging.RgbImage? TryDecode(string path) => TryDecode(path, []);

    private static PictureAnalysis? TryFingerprint(string path, List<string> problems) =>
        TryDecode(path, problems) is { } image ? PictureAnalysis.Of(image) : null;

    private sealed record MatchLine(
        [property: JsonPropertyName("suspect")] string Suspect,
        [property: JsonPropertyName("original")] string Original,
        [property: JsonPropertyName("score")] double Score,
        [property: JsonPropertyName("verdict")] string Verdict,
        [property: JsonPropertyName("falseMatchBound")] double FalseMatchBound,
        [property: JsonPropertyName("transform")] Transform? Transform,
        [property: JsonPropertyName("originalRegion")] Region OriginalRegion,
        [property: JsonPropertyName("suspectRegion")] Region SuspectRegion,
        [property: JsonPropertyName("inliers")] int Inliers);

    /// <summary>x' = a·x + b·y + c, y' = d·x + e·y + f in relative coordinates (0..1 of each picture's width and height).</summary>
    private sealed record Transform(
        [property: JsonPropertyName("matrix")] double[] Matrix,
        [property: JsonPropertyName("scale")] double Scale,
        [property: JsonPropertyName("rotationDegrees")] double RotationDegrees,
        [property: JsonPropertyName("mirrored")] bool Mirrored)
    {
        public static Transform? Of(CopyMatch match) => match.Map is { } m
            ? new Transform([.. new[] { m.M11, m.M12, m.Dx, m.M21, m.M22, m.Dy }.Select(v => Math.Round(v, 5))], Math.Round(match.Scale, 4), Math.Round(match.RotationDegrees, 2), match.Mirrored)
            : null;
    }

    private sealed record Region(
        [property: JsonPropertyName("x")] double X,
        [property: JsonPropertyName("y")] double Y,
        [property: JsonPropertyName("width")] double Width,
        [property: JsonPropertyName("height")] double Height)
    {
        public static Region Of(RelativeRect r) => new(Math.Round(r.X, 4), Math.Round(r.Y, 4), Math.Round(r.Width, 4), Math.Round(r.Height, 4));
    }
}
