using System.Buffers.Binary;
using System.Text;

namespace Originality.Evidence;

/// <summary>A tree head: the log's size and root hash at an instant (whole milliseconds, UTC).</summary>
public sealed class TreeHead : IEquatable<TreeHead>
{
    /// <summary>Domain separation for the signed bytes, so a head signature cannot be replayed as anything else.</summary>
    internal static readonly byte[] SigningContext = Encoding.ASCII.GetBytes("OriginalityTreeHeadV1");

    private readonly byte[] _rootHash;

    public TreeHead(long size, ReadOnlySpan<byte> rootHash, long timestampUnixMilliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (rootHash.Length != MerkleHash.Length)
        {
            throw new ArgumentException("A root hash has 32 bytes.", nameof(rootHash));
        }
        if (timestampUnixMilliseconds < FilingRecord.MinUnixMilliseconds || timestampUnixMilliseconds > FilingRecord.MaxUnixMilliseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(timestampUnixMilliseconds), "The timestamp must lie in years 0001-9999.");
        }
        Size = size;
        _rootHash = rootHash.ToArray();
        TimestampUnixMilliseconds = timestampUnixMilliseconds;
    }

    public long Size { get; }

    public ReadOnlySpan<byte> RootHash => _rootHash;

    public string RootHashHex => Hex.Encode(_rootHash);

    public long TimestampUnixMilliseconds { get; }

    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(TimestampUnixMilliseconds);

    /// <summary>
    /// The bytes the signature covers: ASCII "OriginalityTreeHeadV1" (21 bytes), size (int64
    /// big-endian), timestamp in Unix milliseconds (int64 big-endian), root hash (32 bytes): 69 bytes.
    /// </summary>
    public byte[] ToSigningBytes()
    {
        var bytes = new byte[SigningContext.Length + 8 + 8 + MerkleHash.Length];
        var span = bytes.AsSpan();
        SigningContext.CopyTo(span);
        var at = SigningContext.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], Size);
        BinaryPrimitives.WriteInt64BigEndian(span[(at + 8)..], TimestampUnixMilliseconds);
        _rootHash.CopyTo(span[(at + 16)..]);
        return bytes;
    }

    public bool Equals(TreeHead? other) =>
        other is not null && Size == other.Size && TimestampUnixMilliseconds == other.TimestampUnixMilliseconds && RootHash.SequenceEqual(other.RootHash);

    public override bool Equals(object? obj) => Equals(obj as TreeHead);

    public override int GetHashCode() => HashCode.Combine(Size, TimestampUnixMilliseconds, BitConverter.ToInt32(_rootHash));
}

/// <summary>A tree head with the operator's signature over <see cref="TreeHead.ToSigningBytes"/>.</summary>
public sealed class SignedTreeHead
{
    private readonly byte[] _signature;

    public SignedTreeHead(TreeHead head, string keyId, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        Head = head;
        KeyId = keyId;
        _signature = signature.ToArray();
    }

    public TreeHead Head { get; }

    /// <summary>Key id (hex SHA-256 of the SPKI) of the key that signed.</summary>
    public string KeyId { get; }

    /// <summary>ECDSA P-256 / SHA-256 signature, IEEE P1363 (r || s), 64 bytes.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    public string SignatureHex => Hex.Encode(_signature);

    public long Size => Head.Size;

    /// <summary>Signs <paramref name="head"/> with <paramref name="key"/>.</summary>
    public static SignedTreeHead Sign(TreeHead head, EvidenceSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(key);
        return new SignedTreeHead(head, key.KeyId, key.Sign(head.ToSigningBytes()));
    }

    /// <summary>True when the signature verifies with <paramref name="key"/> (the key id is not consulted).</summary>
    public bool VerifySignature(EvidencePublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Verify(Head.ToSigningBytes(), _signature);
    }

    /// <summary>The JSON object of docs/evidence.md ("Signed tree head"), one line, UTF-8.</summary>
    public string ToJson() => EvidenceJson.WriteSignedTreeHead(this);

    /// <summary>Parses the JSON object of docs/evidence.md; throws <see cref="EvidenceFormatException"/> on anything else.</summary>
    public static SignedTreeHead FromJson(string json) => EvidenceJson.ParseSignedTreeHead(json);
}
