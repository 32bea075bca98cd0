using Originality.Engine.Hashing;
using Originality.Engine.Imaging;

namespace Originality.Engine.Matching;

/// <summary>The PDQ hash of one region of a picture, seen through one dihedral transform.</summary>
/// <param name="Hash">PDQ hash of the region after <paramref name="Variant"/> was applied to it.</param>
/// <param name="Quality">PDQ quality of the region (0..100); flat regions hash unreliably.</param>
/// <param name="Region">Where the region lies in the picture, before any transform.</param>
/// <param name="Variant">The rotation or mirroring applied to the region before hashing.</param>
/// <param name="Tilt">A small rotation in degrees (counter-clockwise) applied before hashing, 0 for most regions.</param>
public readonly record struct RegionHash(Hash256 Hash, int Quality, RelativeRect Region, DihedralVariant Variant, float Tilt = 0);
