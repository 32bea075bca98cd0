using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Originality.Engine.Pdq;
using Originality.Tests;

namespace Originality.Engine.Tests.Imaging;

/// <summary>
/// The intake fuzz seeds (fuzz/corpus/intake) and every input afl++ ever found (fuzz/crashes/intake,
/// committed by scripts/fuzz.sh) go through the intake as the fuzz harness drives it: decoded and
/// fingerprinted, or refused with a code — nothing else.
/// </summary>
public sealed class FuzzRegressionTests
{
    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "corpus", "crashes" })
        {
            var directory = Path.Combine(TestEnvironment.RepositoryRoot, "fuzz", folder, "intake");
            if (Directory.Exists(directory))
            {
                foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
                {
                    data.Add(Path.GetRelativePath(TestEnvironment.RepositoryRoot, file));
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_fuzz_input_is_decoded_or_refused(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestEnvironment.RepositoryRoot, file));
        try
        {
            Assert.NotNull(Originality.Engine.Detection.PictureAnalysis.Of(PdqFingerprinter.Fingerprint(bytes).Decoded.Image));
        }
        catch (ImageRejectedException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Code));
        }
    }

    [Fact]
    public void The_seed_corpus_is_there_and_decodes()
    {
        var seeds = Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot, "fuzz", "corpus", "intake"));

        Assert.True(seeds.Length >= 5);
        Assert.All(seeds, s => Assert.True(PdqFingerprinter.Fingerprint(File.ReadAllBytes(s)).Decoded.Image.Width > 0, s));
    }
}
