using Originality.Engine.Checks;

namespace Originality.Engine.Tests.Checks;

public class ReasonTextCheckTests
{
    [Theory]
    [InlineData("我司高度重视，深表歉意！")]
    [InlineData("我司高度重视此事，深表歉意，今后一定注意，严格遵守平台规则，恳请平台给予一次机会，谢谢！")]
    [InlineData("We attach great importance to this matter and we deeply apologize. It will not happen again. Thank you!")]
    [InlineData("We deeply apologize for the inconvenience. Please restore our product.")]
    [InlineData("   ")]
    [InlineData("")]
    public void A_reason_made_only_of_set_phrases_is_not_accepted(string reason)
    {
        var finding = Assert.Single(ReasonTextCheck.Check(reason));

        Assert.Equal(FindingCodes.ReasonBoilerplate, finding.Code);
        Assert.Equal("V-6", finding.RuleId);
    }

    // Wordings that were never in any phrase list: the check must judge content, not match phrases.
    [Theory]
    [InlineData("对于本次的疏忽我们倍感愧疚，恳切希望贵平台网开一面。")]
    [InlineData("经过内部讨论，团队上下都铭记于心，日后必将规范经营。")]
    [InlineData("我们已经处理好了，请放心。")]
    [InlineData("Our whole staff feels terrible about this and we have reflected on it deeply.")]
    [InlineData("Everything has been handled properly now, we will be more vigilant going forward.")]
    [InlineData("We removed and replaced the pictures.")]
    public void A_reason_with_no_checkable_content_is_not_accepted_whatever_its_wording(string reason)
    {
        var finding = Assert.Single(ReasonTextCheck.Check(reason));

        Assert.Equal(FindingCodes.ReasonBoilerplate, finding.Code);
    }

    [Fact]
    public void The_finding_names_the_set_phrases_found()
    {
        var finding = Assert.Single(ReasonTextCheck.Check("我司高度重视，深表歉意"));

        Assert.Contains("我司高度重视", finding.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("我司高度重视，深表歉意。图3包装上的电话已删除，4个SKU的主图已全部重拍，原图EXIF显示拍摄于2024年5月。")]
    [InlineData("主图右下角的水印已改为店铺ID，模特授权书见附件")]
    [InlineData("We deeply apologize. The phone number on the box in picture 3 was removed and all 4 SKU pictures were reshot; the attached RAW files show the shoot date.")]
    [InlineData("Logo of brand X removed from SKU-RED and SKU-BLUE.")]
    public void A_reason_with_concrete_content_is_accepted_even_with_polite_phrases(string reason)
    {
        Assert.Empty(ReasonTextCheck.Check(reason));
    }

    // Concrete reasons in words the vocabulary was not written from.
    [Theory]
    [InlineData("给大家添麻烦了。第三张详情图换成了义乌仓库新拍的实物图，发票号码已附上。")]
    [InlineData("商品图来自供应商“星河饰品”，双方签署的合同见附件。")]
    [InlineData("Apologies for the trouble. The store banner now shows our id AE-778812 and the photo was taken by Lin Studio.")]
    [InlineData("Image dress_front_02.jpg was cropped to remove the competitor watermark.")]
    public void A_concrete_reason_in_new_words_is_accepted(string reason)
    {
        Assert.Empty(ReasonTextCheck.Check(reason));
    }

    [Fact]
    public void A_polite_clause_with_a_listing_id_still_counts_as_content()
    {
        var analysis = ReasonTextCheck.Analyze("Please note the invoice 2024-0518 for listing 1005006671 is attached.");

        Assert.Empty(analysis.BoilerplateFound);
        Assert.True(analysis.ContentUnits >= ReasonTextCheck.MinimumContentUnits);
    }

    [Fact]
    public void The_analysis_keeps_the_concrete_remainder_for_the_reviewer()
    {
        var analysis = ReasonTextCheck.Analyze("We deeply apologize. Removed the WeChat id from picture 2.");

        Assert.Contains("WeChat", analysis.Remainder, StringComparison.Ordinal);
        Assert.Contains("we deeply apologize", analysis.BoilerplateFound);
        Assert.DoesNotContain("apologize", analysis.Remainder, StringComparison.Ordinal);
        Assert.True(analysis.ContentUnits >= ReasonTextCheck.MinimumContentUnits);
    }
}
