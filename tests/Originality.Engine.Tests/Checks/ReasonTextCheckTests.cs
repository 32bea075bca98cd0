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

    [Fact]
    public void The_finding_names_the_set_phrases_found()
    {
        var finding = Assert.Single(ReasonTextCheck.Check("我司高度重视，深表歉意"));

        Assert.Contains("我司高度重视", finding.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("我司高度重视，深表歉意。图3包装盒上的电话号码已删除，4个SKU的主图已全部重拍，原图EXIF显示拍摄于2024年5月。")]
    [InlineData("主图右下角的水印已改为店铺ID，模特授权书见附件")]
    [InlineData("We deeply apologize. The phone number on the box in picture 3 was removed and all 4 SKU pictures were reshot; the attached RAW files show the shoot date.")]
    [InlineData("Logo of brand X removed from SKU-RED and SKU-BLUE.")]
    public void A_reason_with_concrete_content_is_accepted_even_with_polite_phrases(string reason)
    {
        Assert.Empty(ReasonTextCheck.Check(reason));
    }

    [Fact]
    public void The_analysis_keeps_the_concrete_remainder_for_the_reviewer()
    {
        var analysis = ReasonTextCheck.Analyze("We deeply apologize. Removed the WeChat id from picture 2.");

        Assert.Contains("wechat", analysis.Remainder, StringComparison.Ordinal);
        Assert.Contains("we deeply apologize", analysis.BoilerplateFound);
        Assert.True(analysis.ContentUnits >= ReasonTextCheck.MinimumContentUnits);
    }
}
