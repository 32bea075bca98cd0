using System.Text;
using Originality.Tests;

namespace Originality.Evidence.Tests;

/// <summary>
/// The certificate, proof and record fuzz seeds and findings (fuzz/corpus, fuzz/crashes) go through
/// the parsers as the fuzz harness drives them: a report or an <see cref="EvidenceFormatException"/>, nothing else.
/// </summary>
public sealed class FuzzRegressionTests
{
    private const string ExamplePublicKey = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpin5Huu5AUQRqMrhHrEyDu41ra3d\n0tXpdURp39+FwPxeZ+DgLN++mhnj33Br5ofGLn+3+NMDW4kmGJi3UTzMwA==\n-----END PUBLIC KEY-----\n";

    private static IEnumerable<byte[]> Inputs(string target) =>
        new[] { "corpus", "crashes" }
            .Select(f => Path.Combine(TestEnvironment.RepositoryRoot, "fuzz", f, target))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Select(File.ReadAllBytes);

    [Fact]
    public void Certificate_inputs_give_a_report_and_the_seed_verifies()
    {
        using var key = EvidencePublicKey.FromPem(ExamplePublicKey);
        var reports = Inputs("certificate").Select(b => CertificateVerifier.Verify(Encoding.UTF8.GetString(b), key)).ToList();

        Assert.NotEmpty(reports);
        Assert.Contains(reports, r => r.Succeeded);
    }

    [Fact]
    public void Proof_inputs_give_a_report()
    {
        using var key = EvidencePublicKey.FromPem(ExamplePublicKey);
        foreach (var input in Inputs("proof"))
        {
            var parts = Encoding.UTF8.GetString(input).Split('\0');
            if (parts.Length >= 3)
            {
                Assert.NotNull(ConsistencyVerifier.Verify(parts[0], parts[1], parts[2], key));
            }
        }
    }

    [Fact]
    public void Record_inputs_decode_to_their_one_encoding_or_are_refused()
    {
        foreach (var input in Inputs("record"))
        {
            try
            {
                Assert.Equal(input, FilingRecord.FromCanonicalBytes(input).ToCanonicalBytes());
            }
            catch (EvidenceFormatException)
            {
            }
        }
    }
}
