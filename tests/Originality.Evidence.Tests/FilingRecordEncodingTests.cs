using Originality.Evidence;

namespace Originality.Evidence.Tests;

public class FilingRecordEncodingTests
{
    // The worked example of docs/evidence.md; changing the encoding must change this test and the doc.
    private const string VectorLeafHex =
        "01000000000000002a0000019c14e3cfbb000b6d656d6265722d31303031000a41452d313233343536370006e4b8bbe59bbeba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string VectorLeafHashHex = "3b6a78a715cf96b87d667f5c26b79c636267cbc9ab22f34659a860b0e459f0bf";

    private static FilingRecord Vector() => new(
        42,
        "member-1001",
        "AE-1234567",
        "主图",
        Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
        DateTimeOffset.Parse("2026-01-31T16:30:00.123Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Worked_example_encodes_to_the_documented_bytes_and_leaf_hash()
    {
        var record = Vector();

        var leaf = record.ToCanonicalBytes();

        Assert.Equal(VectorLeafHex, Convert.ToHexStringLower(leaf));
        Assert.Equal(VectorLeafHashHex, Convert.ToHexStringLower(record.LeafHash()));
    }

    [Fact]
    public void Decoding_the_encoding_gives_the_same_record()
    {
        var record = new FilingRecordBuilder().WithFolder("春季新品/连衣裙").Build();

        var decoded = FilingRecord.FromCanonicalBytes(record.ToCanonicalBytes());

        Assert.Equal(record, decoded);
    }

    [Fact]
    public void Filing_instant_is_truncated_to_whole_milliseconds_towards_the_past()
    {
        var at = new DateTimeOffset(1969, 12, 31, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(5000);

        var record = new FilingRecordBuilder().WithFiledAt(at).Build();

        Assert.Equal(-1, record.FiledAtUnixMilliseconds);
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        byte[] encoded = [.. new FilingRecordBuilder().Build().ToCanonicalBytes(), 0];

        Assert.Throws<EvidenceFormatException>(() => FilingRecord.FromCanonicalBytes(encoded));
    }

    [Fact]
    public void Unknown_encoding_version_is_refused()
    {
        var encoded = new FilingRecordBuilder().Build().ToCanonicalBytes();
        encoded[0] = 2;

        var error = Assert.Throws<EvidenceFormatException>(() => FilingRecord.FromCanonicalBytes(encoded));
        Assert.Contains("version 2", error.Message);
    }

    [Fact]
    public void Every_truncation_of_an_encoding_is_refused()
    {
        var encoded = new FilingRecordBuilder().Build().ToCanonicalBytes();

        for (var length = 0; length < encoded.Length; length++)
        {
            Assert.Throws<EvidenceFormatException>(() => FilingRecord.FromCanonicalBytes(encoded.AsSpan(0, length)));
        }
    }

    [Fact]
    public void A_lone_surrogate_cannot_be_encoded()
    {
        Assert.ThrowsAny<ArgumentException>(() => new FilingRecordBuilder().WithFolder("bad \ud800 folder").Build());
    }

    [Fact]
    public void Records_that_differ_in_any_field_have_different_leaf_hashes()
    {
        var baseRecord = new FilingRecordBuilder().Build();
        FilingRecord[] variants =
        [
            new FilingRecordBuilder().WithSequence(2).Build(),
            new FilingRecordBuilder().WithMember("member-1002").Build(),
            new FilingRecordBuilder().WithStore("AE-1234568").Build(),
            new FilingRecordBuilder().WithFolder("主图2").Build(),
            new FilingRecordBuilder().WithContent("other"u8.ToArray()).Build(),
            new FilingRecordBuilder().WithFiledAt(baseRecord.FiledAt.AddMilliseconds(1)).Build(),
        ];

        foreach (var variant in variants)
        {
            Assert.NotEqual(Convert.ToHexString(baseRecord.LeafHash()), Convert.ToHexString(variant.LeafHash()));
        }
    }
}
