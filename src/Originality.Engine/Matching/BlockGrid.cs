using Originality.Engine.Hashing;
using Originality.Engine.Imaging;

namespace Originality.Engine.Matching;

/// <summary>
/// PDQ hashes of the 3×3 blocks of a frame of a picture, after a rotation or mirroring. Two grids
/// of the same picture agree block by block except where something was laid over it, so a logo or
/// caption that spoils the whole-picture hash leaves most blocks matching.
/// </summary>
/// <param name="Frame">The framed part of the picture (the whole, or the content inside borders).</param>
/// <param name="Variant">The rotation or mirroring applied to the frame before it was cut into blocks.</param>
/// <param name="Hashes">Nine hashes, row-major over the transformed frame.</param>
/// <param name="Qualities">PDQ quality of each block.</param>
public sealed record BlockGrid(RelativeRect Frame, DihedralVariant Variant, IReadOnlyList<Hash256> Hashes, IReadOnlyList<int> Qualities)
{
    /// <summary>Blocks per side.</summary>
    public const int Side = 3;

    /// <summary>Blocks in a grid.</summary>
    public const int Count = Side * Side;

    /// <summary>How many blocks must agree for the grid comparison to speak: 5 of 9 leaves room for an overlay on up to 4.</summary>
    public const int Quorum = 5;

    /// <summary>
    /// The block distance that <see cref="Quorum"/> blocks stay within: the fifth smallest of the
    /// nine aligned block distances (blocks of too low quality count as 256).
    /// </summary>
    public int QuorumDistance(BlockGrid other, int minQuality)
    {
        ArgumentNullException.ThrowIfNull(other);
        Span<int> distances = stackalloc int[Count];
        for (var i = 0; i < Count; i++)
        {
            distances[i] = Qualities[i] < minQuality || other.Qualities[i] < minQuality
                ? Hash256.Bits
                : Hashes[i].DistanceTo(other.Hashes[i]);
        }
        distances.Sort();
        return distances[Quorum - 1];
    }
}
