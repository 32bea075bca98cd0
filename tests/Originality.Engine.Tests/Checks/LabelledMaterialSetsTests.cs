using Originality.Engine.Checks;
using Originality.Measurement.Checks;

namespace Originality.Engine.Tests.Checks;

public class LabelledMaterialSetsTests
{
    private static int WithCode(IReadOnlyList<LabelledCase> cases, string code) => cases.Count(c => c.Expected.Contains(code));

    [Fact]
    public void The_tuning_reasons_are_thirty_per_language_half_of_them_boilerplate()
    {
        var reasons = LabelledMaterialSets.ReasonsTuning();

        Assert.Equal(60, reasons.Count);
        foreach (var language in new[] { "zh-", "en-" })
        {
            var ofLanguage = reasons.Where(r => r.Name.StartsWith(language, StringComparison.Ordinal)).ToList();
            Assert.Equal(30, ofLanguage.Count);
            Assert.Equal(15, WithCode(ofLanguage, FindingCodes.ReasonBoilerplate));
        }
    }

    [Fact]
    public void The_held_out_reasons_are_balanced_and_differ_from_the_tuning_reasons()
    {
        var heldOut = LabelledMaterialSets.ReasonsHeldOut();
        var tuningTexts = LabelledMaterialSets.ReasonsTuning().Select(r => r.Input).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(32, heldOut.Count);
        Assert.Equal(16, WithCode(heldOut, FindingCodes.ReasonBoilerplate));
        Assert.DoesNotContain(heldOut, r => tuningTexts.Contains(r.Input));
    }

    [Fact]
    public void The_EXIF_sets_are_real_JPEGs_with_every_measured_finding_present_and_absent()
    {
        foreach (var set in new[] { LabelledMaterialSets.ExifTuning(), LabelledMaterialSets.ExifHeldOut() })
        {
            Assert.Equal(12, set.Count);
            Assert.Equal(set.Count, set.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
            Assert.Contains(set, c => c.Expected.Count == 0);
            foreach (var code in LabelledMaterialSets.ExifCodes)
            {
                Assert.InRange(WithCode(set, code), 2, set.Count - 2);
            }
        }
    }

    [Fact]
    public void The_material_sets_have_cases_with_and_without_each_finding()
    {
        foreach (var set in new[] { LabelledMaterialSets.MaterialsTuning(), LabelledMaterialSets.MaterialsHeldOut() })
        {
            Assert.Equal(12, set.Count);
            foreach (var code in LabelledMaterialSets.MaterialCodes)
            {
                Assert.InRange(WithCode(set, code), 1, set.Count - 1);
            }
        }
    }

    [Fact]
    public void Measuring_counts_a_miss_and_a_false_alarm()
    {
        LabelledCase[] cases =
        [
            new("missed", "x", new HashSet<string> { FindingCodes.ReasonBoilerplate }, () => []),
            new("false-alarm", "y", new HashSet<string>(), () => [new CheckFinding(FindingCodes.ReasonBoilerplate, "V-6", "r")]),
        ];

        var (scores, mistakes) = LabelledMaterialSets.Measure(cases, LabelledMaterialSets.ReasonCodes);

        var score = Assert.Single(scores);
        Assert.Equal((1, 0, 1, 1, 0), (score.Positives, score.Found, score.Negatives, score.FalseAlarms, score.Right));
        Assert.Equal(2, mistakes.Count);
    }
}
