using Originality.Evidence;

namespace Originality.Evidence.Tests;

public class ConsistencyVerifierTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(SignedTreeHead Head, FilingLog Log)> LogWithHead(TempDirectory dir, string name, EvidenceSigningKey key, int count, string salt = "", int divergeAfter = int.MaxValue)
    {
        var log = await FilingLog.OpenAsync(dir.File(name + ".log"), None);
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(FilingRecordBuilder.Numbered(i, i > divergeAfter ? salt : ""), None);
        }
        var (size, root) = log.Snapshot();
        return (SignedTreeHead.Sign(new TreeHead(size, root, 1_780_000_000_000 + count), key), log);
    }

    [Fact]
    public async Task A_grown_log_is_consistent_with_its_earlier_head()
    {
        using var dir = new TempDirectory();
        using var key = EvidenceSigningKey.Generate();
        var (oldHead, oldLog) = await LogWithHead(dir, "old", key, 6);
        await oldLog.DisposeAsync();
        var (newHead, log) = await LogWithHead(dir, "new", key, 15);
        await using var _ = log;

        var report = ConsistencyVerifier.Verify(oldHead.ToJson(), newHead.ToJson(), log.ConsistencyProof(6, 15).ToJson(), key.PublicKey);

        Assert.True(report.Succeeded, string.Join("\n", report.Checks));
    }

    [Fact]
    public async Task Two_signed_heads_of_diverging_logs_are_reported_as_a_fork()
    {
        using var dir = new TempDirectory();
        using var key = EvidenceSigningKey.Generate();
        var (oldHead, honest) = await LogWithHead(dir, "honest", key, 8);
        await using var _ = honest;
        var (newHead, forked) = await LogWithHead(dir, "forked", key, 12, salt: "rewritten", divergeAfter: 5);
        await using var __ = forked;

        var report = ConsistencyVerifier.Verify(oldHead.ToJson(), newHead.ToJson(), forked.ConsistencyProof(8, 12).ToJson(), key.PublicKey);

        Assert.False(report.Succeeded);
        Assert.Equal(CheckOutcome.Passed, report.Checks.Single(c => c.Name == ConsistencyVerifier.NewSignatureCheck).Outcome);
        Assert.Contains("forked history", report.Checks.Single(c => c.Name == ConsistencyVerifier.ConsistencyCheck).Message);
    }

    [Fact]
    public async Task Two_different_roots_signed_for_the_same_size_are_a_fork()
    {
        using var dir = new TempDirectory();
        using var key = EvidenceSigningKey.Generate();
        var (a, logA) = await LogWithHead(dir, "a", key, 8);
        await using var _ = logA;
        var (b, logB) = await LogWithHead(dir, "b", key, 8, salt: "x", divergeAfter: 7);
        await using var __ = logB;

        var report = ConsistencyVerifier.Verify(a.ToJson(), b.ToJson(), logB.ConsistencyProof(8, 8).ToJson(), key.PublicKey);

        Assert.Contains("forked history", report.Checks.Single(c => c.Name == ConsistencyVerifier.ConsistencyCheck).Message);
    }

    [Fact]
    public async Task A_tampered_head_fails_its_signature_check()
    {
        using var dir = new TempDirectory();
        using var key = EvidenceSigningKey.Generate();
        var (oldHead, oldLog) = await LogWithHead(dir, "old", key, 6);
        await using var _ = oldLog;
        var (newHead, log) = await LogWithHead(dir, "new", key, 9);
        await using var __ = log;
        var backdated = new SignedTreeHead(new TreeHead(oldHead.Size, oldHead.Head.RootHash, oldHead.Head.TimestampUnixMilliseconds - 86_400_000), oldHead.KeyId, oldHead.Signature);

        var report = ConsistencyVerifier.Verify(backdated.ToJson(), newHead.ToJson(), log.ConsistencyProof(6, 9).ToJson(), key.PublicKey);

        Assert.False(report.Succeeded);
        Assert.Equal(CheckOutcome.Failed, report.Checks.Single(c => c.Name == ConsistencyVerifier.OldSignatureCheck).Outcome);
    }

    [Fact]
    public async Task A_proof_for_other_sizes_is_refused()
    {
        using var dir = new TempDirectory();
        using var key = EvidenceSigningKey.Generate();
        var (oldHead, oldLog) = await LogWithHead(dir, "old", key, 6);
        await using var _ = oldLog;
        var (newHead, log) = await LogWithHead(dir, "new", key, 9);
        await using var __ = log;

        var report = ConsistencyVerifier.Verify(oldHead.ToJson(), newHead.ToJson(), log.ConsistencyProof(5, 9).ToJson(), key.PublicKey);

        Assert.Contains("the proof is for sizes 5 -> 9", report.Checks.Single(c => c.Name == ConsistencyVerifier.OrderCheck).Message);
    }
}
