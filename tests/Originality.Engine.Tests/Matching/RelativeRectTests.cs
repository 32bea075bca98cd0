using Originality.Engine.Matching;

namespace Originality.Engine.Tests.Matching;

public sealed class RelativeRectTests
{
    [Theory]
    // Inside the picture: a share of each side is added on both ends.
    [InlineData(0.4, 0.3, 0.2, 0.4, 0.25, 0.35, 0.2, 0.3, 0.6)]
    // Near the edges: the widening stops at the picture's border.
    [InlineData(0.05, 0.7, 0.5, 0.25, 0.5, 0, 0.575, 0.8, 0.425)]
    public void Widening_adds_a_share_of_each_side_on_both_ends_and_stops_at_the_pictures_edges(
        double x, double y, double width, double height, double share, double expectedX, double expectedY, double expectedWidth, double expectedHeight)
    {
        var widened = new RelativeRect(x, y, width, height).Widened(share);

        Assert.Equal(expectedX, widened.X, 12);
        Assert.Equal(expectedY, widened.Y, 12);
        Assert.Equal(expectedWidth, widened.Width, 12);
        Assert.Equal(expectedHeight, widened.Height, 12);
    }

    [Fact]
    public void Intersection_over_union_is_one_for_the_same_rectangle_zero_apart_and_the_shared_share_between()
    {
        var a = new RelativeRect(0.1, 0.1, 0.4, 0.4);

        Assert.Equal(1, a.IntersectionOverUnion(a), 12);
        Assert.Equal(0, a.IntersectionOverUnion(new RelativeRect(0.6, 0.6, 0.2, 0.2)), 12);
        // Half of a overlaps an equal rectangle shifted by half its width: 0.08 of 0.24.
        var shifted = new RelativeRect(0.3, 0.1, 0.4, 0.4);
        Assert.Equal(1.0 / 3, a.IntersectionOverUnion(shifted), 12);
        Assert.Equal(a.IntersectionOverUnion(shifted), shifted.IntersectionOverUnion(a), 12);
    }
}
