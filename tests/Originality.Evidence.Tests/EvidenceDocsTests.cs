using System.Text.RegularExpressions;
using Originality.Evidence;
using Originality.Tests;

namespace Originality.Evidence.Tests;

/// <summary>docs/evidence.md shows a key and a certificate; they must stay a valid pair.</summary>
public class EvidenceDocsTests
{
    private static string Block(string doc, string marker)
    {
        var match = Regex.Match(doc, $"<!-- {marker} -->\\s*```[a-z]*\\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"docs/evidence.md has no block after <!-- {marker} -->");
        return match.Groups[1].Value;
    }

    [Fact]
    public void The_example_in_docs_evidence_md_verifies()
    {
        var doc = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "evidence.md"));
        using var key = EvidencePublicKey.FromPem(Block(doc, "example-public-key"));

        var report = CertificateVerifier.Verify(Block(doc, "example-certificate"), key);

        Assert.True(report.Succeeded, string.Join("\n", report.Checks));
    }
}
