namespace Originality.Evidence;

/// <summary>
/// The proof of one filing: the record, its leaf index, a signed tree head covering it and the
/// inclusion proof from the leaf to that head's root. Its JSON form is specified in docs/evidence.md.
/// </summary>
public sealed class FilingCertificate
{
    /// <summary>The certificate format version this software writes and reads.</summary>
    public const int CurrentVersion = 1;

    public FilingCertificate(FilingRecord record, long leafIndex, SignedTreeHead treeHead, IReadOnlyList<byte[]> inclusionProof)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(treeHead);
        ArgumentNullException.ThrowIfNull(inclusionProof);
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, treeHead.Size);
        Record = record;
        LeafIndex = leafIndex;
        TreeHead = treeHead;
        InclusionProof = inclusionProof.Select(h => h.ToArray()).ToArray();
    }

    public FilingRecord Record { get; }

    public long LeafIndex { get; }

    public SignedTreeHead TreeHead { get; }

    /// <summary>RFC 9162 PATH from the leaf to <see cref="TreeHead"/>'s root, leaf side first.</summary>
    public IReadOnlyList<byte[]> InclusionProof { get; }

    /// <summary>The certificate's JSON (compact, UTF-8 text).</summary>
    public string ToJson() => EvidenceJson.WriteCertificate(this);

    /// <summary>
    /// Reads a certificate and checks that it is well formed and its record fields agree with the
    /// canonical encoding; it does not check proof or signature (that is <see cref="CertificateVerifier"/>).
    /// </summary>
    public static FilingCertificate FromJson(string json)
    {
        CertificateDocument document;
        try
        {
            document = EvidenceJson.ParseCertificate(json);
        }
        catch (UnsupportedVersionException e)
        {
            throw new EvidenceFormatException(e.Message, e);
        }
        var decoded = FilingRecord.FromCanonicalBytes(document.Canonical);
        if (!decoded.Equals(document.RecordFields))
        {
            throw new EvidenceFormatException("The record's fields do not match its canonical encoding.");
        }
        if (document.LeafIndex >= document.TreeHead.Size)
        {
            throw new EvidenceFormatException("The leaf index lies outside the tree head.");
        }
        return new FilingCertificate(decoded, document.LeafIndex, document.TreeHead, document.InclusionProof);
    }
}

/// <summary>A consistency proof between two tree sizes, in the JSON form of docs/evidence.md.</summary>
public sealed class ConsistencyProofDocument
{
    public const int CurrentVersion = 1;

    public ConsistencyProofDocument(long oldSize, long newSize, IReadOnlyList<byte[]> proof)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfNegative(newSize);
        ArgumentNullException.ThrowIfNull(proof);
        OldSize = oldSize;
        NewSize = newSize;
        Proof = proof.Select(h => h.ToArray()).ToArray();
    }

    public long OldSize { get; }

    public long NewSize { get; }

    /// <summary>RFC 9162 PROOF(oldSize, D[newSize]).</summary>
    public IReadOnlyList<byte[]> Proof { get; }

    public string ToJson() => EvidenceJson.WriteConsistencyProof(this);

    public static ConsistencyProofDocument FromJson(string json)
    {
        try
        {
            return EvidenceJson.ParseConsistencyProof(json);
        }
        catch (UnsupportedVersionException e)
        {
            throw new EvidenceFormatException(e.Message, e);
        }
    }
}
