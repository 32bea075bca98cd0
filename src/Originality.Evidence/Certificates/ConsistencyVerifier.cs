namespace Originality.Evidence;

/// <summary>
/// Verifies that a newer signed tree head extends an older one (docs/evidence.md, "Verifying
/// consistency"): both signatures, then the RFC 9162 consistency proof. A failure of the last
/// step with valid signatures means the operator signed two histories that cannot both be true.
/// </summary>
public static class ConsistencyVerifier
{
    public const string FormatCheck = "documents";
    public const string OldSignatureCheck = "old tree head signature";
    public const string NewSignatureCheck = "new tree head signature";
    public const string OrderCheck = "tree sizes";
    public const string ConsistencyCheck = "consistency proof";

    public static VerificationReport Verify(string oldHeadJson, string newHeadJson, string proofJson, EvidencePublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        SignedTreeHead oldHead, newHead;
        ConsistencyProofDocument proof;
        try
        {
            oldHead = Parse("old tree head", () => SignedTreeHead.FromJson(oldHeadJson));
            newHead = Parse("new tree head", () => SignedTreeHead.FromJson(newHeadJson));
            proof = Parse("consistency proof", () => ConsistencyProofDocument.FromJson(proofJson));
        }
        catch (EvidenceFormatException e)
        {
            return new VerificationReport([VerificationCheck.Fail(FormatCheck, e.Message)]);
        }
        return Verify(oldHead, newHead, proof, publicKey);
    }

    public static VerificationReport Verify(SignedTreeHead oldHead, SignedTreeHead newHead, ConsistencyProofDocument proof, EvidencePublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(oldHead);
        ArgumentNullException.ThrowIfNull(newHead);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(publicKey);
        var checks = new List<VerificationCheck>
        {
            VerificationCheck.Pass(FormatCheck, $"old head of {oldHead.Size} leaves, new head of {newHead.Size} leaves, proof of {proof.Proof.Count} hashes"),
            CertificateVerifier.CheckKey(oldHead, publicKey) with { Name = "old head signing key" },
            CertificateVerifier.CheckSignature(oldHead, publicKey, OldSignatureCheck),
            CertificateVerifier.CheckKey(newHead, publicKey) with { Name = "new head signing key" },
            CertificateVerifier.CheckSignature(newHead, publicKey, NewSignatureCheck),
        };
        if (oldHead.Size > newHead.Size)
        {
            checks.Add(VerificationCheck.Fail(OrderCheck, $"the old head ({oldHead.Size} leaves) is larger than the new head ({newHead.Size} leaves); swap --old and --new"));
            return new VerificationReport(checks);
        }
        if (proof.OldSize != oldHead.Size || proof.NewSize != newHead.Size)
        {
            checks.Add(VerificationCheck.Fail(OrderCheck, $"the proof is for sizes {proof.OldSize} -> {proof.NewSize}, but the heads have sizes {oldHead.Size} -> {newHead.Size}"));
            return new VerificationReport(checks);
        }
        checks.Add(VerificationCheck.Pass(OrderCheck, $"{oldHead.Size} -> {newHead.Size}"));
        var consistent = MerkleProof.VerifyConsistency(oldHead.Size, newHead.Size, oldHead.Head.RootHash, newHead.Head.RootHash, proof.Proof);
        checks.Add(consistent
            ? VerificationCheck.Pass(ConsistencyCheck, $"the tree of {newHead.Size} leaves extends the tree of {oldHead.Size} leaves: nothing logged before was changed or removed")
            : VerificationCheck.Fail(ConsistencyCheck,
                oldHead.Size == newHead.Size
                    ? $"forked history: two different roots were signed for the same size {oldHead.Size}"
                    : $"forked history or wrong proof: the tree of {newHead.Size} leaves (root {newHead.Head.RootHashHex}) does not extend the tree of {oldHead.Size} leaves (root {oldHead.Head.RootHashHex}); if both signatures are valid the operator signed two incompatible histories"));
        return new VerificationReport(checks);
    }

    private static T Parse<T>(string what, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (EvidenceFormatException e)
        {
            throw new EvidenceFormatException($"{what}: {e.Message}", e);
        }
    }
}
