using Originality.Evidence;
using Originality.Tests;

namespace Originality.Cli.Tests;

public class VerifyConsistencyCommandTests
{
    [Fact]
    public async Task A_head_of_a_grown_log_is_consistent_with_an_older_one()
    {
        await using var fixture = await VerifyCliFixture.CreateAsync(5);
        var oldHead = await fixture.WriteAsync("old.json", fixture.SignHead().ToJson());
        for (var i = 6; i <= 12; i++)
        {
            await fixture.Log.AppendAsync(VerifyCliFixture.Filing(i), CancellationToken.None);
        }
        var newHead = await fixture.WriteAsync("new.json", fixture.SignHead().ToJson());
        var proof = await fixture.WriteAsync("proof.json", fixture.Log.ConsistencyProof(5, 12).ToJson());

        var result = await OriginalityTool.RunAsync("verify-consistency", "--old", oldHead, "--new", newHead, "--proof", proof, "--public-key", fixture.PublicKeyPath);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("✓ consistency proof", result.Output);
        Assert.Contains("CONSISTENT", result.Output);
    }

    [Fact]
    public async Task Heads_of_a_rewritten_history_are_reported_as_a_fork()
    {
        await using var honest = await VerifyCliFixture.CreateAsync(8);
        var oldHead = await honest.WriteAsync("old.json", honest.SignHead().ToJson());
        // The same operator key signs a log where filing 3 was re-attributed to another member.
        await using var forked = await VerifyCliFixture.CreateAsync(0);
        for (var i = 1; i <= 10; i++)
        {
            await forked.Log.AppendAsync(VerifyCliFixture.Filing(i, i == 3 ? "member-2002" : "member-1001"), CancellationToken.None);
        }
        var newHead = await honest.WriteAsync("new.json", forked.SignHead(key: honest.Key).ToJson());
        var proof = await honest.WriteAsync("proof.json", forked.Log.ConsistencyProof(8, 10).ToJson());

        var result = await OriginalityTool.RunAsync("verify-consistency", "--old", oldHead, "--new", newHead, "--proof", proof, "--public-key", honest.PublicKeyPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✓ old tree head signature", result.Output);
        Assert.Contains("✓ new tree head signature", result.Output);
        Assert.Contains("✗ consistency proof: forked history", result.Output);
        Assert.Contains("NOT CONSISTENT", result.Output);
    }

    [Fact]
    public async Task A_head_signed_by_another_key_fails_its_signature()
    {
        await using var fixture = await VerifyCliFixture.CreateAsync(4);
        using var other = EvidenceSigningKey.Generate();
        var oldHead = await fixture.WriteAsync("old.json", fixture.SignHead(2).ToJson());
        var newHead = await fixture.WriteAsync("new.json", fixture.SignHead(key: other).ToJson());
        var proof = await fixture.WriteAsync("proof.json", fixture.Log.ConsistencyProof(2, 4).ToJson());

        var result = await OriginalityTool.RunAsync("verify-consistency", "--old", oldHead, "--new", newHead, "--proof", proof, "--public-key", fixture.PublicKeyPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✗ new tree head signature: bad signature", result.Output);
    }

    [Fact]
    public async Task A_malformed_head_is_reported()
    {
        await using var fixture = await VerifyCliFixture.CreateAsync(2);
        var oldHead = await fixture.WriteAsync("old.json", "{\"size\":1}");
        var newHead = await fixture.WriteAsync("new.json", fixture.SignHead().ToJson());
        var proof = await fixture.WriteAsync("proof.json", fixture.Log.ConsistencyProof(1, 2).ToJson());

        var result = await OriginalityTool.RunAsync("verify-consistency", "--old", oldHead, "--new", newHead, "--proof", proof, "--public-key", fixture.PublicKeyPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("old tree head: tree head: property \"rootHash\" is missing", result.Output);
    }
}
