using System.CommandLine;
using System.Globalization;
using Originality.Engine.Matching;
using Originality.Measurement.Attacks;
using Spectre.Console;

namespace Originality.Cli.Commands;

/// <summary>
/// <c>originality bench robustness --corpus DIR [--limit N] [--split heldout]</c>: recall per attack
/// and false matches among all non-copies, plain PDQ and the region method side by side.
/// The corpus comes from scripts/build-corpus.sh.
/// </summary>
internal static class BenchRobustnessCommand
{
    public static Command Create()
    {
        var corpus = new Option<DirectoryInfo>("--corpus") { Description = "Folder of photos (scripts/build-corpus.sh makes one).", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Use at most this many photos of the split." };
        var split = new Option<string>("--split") { Description = "tune (even files), heldout (odd files) or all.", DefaultValueFactory = _ => "heldout" };
        var threshold = new Option<int?>("--threshold") { Description = "Override the method's distance threshold (for tuning on the tune split)." };
        var parallel = new Option<int>("--parallel") { Description = "Worker threads.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var attacks = new Option<string?>("--attacks") { Description = "Comma-separated attack names (default: all)." };
        var inliers = new Option<int>("--min-inliers") { Description = "Inliers the verified method requires.", DefaultValueFactory = _ => 8 };
        var command = new Command("robustness", "Recall per copy attack and false matches, plain PDQ against the region method.")
        {
            corpus, limit, split, threshold, parallel, attacks, inliers,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new Settings(
                parse.GetValue(corpus)!.FullName,
                parse.GetValue(limit),
                parse.GetValue(split)!,
                parse.GetValue(threshold) ?? MatchThreshold.Default.Distance,
                parse.GetValue(parallel),
                parse.GetValue(attacks),
                parse.GetValue(inliers));
            return Task.FromResult(Run(options, cancellationToken));
        });
        return command;
    }

    private sealed record Settings(string Corpus, int? Limit, string Split, int Threshold, int Parallel, string? Attacks, int MinInliers);

    private static int Run(Settings settings, CancellationToken cancellationToken)
    {
        var files = RobustnessBenchmark.ListCorpus(settings.Corpus, settings.Split, settings.Limit);
        var attacks = settings.Attacks is null
            ? CopyAttacks.All
            : [.. settings.Attacks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(CopyAttacks.Get)];
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var started = DateTime.UtcNow;
        string report = "";
        var dropped = 0;
        console.Progress().Start(ctx =>
        {
            var loading = ctx.AddTask("fingerprinting originals", maxValue: files.Count);
            var originals = RobustnessBenchmark.RunAll(
                [.. files.Select(f => (Func<RobustnessBenchmark.Original>)(() => RobustnessBenchmark.Load(f)))],
                settings.Parallel, () => loading.Increment(1), cancellationToken);
            // Packages sometimes ship one picture twice (a colour-graded twin, another crop); such
            // pairs are copies, not unrelated photos, so only the first of them is kept.
            var distinct = RobustnessBenchmark.WithoutDuplicates(originals);
            dropped = originals.Count - distinct.Count;
            originals = distinct;
            var bench = RobustnessBenchmark.Create(originals, settings.Threshold, MatchThreshold.Default.MinQuality);

            var pairsTask = ctx.AddTask("originals against each other", maxValue: originals.Count);
            var pairs = RobustnessBenchmark.RunAll(
                [.. Enumerable.Range(0, originals.Count).Select(i => (Func<(int[], int[], int[])>)(() => bench.MeasureOriginalPairs(i)))],
                settings.Parallel, () => pairsTask.Increment(1), cancellationToken);

            var work = new List<Func<RobustnessBenchmark.SuspectOutcome>>();
            for (var i = 0; i < originals.Count; i++)
            {
                for (var a = 0; a < attacks.Count; a++)
                {
                    var (source, attack, index) = (i, attacks[a], a);
                    work.Add(() => bench.Measure(source, attack, index));
                }
            }
            var attacking = ctx.AddTask("attacked copies", maxValue: work.Count);
            var outcomes = RobustnessBenchmark.RunAll(work, settings.Parallel, () => attacking.Increment(1), cancellationToken);
            var header = string.Create(CultureInfo.InvariantCulture,
                $"Robustness: {originals.Count} originals ({settings.Split} split of {settings.Corpus}; {dropped} near-duplicates of another photo left out), {attacks.Count} attacks, {outcomes.Count} attacked copies, {Environment.ProcessorCount} CPUs, {settings.Parallel} threads.");
            report = bench.Report(outcomes, (pairs.SelectMany(p => p.Item1).ToArray(), pairs.SelectMany(p => p.Item2).ToArray(), pairs.SelectMany(p => p.Item3).ToArray()), header, settings.MinInliers);
        });
        Console.Out.Write(report);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Elapsed: {(DateTime.UtcNow - started).TotalSeconds:0} s."));
        return 0;
    }
}
