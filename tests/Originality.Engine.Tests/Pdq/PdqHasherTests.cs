using Originality.Engine.Hashing;
using Originality.Engine.Imaging;
using Originality.Engine.Pdq;

namespace Originality.Engine.Tests.Pdq;

public sealed class PdqHasherTests
{
    [Theory]
    [InlineData(4, 100)]
    [InlineData(100, 4)]
    [InlineData(1, 1)]
    public void A_picture_with_a_side_under_5_pixels_hashes_to_zero_with_quality_zero(int width, int height)
    {
        var image = new RgbImage(width, height, Enumerable.Range(0, 3 * width * height).Select(i => (byte)(i * 37)).ToArray());

        var hash = PdqHasher.Hash(image);

        Assert.Equal(new PdqHash(Hash256.Zero, 0), hash);
    }

    [Fact]
    public void A_flat_picture_has_quality_zero()
    {
        var image = new RgbImage(64, 64, Enumerable.Repeat((byte)128, 3 * 64 * 64).ToArray());

        Assert.Equal(0, PdqHasher.Hash(image).Quality);
    }

    [Fact]
    public void Hashing_luma_directly_equals_hashing_the_grey_rgb_picture()
    {
        var (w, h) = (97, 61);
        var grey = Enumerable.Range(0, w * h).Select(i => (byte)((i * 7919) % 251)).ToArray();
        var rgb = grey.SelectMany(g => new[] { g, g, g }).ToArray();
        var luma = rgb.Chunk(3).Select(p => (0.299f * p[0]) + (0.587f * p[1]) + (0.114f * p[2])).ToArray();

        Assert.Equal(PdqHasher.Hash(new RgbImage(w, h, rgb)), PdqHasher.HashLuma(luma, w, h));
    }

    [Fact]
    public void Half_the_bits_are_set_for_a_detailed_picture()
    {
        var row = PdqReference.Row("bridge-mods/aaa-orig.jpg");
        var decoded = ImageDecoder.Decode(row.ReadBytes());

        // Bits are "above the median of 256 coefficients", so exactly 128 are set unless values tie.
        Assert.Equal(128, PdqHasher.Hash(decoded.Image).Hash.PopCount());
    }

    [Fact]
    public void Dihedral_probes_of_a_tiny_picture_are_all_the_empty_hash()
    {
        var probes = PdqHasher.HashDihedralProbes(new float[16], 4, 4);

        Assert.All(probes.All, h => Assert.Equal(0, h.Quality));
    }
}
