using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Hostile;

/// <summary>
/// Issue 10: the evidence log is checked against the stored filings at every start. A log edited
/// behind the server's back — any leaf, the newest (not yet under a signed head) included, with or
/// without its frame checksum recomputed — stops the start; a real torn tail is cut and a crash
/// between the append and its bookkeeping row is repaired.
/// </summary>
public sealed class LogStartupCheckTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "originality-log-check", Guid.NewGuid().ToString("N"));
    private string[] _filings = [];
    private string _apiKey = "";

    private string LogPath => Path.Combine(_data, "evidence", "filings.log");

    /// <summary>Three certified filings; a head covers the first two, the third is the newest, uncovered leaf.</summary>
    public async Task InitializeAsync()
    {
        await using var server = NewServer();
        var market = new Marketplace(server);
        var alice = await market.MemberAsync("alice");
        _apiKey = alice.ApiKey;
        var first = await Marketplace.FileAsync(alice, TestPictures.Original(61));
        var second = await Marketplace.FileAsync(alice, TestPictures.Original(62));
        (await alice.Client.GetAsync($"/api/certificates/{second}")).EnsureSuccessStatusCode();
        var third = await Marketplace.FileAsync(alice, TestPictures.Original(63));
        _filings = [first, second, third];
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_untouched_log_starts_and_serves_every_certificate()
    {
        await using var server = NewServer();
        await AssertCertificatesAsync(server, 3);
    }

    [Theory]
    [InlineData(2, false)] // the newest leaf, no signed head over it: used to be dropped silently as a "torn tail"
    [InlineData(2, true)]  // the newest leaf with its frame checksum recomputed: used to be signed and served
    [InlineData(0, true)]  // an old leaf under a signed head
    [InlineData(1, false)]
    public void A_leaf_edited_behind_the_servers_back_stops_the_start(int leaf, bool recomputeChecksum)
    {
        EditLeaf(leaf, recomputeChecksum);

        var refusal = StartFails();

        Assert.Contains("evidence log", refusal, StringComparison.Ordinal);
        Assert.Contains("Start-up check and repair", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_leaf_cut_off_whole_stops_the_start()
    {
        var frames = Frames();
        using (var file = new FileStream(LogPath, FileMode.Open))
        {
            file.SetLength(frames[^1].Offset);
        }

        Assert.Contains(_filings[2], StartFails(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_leaf_appended_behind_the_servers_back_stops_the_start()
    {
        var frames = Frames();
        var last = File.ReadAllBytes(LogPath)[(int)frames[^1].Offset..];
        var record = last[4..^32];
        BinaryPrimitives.WriteInt64BigEndian(record.AsSpan(1), 99); // a later sequence, a valid frame
        using (var file = new FileStream(LogPath, FileMode.Append))
        {
            file.Write(Frame(record));
        }

        Assert.Contains("not a filing the database knows", StartFails(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_torn_tail_no_acknowledged_filing_depends_on_is_cut_and_the_start_goes_on()
    {
        var length = new FileInfo(LogPath).Length;
        using (var file = new FileStream(LogPath, FileMode.Append))
        {
            file.Write(Frame(new byte[80]).AsSpan(0, 50)); // half a frame, as a crash in the middle of an append leaves it
        }

        await using var server = NewServer();
        await AssertCertificatesAsync(server, 3);
        Assert.Equal(length, new FileInfo(LogPath).Length);
    }

    [Fact]
    public async Task A_crash_between_the_append_and_its_bookkeeping_row_is_repaired_without_a_second_leaf()
    {
        using (var db = new SqliteConnection($"Data Source={Directory.GetFiles(_data, "*.db").Single()}"))
        {
            db.Open();
            using var delete = db.CreateCommand();
            delete.CommandText = "DELETE FROM server_evidence WHERE filing_id = $id";
            delete.Parameters.AddWithValue("$id", _filings[2]);
            Assert.Equal(1, delete.ExecuteNonQuery());
        }
        var length = new FileInfo(LogPath).Length;

        await using var server = NewServer();
        await AssertCertificatesAsync(server, 3);
        Assert.Equal(length, new FileInfo(LogPath).Length);
    }

    private ServerFactory NewServer() => new(Database.Sqlite, new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data });

    private string StartFails()
    {
        using var server = NewServer();
        return server.StartFailure();
    }

    private async Task AssertCertificatesAsync(ServerFactory server, int count)
    {
        var client = server.ClientWithKey(_apiKey);
        foreach (var filing in _filings.Take(count))
        {
            var certificate = await (await client.GetAsync($"/api/certificates/{filing}")).ReadJson(HttpStatusCode.OK);
            Assert.Equal(Array.IndexOf(_filings, filing), certificate.GetProperty("leafIndex").GetInt32());
        }
    }

    private void EditLeaf(int leaf, bool recomputeChecksum)
    {
        var bytes = File.ReadAllBytes(LogPath);
        var (offset, length) = Frames()[leaf];
        var record = (int)offset + 4;
        bytes[record + length - 1] ^= 0x01; // the fingerprint's last byte: still a well-formed record
        if (recomputeChecksum)
        {
            Leaf(bytes.AsSpan(record, length)).CopyTo(bytes.AsSpan(record + length));
        }
        File.WriteAllBytes(LogPath, bytes);
    }

    private List<(long Offset, int Length)> Frames()
    {
        var bytes = File.ReadAllBytes(LogPath);
        var frames = new List<(long, int)>();
        for (var at = 8; at + 36 <= bytes.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            frames.Add((at, length));
            at += 4 + length + 32;
        }
        return frames;
    }

    private static byte[] Frame(byte[] record)
    {
        var frame = new byte[4 + record.Length + 32];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)record.Length);
        record.CopyTo(frame, 4);
        Leaf(record).CopyTo(frame.AsSpan(4 + record.Length));
        return frame;
    }

    private static byte[] Leaf(ReadOnlySpan<byte> record) => SHA256.HashData([0x00, .. record]);
}
