using Originality.Engine.Matching;

namespace Originality.Engine.Tests.Matching;

public sealed class RelativeRectTests
{
    [Fact]
    public void Widening_adds_a_share_of_each_side_on_both_ends()
    {
        var widened = new RelativeRect(0.4, 0.3, 0.2, 0.4).Widened(0.25);

        Assert.Equal(0.35, widened.X, 12);
        Assert.Equal(0.2, widened.Y, 12);
        Assert.Equal(0.3, widened.Width, 12);
        Assert.Equal(0.6, widened.Height, 12);
    }

    [Fact]
    public void Widening_stops_at_the_pictures_edges()
    {
        var widened = new RelativeRect(0.05, 0.7, 0.5, 0.25).Widened(0.5);

        Assert.Equal(0, widened.X, 12);
        Assert.Equal(0.575, widened.Y, 12);
        Assert.Equal(0.8, widened.Width, 12);
        Assert.Equal(0.425, widened.Height, 12);
    }
}
