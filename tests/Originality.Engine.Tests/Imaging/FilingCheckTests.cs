using Originality.Engine.Imaging;

namespace Originality.Engine.Tests.Imaging;

public sealed class FilingCheckTests
{
    [Theory]
    [InlineData(699, 1000)]
    [InlineData(1000, 699)]
    [InlineData(64, 64)]
    public void A_picture_with_a_shorter_side_under_700_is_refused_as_too_small(int width, int height)
    {
        var verdict = FilingCheck.Check(width, height);

        Assert.False(verdict.Accepted);
        Assert.Equal("too-small", verdict.Code);
        Assert.Contains("700", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(700, 700)]
    [InlineData(2000, 700)]
    [InlineData(1500, 1000)]
    public void A_picture_within_bounds_is_accepted_unscaled(int width, int height)
    {
        var verdict = FilingCheck.Check(width, height);

        Assert.True(verdict.Accepted);
        Assert.Null(verdict.Code);
        Assert.False(verdict.IsScaled);
        Assert.Equal((width, height), (verdict.ScaledWidth, verdict.ScaledHeight));
    }

    [Theory]
    [InlineData(4032, 3024, 2000, 1500)]
    [InlineData(3024, 4032, 1500, 2000)]
    [InlineData(2001, 1000, 2000, 1000)]
    [InlineData(3000, 700, 2000, 467)]
    public void A_longer_side_over_2000_is_scaled_to_2000_keeping_the_aspect_ratio(int width, int height, int scaledWidth, int scaledHeight)
    {
        var verdict = FilingCheck.Check(width, height);

        Assert.True(verdict.Accepted);
        Assert.True(verdict.IsScaled);
        Assert.Equal((scaledWidth, scaledHeight), (verdict.ScaledWidth, verdict.ScaledHeight));
    }

    [Fact]
    public void The_filed_picture_is_resized_to_the_scaled_size()
    {
        var image = TestImages.Jpeg(2400, 900).Pixels();

        var filed = FilingCheck.ScaleForFiling(image);

        Assert.Equal((2000, 750), (filed.Width, filed.Height));
    }
}
