using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Originality.Engine.Checks;
using Originality.Measurement.Checks;

namespace Originality.Cli.Commands;

/// <summary>
/// <c>originality bench checks [--set tuning|held-out|both] [--seed N] [--mistakes] [--dump DIR] [--tesseract PATH] [--only pictures,reasons,exif,materials]</c>:
/// draws the labelled set of pictures (contact details, store-id watermarks, "AI Generated"
/// labels, clean pictures), reads them with tesseract and reports per check how many were right,
/// missed and false alarms; then does the same, without OCR, for the labelled reasons (V-6),
/// source-file EXIF and SKU/category/licence cases (V-5).
/// </summary>
internal static class BenchChecksCommand
{
    public static Command Create()
    {
        var tesseract = new Option<string>("--tesseract") { Description = "The tesseract executable.", DefaultValueFactory = _ => TesseractOptions.Default.ExecutablePath };
        var mistakes = new Option<bool>("--mistakes") { Description = "Also list every miss and false alarm with the OCR text." };
        var which = new Option<string>("--set") { Description = "tuning (hand-made, settings chosen on it), held-out (generated, never tuned on) or both.", DefaultValueFactory = _ => "both" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated held-out set.", DefaultValueFactory = _ => 2026 };
        var dump = new Option<DirectoryInfo?>("--dump") { Description = "Also write the drawn pictures as PNG files into this folder." };
        var only = new Option<string>("--only") { Description = "Comma-separated parts to run: pictures (OCR), reasons, exif, materials.", DefaultValueFactory = _ => "pictures,reasons,exif,materials" };
        var command = new Command("checks", "Right / missed / false alarms of the V-5/V-6 checks on labelled sets: drawn pictures (OCR by tesseract), reasons, source-file EXIF, SKU/category materials.")
        {
            tesseract, mistakes, dump, which, seed, only,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var parts = parse.GetValue(only)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!parts.Contains("pictures"))
            {
                WriteOtherChecks(output, parts, parse.GetValue(which)!, parse.GetValue(seed), parse.GetValue(mistakes));
                return 0;
            }
            var path = parse.GetValue(tesseract)!;
            var sets = parse.GetValue(which) switch
            {
                "tuning" => new[] { ("tuning", LabelledTextPictureSet.Build()) },
                "held-out" => [("held-out", LabelledTextPictureSet.BuildHeldOut(parse.GetValue(seed)))],
                _ => [("tuning", LabelledTextPictureSet.Build()), ("held-out", LabelledTextPictureSet.BuildHeldOut(parse.GetValue(seed)))],
            };
            if (parse.GetValue(dump) is { } folder)
            {
                folder.Create();
                foreach (var picture in sets.SelectMany(s => s.Item2))
                {
                    await File.WriteAllBytesAsync(Path.Combine(folder.FullName, picture.Name + ".png"), TextPictures.DrawPng(picture.Spec), cancellationToken).ConfigureAwait(false);
                }
            }
            if (!File.Exists(path))
            {
                parse.InvocationConfiguration.Error.WriteLine($"tesseract not found at {path}; install Debian's tesseract-ocr, tesseract-ocr-eng and tesseract-ocr-chi-sim.");
                return 2;
            }
            var reader = new TesseractTextReader(TesseractOptions.Default with { ExecutablePath = path });
            foreach (var (name, set) in sets)
            {
                var wall = Stopwatch.StartNew();
                var (scores, wrong) = await CheckMeasurement.RunAsync(reader, set, cancellationToken).ConfigureAwait(false);
                wall.Stop();
                output.WriteLine(Invariant($"# bench checks, {name} set: {set.Count} drawn pictures (800x600), tesseract {TesseractOptions.Default.Languages} psm {TesseractOptions.Default.PageSegmentationMode}, {wall.Elapsed.TotalSeconds:0.0} s ({wall.Elapsed.TotalSeconds / set.Count:0.00} s per picture), {Environment.ProcessorCount} logical CPUs"));
                output.WriteLine("| check | pictures with it | found | missed | pictures without it | false alarms | right |");
                output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
                foreach (var s in scores)
                {
                    output.WriteLine(Invariant($"| {s.Code} | {s.Positives} | {s.Found} | {s.Missed} | {s.Negatives} | {s.FalseAlarms} | {s.Right}/{s.Positives + s.Negatives} |"));
                }
                if (parse.GetValue(mistakes))
                {
                    foreach (var m in wrong)
                    {
                        output.WriteLine(Invariant($"{(m.Missed ? "missed" : "false alarm")}: {m.Code} on {m.Picture}; OCR read \"{m.OcrText}\""));
                    }
                }
                output.WriteLine();
            }
            WriteOtherChecks(output, parts, parse.GetValue(which)!, parse.GetValue(seed), parse.GetValue(mistakes));
            return 0;
        });
        return command;
    }

    private static void WriteOtherChecks(TextWriter output, HashSet<string> parts, string which, int seed, bool listMistakes)
    {
        (string Part, string What, IReadOnlyList<string> Codes, Func<IReadOnlyList<LabelledCase>> Tuning, Func<IReadOnlyList<LabelledCase>> HeldOut)[] checks =
        [
            ("reasons", "reasons (zh and en)", LabelledMaterialSets.ReasonCodes, LabelledMaterialSets.ReasonsTuning, () => LabelledMaterialSets.ReasonsHeldOut(seed)),
            ("exif", "JPEGs encoded by SkiaSharp with written EXIF", LabelledMaterialSets.ExifCodes, LabelledMaterialSets.ExifTuning, () => LabelledMaterialSets.ExifHeldOut(seed)),
            ("materials", "SKU / category / licence cases", LabelledMaterialSets.MaterialCodes, LabelledMaterialSets.MaterialsTuning, () => LabelledMaterialSets.MaterialsHeldOut(seed)),
        ];
        foreach (var (part, what, codes, tuning, heldOut) in checks.Where(c => parts.Contains(c.Part)))
        {
            var sets = which switch
            {
                "tuning" => new[] { ("tuning", tuning) },
                "held-out" => [("held-out", heldOut)],
                _ => [("tuning", tuning), ("held-out", heldOut)],
            };
            foreach (var (name, build) in sets)
            {
                var set = build();
                var (scores, wrong) = LabelledMaterialSets.Measure(set, codes);
                output.WriteLine(Invariant($"# bench checks {part}, {name} set: {set.Count} {what}"));
                output.WriteLine("| check | cases with it | found | missed | cases without it | false alarms | right |");
                output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
                foreach (var s in scores)
                {
                    output.WriteLine(Invariant($"| {s.Code} | {s.Positives} | {s.Found} | {s.Missed} | {s.Negatives} | {s.FalseAlarms} | {s.Right}/{s.Positives + s.Negatives} |"));
                }
                if (listMistakes)
                {
                    foreach (var m in wrong)
                    {
                        output.WriteLine(Invariant($"{(m.Missed ? "missed" : "false alarm")}: {m.Code} on {m.Picture}; input \"{m.OcrText}\""));
                    }
                }
                output.WriteLine();
            }
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
