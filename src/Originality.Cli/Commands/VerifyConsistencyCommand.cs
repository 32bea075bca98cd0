using System.CommandLine;
using Originality.Evidence;

namespace Originality.Cli.Commands;

/// <summary>
/// <c>originality verify-consistency --old HEAD1.json --new HEAD2.json --proof PROOF.json --public-key KEY.pem</c>:
/// checks that a newer signed tree head extends an older one (docs/evidence.md, "Verifying consistency").
/// </summary>
internal static class VerifyConsistencyCommand
{
    public static Command Create()
    {
        var oldHead = new Option<FileInfo>("--old") { Description = "The older signed tree head (JSON), e.g. one kept by a witness.", Required = true };
        var newHead = new Option<FileInfo>("--new") { Description = "The newer signed tree head (JSON).", Required = true };
        var proof = new Option<FileInfo>("--proof") { Description = "The consistency proof between the two sizes (JSON), from the platform's API.", Required = true };
        var publicKey = VerifyOutput.PublicKeyOption();
        var command = new Command("verify-consistency", "Verify that a newer signed tree head only appends to an older one (no history was rewritten).")
        {
            oldHead,
            newHead,
            proof,
            publicKey,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(oldHead),
            parseResult.GetRequiredValue(newHead),
            parseResult.GetRequiredValue(proof),
            parseResult.GetRequiredValue(publicKey),
            VerifyOutput.Out(parseResult),
            VerifyOutput.Error(parseResult),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo oldFile, FileInfo newFile, FileInfo proofFile, FileInfo keyFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var oldJson = await VerifyOutput.ReadTextAsync(oldFile, "old tree head", error, cancellationToken).ConfigureAwait(false);
        var newJson = await VerifyOutput.ReadTextAsync(newFile, "new tree head", error, cancellationToken).ConfigureAwait(false);
        var proofJson = await VerifyOutput.ReadTextAsync(proofFile, "consistency proof", error, cancellationToken).ConfigureAwait(false);
        if (oldJson is null || newJson is null || proofJson is null)
        {
            return VerifyOutput.InputError;
        }
        using var key = await VerifyOutput.ReadPublicKeyAsync(keyFile, error, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return VerifyOutput.InputError;
        }
        var report = ConsistencyVerifier.Verify(oldJson, newJson, proofJson, key);
        output.WriteLine($"Verifying {newFile.Name} extends {oldFile.Name} with key {key.KeyId}");
        return VerifyOutput.Print(
            output,
            report,
            "CONSISTENT: the newer head only appends to the older one.",
            "NOT CONSISTENT: see the ✗ lines above.");
    }
}
