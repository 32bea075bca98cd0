using Originality.Engine.Checks;

namespace Originality.Engine.Tests.Checks;

public class MaterialChecksTests
{
    [Fact]
    public void Every_SKU_without_a_replacement_is_reported()
    {
        var findings = MaterialChecks.MissingSkus(["SKU-RED", "SKU-BLUE", "SKU-GREEN"], ["SKU-RED", " SKU-GREEN "]);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.SkuNotReplaced, finding.Code);
        Assert.Equal("SKU-BLUE", finding.Subject);
        Assert.Contains("SKU-BLUE", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void All_SKUs_replaced_gives_no_finding()
    {
        Assert.Empty(MaterialChecks.MissingSkus(["A", "B"], ["B", "A", "C"]));
    }

    [Fact]
    public void An_authorization_for_another_category_is_reported()
    {
        AuthorizationDocument[] authorizations =
        [
            new("model-apparel.pdf", "model", "Apparel"),
            new("model-shoes.pdf", "model", "shoes"),
        ];

        var findings = MaterialChecks.AuthorizationsForOtherCategories("apparel", authorizations);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.AuthorizationOtherCategory, finding.Code);
        Assert.Equal("model-shoes.pdf", finding.Subject);
        Assert.Contains("\"shoes\"", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Licences_are_not_bound_to_a_category()
    {
        Assert.Empty(MaterialChecks.AuthorizationsForOtherCategories("apparel", [new("mj.pdf", AuthorizationDocument.AiCommercialKind, "any")]));
    }

    [Fact]
    public void AI_pictures_without_a_commercial_licence_and_stock_pictures_without_a_licence_are_reported()
    {
        var findings = MaterialChecks.MissingLicences(anyAiGenerated: true, usesStockPictures: true, [new("model.pdf", "model", "apparel")]);

        Assert.Equal([FindingCodes.AiLicenceMissing, FindingCodes.StockWithoutLicence], findings.Select(f => f.Code));
    }

    [Fact]
    public void Licences_present_give_no_finding()
    {
        AuthorizationDocument[] docs = [new("mj.pdf", "ai-commercial", "apparel"), new("stock.pdf", "stock", "apparel")];

        Assert.Empty(MaterialChecks.MissingLicences(true, true, docs));
    }

    [Theory]
    [InlineData(0.95, true)]
    [InlineData(0.6875, true)]
    [InlineData(0.68, false)]
    [InlineData(0.1, false)]
    public void A_replacement_at_or_above_the_threshold_is_too_similar(double similarity, bool reported)
    {
        var finding = MaterialChecks.TooSimilar("red.jpg", similarity, MaterialCheckOptions.Default.TooSimilarFrom);

        Assert.Equal(reported, finding is { Code: FindingCodes.ReplacementTooSimilar });
    }
}
