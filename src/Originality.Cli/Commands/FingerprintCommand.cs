using System.CommandLine;

namespace Originality.Cli.Commands;

/// <summary><c>originality fingerprint PATH... [--filing]</c>: one JSON line per picture on stdout.</summary>
internal static class FingerprintCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "Pictures (JPEG or PNG) or directories; directories are walked for .jpg, .jpeg and .png files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var filing = new Option<bool>("--filing")
        {
            Description = "Add the F-3 filing verdict (extension, 10 MB, shorter side >= 700, scaled size) for each file.",
        };
        var fullResolution = new Option<bool>("--full-resolution")
        {
            Description = "Hash every pixel (Meta's canonical hash) instead of the faster scaled decode (short side >= 700).",
        };
        var command = new Command("fingerprint", "Print the SHA-256, size and PDQ hash of pictures, one JSON line each.")
        {
            paths,
            filing,
            fullResolution,
        };
        command.SetAction(parseResult =>
        {
            var options = new FingerprintOptions(parseResult.GetValue(filing), parseResult.GetValue(fullResolution));
            return FingerprintRunner.Run(parseResult.GetValue(paths) ?? [], options, parseResult.InvocationConfiguration.Output);
        });
        return command;
    }
}
