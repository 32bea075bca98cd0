using Originality.Evidence;
using Originality.Tests;

namespace Originality.Cli.Tests;

public class VerifyCommandTests
{
    [Fact]
    public async Task A_certificate_and_its_picture_verify_with_exit_code_0()
    {
        await using var fixture = await VerifyCliFixture.CreateAsync();
        var certificate = await fixture.WriteCertificateAsync(4);

        var result = await OriginalityTool.RunAsync("verify", certificate, "--public-key", fixture.PublicKeyPath, "--picture", fixture.PathOf("picture-5.jpg"));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("✓ inclusion proof reaches the signed root", result.Output);
        Assert.Contains("✓ tree head signature", result.Output);
        Assert.Contains("✓ picture", result.Output);
        Assert.DoesNotContain("✗", result.Output);
        Assert.Contains("VERIFIED: the record is in the signed log and the picture is the one filed.", result.Output);
    }

    [Fact]
    public async Task Without_a_picture_the_record_alone_verifies_and_the_picture_check_is_skipped()
    {
        await using var fixture = await VerifyCliFixture.CreateAsync();
        var certificate = await fixture.WriteCertificateAsync(0);

        var result = await OriginalityTool.RunAsync("verify", certificate, "--public-key", fixture.PublicKeyPath);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("– picture: no picture given", result.Output);
    }

    [Fact]
    public async Task Another_picture_fails_with_a_picture_hash_message()
    {
        await using var fixture = await VerifyCliFixture.CreateAsync();
        var certificate = await fixture.WriteCertificateAsync(4);

        var result = await OriginalityTool.RunAsync("verify", certificate, "--public-key", fixture.PublicKeyPath, "--picture", fixture.PathOf("picture-6.jpg"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✗ picture: picture hash differs", result.Output);
        Assert.Contains("NOT VERIFIED", result.Output);
    }

    [Fact]
    public async Task Another_key_fails_as_the_wrong_key_with_a_bad_signature()
    {
        await using var fixture = await VerifyCliFixture.CreateAsync();
        var certificate = await fixture.WriteCertificateAsync(2);
        using var other = EvidenceSigningKey.Generate();
        var otherKey = await fixture.WriteAsync("other-key.pem", other.ToPublicKeyPem());

        var result = await OriginalityTool.RunAsync("verify", certificate, "--public-key", otherKey);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✗ signing key: wrong key", result.Output);
        Assert.Contains("✗ tree head signature: bad signature", result.Output);
    }

    [Fact]
    public async Task A_back_dated_record_fails_as_a_record_leaf_mismatch()
    {
        await using var fixture = await VerifyCliFixture.CreateAsync();
        var json = await File.ReadAllTextAsync(await fixture.WriteCertificateAsync(3));
        var tampered = await fixture.WriteAsync("tampered.json", json.Replace("2026-02-01T08:00:04.000Z", "2025-02-01T08:00:04.000Z"));

        var result = await OriginalityTool.RunAsync("verify", tampered, "--public-key", fixture.PublicKeyPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✗ record matches its canonical encoding: record/leaf mismatch: filedAt", result.Output);
    }

    [Fact]
    public async Task A_certificate_whose_proof_does_not_reach_the_root_fails()
    {
        await using var fixture = await VerifyCliFixture.CreateAsync();
        var certificate = await fixture.Log.CreateCertificateAsync(3, fixture.SignHead(), CancellationToken.None);
        var wrongProof = new FilingCertificate(certificate.Record, certificate.LeafIndex, certificate.TreeHead, fixture.Log.InclusionProof(4, fixture.Log.Count));
        var path = await fixture.WriteAsync("wrong-proof.json", wrongProof.ToJson());

        var result = await OriginalityTool.RunAsync("verify", path, "--public-key", fixture.PublicKeyPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✗ inclusion proof reaches the signed root: the proof does not reach the root", result.Output);
    }

    [Theory]
    [InlineData("{ not json", "malformed JSON")]
    [InlineData("{\"version\":7,\"record\":{}}", "unknown version")]
    public async Task Unreadable_certificates_fail_with_a_clear_message(string json, string message)
    {
        await using var fixture = await VerifyCliFixture.CreateAsync(1);
        var path = await fixture.WriteAsync("bad.json", json);

        var result = await OriginalityTool.RunAsync("verify", path, "--public-key", fixture.PublicKeyPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✗ certificate format", result.Output);
        Assert.Contains(message, result.Output);
    }

    [Fact]
    public async Task Missing_files_and_bad_keys_exit_with_code_2()
    {
        await using var fixture = await VerifyCliFixture.CreateAsync(1);
        var certificate = await fixture.WriteCertificateAsync(0);
        var notAKey = await fixture.WriteAsync("not-a-key.pem", "hello");

        var missing = await OriginalityTool.RunAsync("verify", fixture.PathOf("nope.json"), "--public-key", fixture.PublicKeyPath);
        var badKey = await OriginalityTool.RunAsync("verify", certificate, "--public-key", notAKey);
        var missingPicture = await OriginalityTool.RunAsync("verify", certificate, "--public-key", fixture.PublicKeyPath, "--picture", fixture.PathOf("nope.jpg"));

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error);
        Assert.Equal(2, badKey.ExitCode);
        Assert.Contains("is not an ECDSA P-256 public key", badKey.Error);
        Assert.Equal(2, missingPicture.ExitCode);
    }
}
