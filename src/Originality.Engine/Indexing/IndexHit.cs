using Originality.Engine.Hashing;

namespace Originality.Engine.Indexing;

/// <summary>One entry of a <see cref="HashIndex"/> found by a search.</summary>
/// <param name="Key">The caller's key the entry was added with.</param>
/// <param name="Hash">The stored hash.</param>
/// <param name="Distance">Hamming distance between the stored hash and the query.</param>
public readonly record struct IndexHit(long Key, Hash256 Hash, int Distance);
