using System.CommandLine;

namespace Originality.Cli.Commands;

/// <summary><c>originality bench ...</c>: the measurements reported in docs/benchmarks.md.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Run a benchmark and print its numbers (see docs/benchmarks.md).");
        foreach (var sub in Subcommands())
        {
            bench.Subcommands.Add(sub);
        }
        return bench;
    }

    // One line per benchmark subcommand.
    private static IEnumerable<Command> Subcommands()
    {
        yield return BenchIndexCommand.Create();
        yield return BenchFingerprintCommand.Create();
        yield return BenchChecksCommand.Create();
        yield return BenchDetectionCommand.CreateVocabulary();
        yield return BenchDetectionCommand.CreateDetection();
        yield return BenchDetectorCommand.Create();
    }
}
