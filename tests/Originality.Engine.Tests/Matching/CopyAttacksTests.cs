using Originality.Measurement.Attacks;

namespace Originality.Engine.Tests.Matching;

public sealed class CopyAttacksTests
{
    public static TheoryData<string> AttackNames() => [.. CopyAttacks.All.Select(a => a.Name)];

    [Theory]
    [MemberData(nameof(AttackNames))]
    public void An_attack_gives_the_same_pixels_for_the_same_seed(string name)
    {
        var photo = MatchingPhotos.Load(MatchingPhotos.Originals[0]);
        var attack = CopyAttacks.Get(name);

        var first = attack.Apply(photo, 42);
        var second = attack.Apply(photo, 42);

        Assert.Equal(first.Pixels, second.Pixels);
    }

    [Theory]
    [MemberData(nameof(AttackNames))]
    public void An_attack_changes_the_picture(string name)
    {
        var photo = MatchingPhotos.Load(MatchingPhotos.Originals[0]);

        var attacked = CopyAttacks.Get(name).Apply(photo, 42);

        Assert.False(attacked.Width == photo.Width && attacked.Height == photo.Height && attacked.Pixels.AsSpan().SequenceEqual(photo.Pixels));
    }

    [Fact]
    public void A_crop_keeps_seventy_percent_of_the_area()
    {
        var photo = MatchingPhotos.Load(MatchingPhotos.Originals[0]);

        var cropped = CopyAttacks.Get("crop-70-offcentre").Apply(photo, 3);

        Assert.InRange((double)cropped.Width * cropped.Height / (photo.Width * photo.Height), 0.69, 0.71);
    }

    [Fact]
    public void Attack_names_are_unique()
    {
        Assert.Equal(CopyAttacks.All.Count, CopyAttacks.All.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count());
    }
}
