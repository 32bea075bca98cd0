using System.CommandLine;

namespace Originality.Cli.Commands;

/// <summary>The commands of the <c>originality</c> tool; one line here per command.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return BenchCommand.Create();
        yield return MatchCommand.Create();
        yield return FingerprintCommand.Create();
        yield return VerifyCommand.Create();
        yield return VerifyConsistencyCommand.Create();
    }
}
