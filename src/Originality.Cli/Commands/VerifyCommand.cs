using System.CommandLine;
using Originality.Evidence;

namespace Originality.Cli.Commands;

/// <summary>
/// <c>originality verify CERT.json --public-key KEY.pem [--picture FILE]</c>: checks a filing
/// certificate offline (docs/evidence.md, "Verifying a certificate").
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var certificate = new Argument<FileInfo>("certificate") { Description = "The filing certificate (JSON)." };
        var publicKey = VerifyOutput.PublicKeyOption();
        var picture = new Option<FileInfo?>("--picture") { Description = "The picture file; its SHA-256 must equal the filed content hash." };
        var command = new Command("verify", "Verify a filing certificate offline: record, inclusion proof, signed tree head and (optionally) the picture.")
        {
            certificate,
            publicKey,
            picture,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(certificate),
            parseResult.GetRequiredValue(publicKey),
            parseResult.GetValue(picture),
            VerifyOutput.Out(parseResult),
            VerifyOutput.Error(parseResult),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo certificateFile, FileInfo keyFile, FileInfo? pictureFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var json = await VerifyOutput.ReadTextAsync(certificateFile, "certificate", error, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return VerifyOutput.InputError;
        }
        using var key = await VerifyOutput.ReadPublicKeyAsync(keyFile, error, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return VerifyOutput.InputError;
        }
        if (pictureFile is not null && !pictureFile.Exists)
        {
            error.WriteLine($"✗ picture: {pictureFile.FullName} does not exist.");
            return VerifyOutput.InputError;
        }
        VerificationReport report;
        if (pictureFile is null)
        {
            report = CertificateVerifier.Verify(json, key);
        }
        else
        {
            var picture = pictureFile.OpenRead();
            await using (picture.ConfigureAwait(false))
            {
                report = await CertificateVerifier.VerifyAsync(json, key, picture, cancellationToken).ConfigureAwait(false);
            }
        }
        output.WriteLine($"Verifying {certificateFile.Name} with key {key.KeyId}");
        return VerifyOutput.Print(
            output,
            report,
            pictureFile is null
                ? "VERIFIED: the record is in the signed log (no picture was compared)."
                : "VERIFIED: the record is in the signed log and the picture is the one filed.",
            "NOT VERIFIED: see the ✗ lines above.");
    }
}
