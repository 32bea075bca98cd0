using System.CommandLine;
using Originality.Evidence;

namespace Originality.Cli.Commands;

/// <summary>Shared plumbing of <c>verify</c> and <c>verify-consistency</c>: reading inputs and printing a report.</summary>
internal static class VerifyOutput
{
    /// <summary>Every check passed.</summary>
    public const int Verified = 0;

    /// <summary>A check failed: the evidence does not hold.</summary>
    public const int NotVerified = 1;

    /// <summary>An input could not be read (missing file, unreadable key): nothing was verified.</summary>
    public const int InputError = 2;

    public static int Print(TextWriter output, VerificationReport report, string success, string failure)
    {
        foreach (var check in report.Checks)
        {
            var mark = check.Outcome switch
            {
                CheckOutcome.Passed => "✓",
                CheckOutcome.Failed => "✗",
                _ => "–",
            };
            output.WriteLine($"{mark} {check.Name}: {check.Message}");
        }
        output.WriteLine();
        output.WriteLine(report.Succeeded ? success : failure);
        return report.Succeeded ? Verified : NotVerified;
    }

    /// <summary>Reads a text file, or writes why it cannot and returns null.</summary>
    public static async Task<string?> ReadTextAsync(FileInfo file, string what, TextWriter error, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            error.WriteLine($"✗ {what}: {file.FullName} does not exist.");
            return null;
        }
        try
        {
            return await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"✗ {what}: cannot read {file.FullName}: {e.Message}");
            return null;
        }
    }

    /// <summary>Loads the operator's public key, or writes why it cannot and returns null.</summary>
    public static async Task<EvidencePublicKey?> ReadPublicKeyAsync(FileInfo file, TextWriter error, CancellationToken cancellationToken)
    {
        var pem = await ReadTextAsync(file, "public key", error, cancellationToken).ConfigureAwait(false);
        if (pem is null)
        {
            return null;
        }
        try
        {
            return EvidencePublicKey.FromPem(pem);
        }
        catch (EvidenceFormatException e)
        {
            error.WriteLine($"✗ public key: {file.FullName} is not an ECDSA P-256 public key in PEM form ({e.Message}).");
            return null;
        }
    }

    public static Option<FileInfo> PublicKeyOption() => new("--public-key")
    {
        Description = "The platform's tree-head public key (PEM, \"BEGIN PUBLIC KEY\"), obtained independently of the certificate.",
        Required = true,
    };

    public static TextWriter Out(ParseResult parseResult) => parseResult.InvocationConfiguration.Output;

    public static TextWriter Error(ParseResult parseResult) => parseResult.InvocationConfiguration.Error;
}
