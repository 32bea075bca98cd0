using System.Security.Cryptography;
using System.Text;
using Originality.Evidence;

namespace Originality.Evidence.Tests;

public class CertificateTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A log of <paramref name="count"/> filings with a signed head, and the certificate of one of them.</summary>
    internal static async Task<(FilingCertificate Certificate, EvidenceSigningKey Key)> IssueCertificate(int count = 11, int leafIndex = 6)
    {
        using var dir = new TempDirectory();
        var key = EvidenceSigningKey.Generate();
        await using var log = await FilingLog.OpenAsync(dir.File("filings.log"), None);
        await using var heads = await TreeHeadStore.OpenAsync(dir.File("heads.jsonl"), None);
        using var issuer = new TreeHeadIssuer(log, heads, key, [], new ManualTime(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero)));
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(FilingRecordBuilder.Numbered(i), None);
        }
        var head = await issuer.HeadCoveringAsync(leafIndex, None);
        return (await log.CreateCertificateAsync(leafIndex, head, None), key);
    }

    private static byte[] PictureBytes(int n) => Encoding.UTF8.GetBytes($"picture {n}");

    [Fact]
    public async Task A_certificate_from_the_log_verifies_offline_with_its_picture()
    {
        var (certificate, key) = await IssueCertificate();
        using var _ = key;

        var report = CertificateVerifier.Verify(certificate.ToJson(), key.PublicKey, SHA256.HashData(PictureBytes(7)));

        Assert.True(report.Succeeded, string.Join("\n", report.Checks));
        Assert.All(report.Checks, c => Assert.Equal(CheckOutcome.Passed, c.Outcome));
    }

    [Fact]
    public async Task A_certificate_round_trips_through_JSON()
    {
        var (certificate, key) = await IssueCertificate();
        using var _ = key;

        var parsed = FilingCertificate.FromJson(certificate.ToJson());

        Assert.Equal(certificate.ToJson(), parsed.ToJson());
        Assert.Equal(certificate.Record, parsed.Record);
    }

    [Fact]
    public async Task Changing_any_byte_of_the_certificate_fails_verification()
    {
        var (certificate, key) = await IssueCertificate();
        using var _ = key;
        var json = Encoding.UTF8.GetBytes(certificate.ToJson());

        for (var i = 0; i < json.Length; i++)
        {
            var tampered = json.ToArray();
            tampered[i] ^= 0x01;
            var text = Encoding.UTF8.GetString(tampered);

            var report = CertificateVerifier.Verify(text, key.PublicKey);

            Assert.False(report.Succeeded, $"byte {i} ('{(char)json[i]}' -> '{(char)tampered[i]}') changed but the certificate still verifies");
        }
    }

    [Fact]
    public async Task Changing_any_byte_of_the_record_encoding_breaks_the_record_check_or_the_proof()
    {
        var (certificate, key) = await IssueCertificate();
        using var _ = key;
        var canonical = certificate.Record.ToCanonicalBytes();
        var json = certificate.ToJson();
        var canonicalHex = Convert.ToHexStringLower(canonical);

        for (var i = 0; i < canonical.Length; i++)
        {
            var tampered = canonical.ToArray();
            tampered[i] ^= 0x01;
            var report = CertificateVerifier.Verify(json.Replace(canonicalHex, Convert.ToHexStringLower(tampered)), key.PublicKey);

            Assert.Contains(report.Checks, c => c.Outcome == CheckOutcome.Failed && c.Name is CertificateVerifier.RecordCheck or CertificateVerifier.LeafCheck);
        }
    }

    [Fact]
    public async Task A_consistent_rewrite_of_record_and_leaf_hash_still_fails_at_the_proof()
    {
        var (certificate, key) = await IssueCertificate();
        using var _ = key;
        var forged = new FilingRecordBuilder().WithSequence(7).WithMember("someone-else").WithContent(PictureBytes(7))
            .WithFiledAt(certificate.Record.FiledAt.AddDays(-30)).Build();
        var json = new FilingCertificate(forged, certificate.LeafIndex, certificate.TreeHead, certificate.InclusionProof).ToJson();

        var report = CertificateVerifier.Verify(json, key.PublicKey);

        Assert.Equal(CheckOutcome.Failed, report.Checks.Single(c => c.Name == CertificateVerifier.InclusionCheck).Outcome);
        Assert.Equal(CheckOutcome.Passed, report.Checks.Single(c => c.Name == CertificateVerifier.RecordCheck).Outcome);
    }

    [Fact]
    public async Task Another_key_is_reported_as_the_wrong_key()
    {
        var (certificate, key) = await IssueCertificate();
        using var _ = key;
        using var other = EvidenceSigningKey.Generate();

        var report = CertificateVerifier.Verify(certificate.ToJson(), other.PublicKey);

        Assert.False(report.Succeeded);
        Assert.Contains("wrong key", report.Checks.Single(c => c.Name == CertificateVerifier.KeyCheck).Message);
        Assert.Equal(CheckOutcome.Failed, report.Checks.Single(c => c.Name == CertificateVerifier.SignatureCheck).Outcome);
    }

    [Fact]
    public async Task A_different_picture_is_reported()
    {
        var (certificate, key) = await IssueCertificate();
        using var _ = key;
        using var picture = new MemoryStream(PictureBytes(8));

        var report = await CertificateVerifier.VerifyAsync(certificate.ToJson(), key.PublicKey, picture, None);

        Assert.False(report.Succeeded);
        Assert.Contains("picture hash differs", report.Checks.Single(c => c.Name == CertificateVerifier.PictureCheck).Message);
    }

    [Theory]
    [InlineData("", "malformed JSON")]
    [InlineData("{\"version\":1", "malformed JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"version\":2}", "unknown version")]
    [InlineData("{\"version\":1}", "\"record\" is missing")]
    public void Malformed_certificates_fail_the_format_check_with_a_reason(string json, string reason)
    {
        using var key = EvidenceSigningKey.Generate();

        var report = CertificateVerifier.Verify(json, key.PublicKey);

        var check = Assert.Single(report.Checks);
        Assert.Equal(CheckOutcome.Failed, check.Outcome);
        Assert.Contains(reason, check.Message);
    }

    [Fact]
    public async Task Certificates_verify_for_every_leaf_of_logs_of_sizes_1_to_17()
    {
        for (var size = 1; size <= 17; size++)
        {
            for (var index = 0; index < size; index += 3)
            {
                var (certificate, key) = await IssueCertificate(size, index);
                using var _ = key;
                Assert.True(CertificateVerifier.Verify(certificate.ToJson(), key.PublicKey).Succeeded, $"leaf {index} of {size}");
            }
        }
    }

    [Fact]
    public async Task The_page_shows_Beijing_and_UTC_time_hashes_and_how_to_verify()
    {
        var (certificate, key) = await IssueCertificate();
        using var _ = key;
        var utc = certificate.Record.FiledAt;

        var html = CertificateRenderer.RenderHtml(certificate, "data:image/png;base64,iVBORw0KGgo=", "/certificates/7.json", "/evidence/public-key.pem");

        Assert.Contains(utc.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " (UTC+8)", html);
        Assert.Contains(utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), html);
        Assert.Contains(certificate.Record.ContentSha256Hex, html);
        Assert.Contains(certificate.TreeHead.Head.RootHashHex, html);
        Assert.Contains("originality verify", html);
        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", html);
    }

    [Fact]
    public async Task The_page_escapes_member_supplied_text()
    {
        var (certificate, key) = await IssueCertificate();
        using var _ = key;
        var hostile = new FilingRecordBuilder().WithFolder("<script>alert(1)</script>").Build();
        var page = new FilingCertificate(hostile, 0, certificate.TreeHead, certificate.InclusionProof);

        var html = CertificateRenderer.RenderHtml(page, "javascript:alert(1)");

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("javascript:", html);
    }
}
