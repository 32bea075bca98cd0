using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Originality.Evidence;

/// <summary>
/// Writing and strict reading of the JSON documents of docs/evidence.md. Written by hand rather
/// than by reflection so the property names, order and spellings are visibly the specified ones.
/// </summary>
internal static class EvidenceJson
{
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The documents are files, never inlined into HTML; keep Chinese folder names readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonDocumentOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    public static string FormatInstant(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static string WriteSignedTreeHead(SignedTreeHead head) => Write(writer => WriteSignedTreeHead(writer, head));

    public static void WriteSignedTreeHead(Utf8JsonWriter writer, SignedTreeHead head)
    {
        writer.WriteStartObject();
        writer.WriteNumber("size", head.Head.Size);
        writer.WriteString("rootHash", head.Head.RootHashHex);
        writer.WriteString("timestamp", FormatInstant(head.Head.TimestampUnixMilliseconds));
        writer.WriteString("keyId", head.KeyId);
        writer.WriteString("signature", head.SignatureHex);
        writer.WriteEndObject();
    }

    public static string WriteCertificate(FilingCertificate certificate) => Write(writer =>
    {
        var record = certificate.Record;
        var canonical = record.ToCanonicalBytes();
        writer.WriteStartObject();
        writer.WriteNumber("version", FilingCertificate.CurrentVersion);
        writer.WriteStartObject("record");
        writer.WriteNumber("sequence", record.Sequence);
        writer.WriteString("memberId", record.MemberId);
        writer.WriteString("storeId", record.StoreId);
        writer.WriteString("folder", record.Folder);
        writer.WriteString("contentSha256", record.ContentSha256Hex);
        writer.WriteString("fingerprint", record.FingerprintHex);
        writer.WriteString("filedAt", FormatInstant(record.FiledAtUnixMilliseconds));
        writer.WriteString("canonical", Hex.Encode(canonical));
        writer.WriteEndObject();
        writer.WriteNumber("leafIndex", certificate.LeafIndex);
        writer.WriteString("leafHash", Hex.Encode(MerkleHash.Leaf(canonical)));
        writer.WritePropertyName("treeHead");
        WriteSignedTreeHead(writer, certificate.TreeHead);
        WriteHashArray(writer, "inclusionProof", certificate.InclusionProof);
        writer.WriteEndObject();
    });

    public static string WriteConsistencyProof(ConsistencyProofDocument proof) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("version", ConsistencyProofDocument.CurrentVersion);
        writer.WriteNumber("oldSize", proof.OldSize);
        writer.WriteNumber("newSize", proof.NewSize);
        WriteHashArray(writer, "proof", proof.Proof);
        writer.WriteEndObject();
    });

    public static SignedTreeHead ParseSignedTreeHead(string json) => Parse(json, root => ReadSignedTreeHead(root, "tree head"));

    public static SignedTreeHead ReadSignedTreeHead(JsonElement element, string what)
    {
        RequireObject(element, what);
        var size = NonNegative(element, "size", what);
        var root = HashProperty(element, "rootHash", what);
        var timestamp = InstantProperty(element, "timestamp", what);
        var keyId = StringProperty(element, "keyId", what);
        if (!Hex.TryDecode(keyId, out var keyIdBytes) || keyIdBytes.Length != 32)
        {
            throw new EvidenceFormatException($"{what}: \"keyId\" must be 64 lower-case hex digits.");
        }
        var signature = HexProperty(element, "signature", what);
        return new SignedTreeHead(new TreeHead(size, root, timestamp), keyId, signature);
    }

    public static CertificateDocument ParseCertificate(string json) => Parse(json, root =>
    {
        RequireObject(root, "certificate");
        var version = Int64Property(root, "version", "certificate");
        if (version != FilingCertificate.CurrentVersion)
        {
            throw new UnsupportedVersionException(
                $"certificate version {version} is not supported (this verifier reads version {FilingCertificate.CurrentVersion}).");
        }
        var recordElement = Property(root, "record", "certificate");
        RequireObject(recordElement, "record");
        FilingRecord fields;
        try
        {
            fields = new FilingRecord(
                NonNegative(recordElement, "sequence", "record"),
                StringProperty(recordElement, "memberId", "record"),
                StringProperty(recordElement, "storeId", "record"),
                StringProperty(recordElement, "folder", "record"),
                HashProperty(recordElement, "contentSha256", "record"),
                HexProperty(recordElement, "fingerprint", "record"),
                InstantProperty(recordElement, "filedAt", "record"));
        }
        catch (ArgumentException e)
        {
            throw new EvidenceFormatException($"record: {e.Message}", e);
        }
        var canonical = HexProperty(recordElement, "canonical", "record");
        var leafIndex = NonNegative(root, "leafIndex", "certificate");
        var leafHash = HashProperty(root, "leafHash", "certificate");
        var head = ReadSignedTreeHead(Property(root, "treeHead", "certificate"), "treeHead");
        var proof = HashArray(root, "inclusionProof", "certificate");
        return new CertificateDocument(fields, canonical, leafIndex, leafHash, head, proof);
    });

    public static ConsistencyProofDocument ParseConsistencyProof(string json) => Parse(json, root =>
    {
        RequireObject(root, "consistency proof");
        var version = Int64Property(root, "version", "consistency proof");
        if (version != ConsistencyProofDocument.CurrentVersion)
        {
            throw new UnsupportedVersionException(
                $"consistency proof version {version} is not supported (this verifier reads version {ConsistencyProofDocument.CurrentVersion}).");
        }
        var oldSize = NonNegative(root, "oldSize", "consistency proof");
        var newSize = NonNegative(root, "newSize", "consistency proof");
        return new ConsistencyProofDocument(oldSize, newSize, HashArray(root, "proof", "consistency proof"));
    });

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static T Parse<T>(string json, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ReaderOptions);
        }
        catch (JsonException e)
        {
            throw new EvidenceFormatException($"malformed JSON: {e.Message}", e);
        }
        using (document)
        {
            RejectDuplicateProperties(document.RootElement);
            return read(document.RootElement);
        }
    }

    // Two "rootHash" properties would let a reader and a verifier look at different values.
    private static void RejectDuplicateProperties(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new EvidenceFormatException($"property \"{property.Name}\" appears twice.");
                }
                RejectDuplicateProperties(property.Value);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                RejectDuplicateProperties(item);
            }
        }
    }

    private static void WriteHashArray(Utf8JsonWriter writer, string name, IReadOnlyList<byte[]> hashes)
    {
        writer.WriteStartArray(name);
        foreach (var hash in hashes)
        {
            writer.WriteStringValue(Hex.Encode(hash));
        }
        writer.WriteEndArray();
    }

    private static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new EvidenceFormatException($"{what} must be a JSON object.");
        }
    }

    private static JsonElement Property(JsonElement element, string name, string what) =>
        element.TryGetProperty(name, out var value) ? value : throw new EvidenceFormatException($"{what}: property \"{name}\" is missing.");

    private static long Int64Property(JsonElement element, string name, string what)
    {
        var value = Property(element, name, what);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new EvidenceFormatException($"{what}: \"{name}\" must be an integer.");
    }

    private static long NonNegative(JsonElement element, string name, string what)
    {
        var number = Int64Property(element, name, what);
        return number >= 0 ? number : throw new EvidenceFormatException($"{what}: \"{name}\" must not be negative.");
    }

    private static string StringProperty(JsonElement element, string name, string what)
    {
        var value = Property(element, name, what);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new EvidenceFormatException($"{what}: \"{name}\" must be a string.");
    }

    private static byte[] HexProperty(JsonElement element, string name, string what) =>
        Hex.TryDecode(StringProperty(element, name, what), out var bytes)
            ? bytes
            : throw new EvidenceFormatException($"{what}: \"{name}\" must be lower-case hex.");

    private static byte[] HashProperty(JsonElement element, string name, string what)
    {
        var bytes = HexProperty(element, name, what);
        return bytes.Length == MerkleHash.Length
            ? bytes
            : throw new EvidenceFormatException($"{what}: \"{name}\" must be a SHA-256 hash (64 hex digits).");
    }

    private static long InstantProperty(JsonElement element, string name, string what)
    {
        var text = StringProperty(element, name, what);
        if (!DateTime.TryParseExact(text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant))
        {
            throw new EvidenceFormatException($"{what}: \"{name}\" must be a UTC instant like 2026-01-31T08:00:00.000Z.");
        }
        return new DateTimeOffset(instant, TimeSpan.Zero).ToUnixTimeMilliseconds();
    }

    private static List<byte[]> HashArray(JsonElement element, string name, string what)
    {
        var value = Property(element, name, what);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new EvidenceFormatException($"{what}: \"{name}\" must be an array of hashes.");
        }
        var hashes = new List<byte[]>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !Hex.TryDecode(item.GetString(), out var hash) || hash.Length != MerkleHash.Length)
            {
                throw new EvidenceFormatException($"{what}: every entry of \"{name}\" must be a SHA-256 hash (64 lower-case hex digits).");
            }
            hashes.Add(hash);
        }
        return hashes;
    }
}

/// <summary>A document of a version this software does not read.</summary>
internal sealed class UnsupportedVersionException(string message) : Exception(message);

/// <summary>A certificate as written, before any check: the record's fields and its canonical bytes may disagree.</summary>
internal sealed record CertificateDocument(
    FilingRecord RecordFields,
    byte[] Canonical,
    long LeafIndex,
    byte[] LeafHash,
    SignedTreeHead TreeHead,
    IReadOnlyList<byte[]> InclusionProof);
