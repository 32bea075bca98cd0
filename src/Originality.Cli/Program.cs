using System.CommandLine;
using Originality.Cli.Commands;

// Each command lives in Commands/ as a static Create() returning its System.CommandLine Command.
var root = new RootCommand("originality: fingerprint pictures, find copies, verify filing evidence, run benchmarks.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
