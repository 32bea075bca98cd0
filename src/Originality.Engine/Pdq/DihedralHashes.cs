using Originality.Engine.Imaging;

namespace Originality.Engine.Pdq;

/// <summary>The PDQ hashes of the eight rotations/mirrorings of one picture, each computed from transformed pixels.</summary>
public sealed class DihedralHashes
{
    private readonly PdqHash[] _hashes;

    internal DihedralHashes(PdqHash[] hashes)
    {
        if (hashes.Length != 8)
        {
            throw new ArgumentException("Exactly eight variants.", nameof(hashes));
        }
        _hashes = hashes;
    }

    /// <summary>The hash of one variant.</summary>
    public PdqHash this[DihedralVariant variant] => _hashes[(int)variant];

    /// <summary>The untransformed picture's hash.</summary>
    public PdqHash Original => _hashes[0];

    /// <summary>All eight, in <see cref="DihedralVariant"/> order.</summary>
    public IReadOnlyList<PdqHash> All => _hashes;
}
