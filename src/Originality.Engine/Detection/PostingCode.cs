namespace Originality.Engine.Detection;

/// <summary>
/// The 16 bits an inverted-file posting keeps of its keypoint: a 12-bit Hamming-embedding signature
/// (the first bits of the descriptor, which ORB orders by how well they discriminate) and the
/// keypoint's orientation in 16 sectors. The signature drops chance postings of a word (Jégou et
/// al. 2008); the orientation lets a lookup count only the votes that agree on one rotation between
/// suspect and picture (weak geometric consistency), which is what tells a small pasted copy's
/// few true votes from the many chance ones of a large index.
/// </summary>
internal static class PostingCode
{
    /// <summary>Orientation sectors (of 22.5°).</summary>
    public const int Sectors = 16;

    private const int SectorBits = 4;

    /// <summary>How far a code is shifted right to leave its signature.</summary>
    public const int SignatureShift = SectorBits;

    /// <summary>The code of keypoint <paramref name="index"/> of <paramref name="features"/>.</summary>
    public static ushort Of(FeatureSet features, int index)
    {
        var signature = (uint)features.Descriptor(index)[0] & 0xFFF;
        var sector = (uint)features.Orientations[index] >> (8 - SectorBits);
        return (ushort)((signature << SectorBits) | sector);
    }

    /// <summary>Differing signature bits of two codes (0–12).</summary>
    public static int SignatureDistance(uint a, uint b) => System.Numerics.BitOperations.PopCount((a ^ b) >> SectorBits);

    /// <summary>The rotation from a posting to a query keypoint, in sectors (0–15).</summary>
    public static int Rotation(uint query, uint posting) => (int)((query - posting) & (Sectors - 1));
}
