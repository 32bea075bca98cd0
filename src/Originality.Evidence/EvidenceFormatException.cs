namespace Originality.Evidence;

/// <summary>Bytes or a JSON document that do not follow the formats of docs/evidence.md.</summary>
public sealed class EvidenceFormatException : Exception
{
    public EvidenceFormatException()
    {
    }

    public EvidenceFormatException(string message) : base(message)
    {
    }

    public EvidenceFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>
/// The log on disk contradicts itself or a signed tree head: something other than a torn tail
/// (which is repaired silently) damaged it, and the operator has to look.
/// </summary>
public sealed class EvidenceLogCorruptException : Exception
{
    public EvidenceLogCorruptException()
    {
    }

    public EvidenceLogCorruptException(string message) : base(message)
    {
    }

    public EvidenceLogCorruptException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
