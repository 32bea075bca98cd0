using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Originality.Engine.Detection;
using Originality.Engine.Imaging;
using Originality.Measurement;
using Originality.Measurement.Attacks;
using Spectre.Console;

namespace Originality.Cli.Commands;

/// <summary>
/// <c>originality bench detector --pictures N --corpus DIR</c>: the scale target. Real pictures and
/// their attacked copies hidden among N filed pictures, most of them synthetic; prints the memory of
/// the candidate stage per picture, lookup latency on one thread (the suspect's analysis given,
/// candidates and their verification included), candidates per query and the recall of the real
/// copies; the last line is one JSON object.
/// </summary>
/// <remarks>
/// Synthetic entries are derived from 300 real tuning-split pictures' keypoints so they cluster like
/// real ones (<see cref="SyntheticFilings"/>).
/// </remarks>
internal static class BenchDetectorCommand
{
    public static Command Create()
    {
        var pictures = new Option<int>("--pictures") { Description = "Filed pictures in all (real and synthetic).", DefaultValueFactory = _ => 100_000 };
        var corpus = new Option<DirectoryInfo>("--corpus") { Description = "Corpus folder (scripts/build-corpus.sh).", Required = true };
        var real = new Option<int>("--real") { Description = "Real held-out pictures filed and attacked.", DefaultValueFactory = _ => 100 };
        var negatives = new Option<int>("--non-copies") { Description = "Held-out hard negatives looked up as suspects that copy nothing.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 7 };
        var command = new Command("detector", "Lookup latency, memory and recall of the detector among N filed pictures.") { pictures, corpus, real, negatives, seed };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse.GetValue(pictures), parse.GetValue(corpus)!.FullName, parse.GetValue(real), parse.GetValue(negatives), parse.GetValue(seed), cancellationToken)));
        return command;
    }

    private static int Run(int total, string corpus, int realCount, int negativeCount, int seed, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var rng = new Random(seed);
        using var index = new CopyIndex();
        var heldOut = Corpus.Load(corpus, CorpusSplit.HeldOut).Take(realCount).ToList();
        var tuning = Corpus.Load(corpus, CorpusSplit.Tuning).Take(300).ToList();
        var realImages = new List<RgbImage>();
        var synthesis = new SyntheticFilings(index);
        var suspects = new List<(RgbImage Image, PictureAnalysis Analysis, long Source, AttackFamily Family)>();
        // Pictures that copy nothing filed: what most lookups of a marketplace are.
        var nonCopies = new List<(RgbImage Image, PictureAnalysis Analysis)>();
        var watch = Stopwatch.StartNew();
        console.Progress().Start(ctx =>
        {
            var loading = ctx.AddTask("real pictures", maxValue: heldOut.Count + tuning.Count);
            foreach (var picture in tuning)
            {
                if (Load(picture.Path) is { } image)
                {
                    synthesis.AddBase(PictureAnalysis.Of(image).ToRecord());
                }
                loading.Increment(1);
            }
            for (var i = 0; i < heldOut.Count; i++)
            {
                if (Load(heldOut[i].Path) is { } image)
                {
                    realImages.Add(image);
                    index.Add(realImages.Count - 1, PictureAnalysis.Of(image).ToRecord());
                }
                loading.Increment(1);
            }
            var synthetic = ctx.AddTask("synthetic pictures", maxValue: Math.Max(1, total - realImages.Count));
            for (long id = realImages.Count; id < total; id++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                synthesis.Add(id, rng);
                if (id % 10_000 == 0)
                {
                    synthetic.Value = id - realImages.Count;
                }
            }
            synthetic.Value = synthetic.MaxValue;
            index.Compact();
            var attacking = ctx.AddTask("attacked copies", maxValue: realImages.Count * RandomAttacks.Families.Count);
            var negatives = HardNegatives.Load(corpus, CorpusSplit.HeldOut).Take(negativeCount).ToList();
            var negativeTask = ctx.AddTask("non-copies", maxValue: Math.Max(1, negatives.Count));
            foreach (var negative in negatives)
            {
                if (Load(negative.Path) is { } image)
                {
                    nonCopies.Add((image, PictureAnalysis.Of(image)));
                }
                negativeTask.Increment(1);
            }
            var fillers = tuning.Skip(tuning.Count - 8).Select(p => Load(p.Path)).Where(i => i is not null).Select(i => i!).ToList();
            for (var i = 0; i < realImages.Count; i++)
            {
                foreach (var family in RandomAttacks.Families)
                {
                    var copy = RandomAttacks.Apply(family, realImages[i], new Random(Measurement.Attacks.StableSeed.Of(seed, i, family.ToString())), fillers);
                    suspects.Add((copy.Image, PictureAnalysis.Of(copy.Image), i, family));
                    attacking.Increment(1);
                }
            }
        });
        var buildSeconds = watch.Elapsed.TotalSeconds;
        GC.Collect();
        var latencies = new List<double>(suspects.Count);
        var candidates = new List<int>(suspects.Count);
        var found = 0;
        var falseMatches = 0;
        // Two latencies: the whole-picture lookup (the suspect's analysis given), and the full lookup,
        // which, when the whole picture matches nothing, also analyses and looks up its windows.
        var wholeLatencies = new List<double>(suspects.Count);
        foreach (var (image, analysis, source, _) in suspects)
        {
            var whole = Stopwatch.GetTimestamp();
            index.FindCopies(analysis, out _);
            wholeLatencies.Add(Stopwatch.GetElapsedTime(whole).TotalMilliseconds);
            var start = Stopwatch.GetTimestamp();
            var matches = index.FindCopies(image, analysis, out var statistics);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            candidates.Add(statistics.Candidates);
            found += matches.Any(m => m.PictureId == source) ? 1 : 0;
            falseMatches += matches.Count(m => m.PictureId != source && m.PictureId < realImages.Count);
        }
        var nonCopyLatencies = new List<double>(nonCopies.Count);
        var nonCopyFalseMatches = 0;
        foreach (var (image, analysis) in nonCopies)
        {
            var start = Stopwatch.GetTimestamp();
            var matches = index.FindCopies(image, analysis, out _);
            nonCopyLatencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            nonCopyFalseMatches += matches.Count(m => m.PictureId < realImages.Count);
        }
        latencies.Sort();
        wholeLatencies.Sort();
        nonCopyLatencies.Sort();
        var bytesPerPicture = (double)index.MemoryBytes / index.Count;
        var result = new
        {
            pictures = index.Count,
            bytesPerPicture = Math.Round(bytesPerPicture, 1),
            p50Ms = Math.Round(Percentile(latencies, 0.50), 2),
            p99Ms = Math.Round(Percentile(latencies, 0.99), 2),
            wholePictureP50Ms = Math.Round(Percentile(wholeLatencies, 0.50), 2),
            wholePictureP99Ms = Math.Round(Percentile(wholeLatencies, 0.99), 2),
            nonCopyP50Ms = Math.Round(Percentile(nonCopyLatencies, 0.50), 2),
            nonCopyP99Ms = Math.Round(Percentile(nonCopyLatencies, 0.99), 2),
            nonCopyQueries = nonCopyLatencies.Count,
            nonCopyFalseMatchesAmongReal = nonCopyFalseMatches,
            candidatesPerQuery = Math.Round(candidates.Average(), 1),
            recall = Math.Round((double)found / suspects.Count, 4),
            queries = suspects.Count,
            falseMatchesAmongReal = falseMatches,
            verificationStoreBytes = index.StoreBytes,
            buildSeconds = Math.Round(buildSeconds, 1),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{index.Count} filed pictures ({realImages.Count} real), {suspects.Count} lookups of copies on one thread: p50 {result.p50Ms} ms, p99 {result.p99Ms} ms; {result.nonCopyQueries} of non-copies: p50 {result.nonCopyP50Ms} ms, p99 {result.nonCopyP99Ms} ms; {result.candidatesPerQuery} candidates per query, recall {result.recall}, {result.bytesPerPicture} B per picture in memory."));
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * sorted.Count))];

    private static RgbImage? Load(string path)
    {
        try
        {
            var decoded = ImageDecoder.Decode(File.ReadAllBytes(path), path, new DecodeOptions(MinShortSide: 1024));
            return CopyAttacks.ScaleLongerSide(decoded.Image, 1024);
        }
        catch (Exception ex) when (ex is ImageRejectedException or IOException)
        {
            return null;
        }
    }
}
