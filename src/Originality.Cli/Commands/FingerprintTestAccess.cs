using System.Runtime.CompilerServices;

// The CLI tests run commands in-process through the internal command catalog.
[assembly: InternalsVisibleTo("Originality.Cli.Tests")]
