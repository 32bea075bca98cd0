using Originality.Engine.Hashing;

namespace Originality.Engine.Pdq;

/// <summary>A PDQ hash with its quality score (0..100; below 50 the hash is too unstable to match on).</summary>
/// <param name="Hash">The 256 bits, in Meta's bit order (see <see cref="Hash256"/>).</param>
/// <param name="Quality">Gradient-based quality 0..100; images with a side under 5 px get 0.</param>
public readonly record struct PdqHash(Hash256 Hash, int Quality)
{
    /// <summary>Quality below which Meta advises not to match on the hash.</summary>
    public const int MinUsefulQuality = 50;

    /// <summary>Whether <see cref="Quality"/> is at least <see cref="MinUsefulQuality"/>.</summary>
    public bool IsUseful => Quality >= MinUsefulQuality;

    /// <summary>64 lower-case hex digits.</summary>
    public override string ToString() => Hash.ToString();
}
