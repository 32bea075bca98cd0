using Originality.Evidence;

namespace Originality.Evidence.Tests;

public class TreeHeadTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private sealed class Fixture : IAsyncDisposable
    {
        public TempDirectory Dir { get; } = new();
        public EvidenceSigningKey Key { get; } = EvidenceSigningKey.Generate();
        public ManualTime Time { get; } = new(Start);
        public FilingLog Log { get; private set; } = null!;
        public TreeHeadStore Heads { get; private set; } = null!;
        public TreeHeadIssuer Issuer { get; private set; } = null!;
        public FileTreeHeadWitness Witness { get; private set; } = null!;

        public static async Task<Fixture> Create()
        {
            var f = new Fixture();
            await f.Open();
            return f;
        }

        public async Task Open()
        {
            Log = await FilingLog.OpenAsync(Dir.File("filings.log"), None);
            Heads = await TreeHeadStore.OpenAsync(Dir.File("heads.jsonl"), None);
            Witness = new FileTreeHeadWitness(Dir.File("witness.jsonl"));
            Issuer = new TreeHeadIssuer(Log, Heads, Key, [Witness], Time);
        }

        public async Task Close()
        {
            Issuer.Dispose();
            Witness.Dispose();
            await Log.DisposeAsync();
            await Heads.DisposeAsync();
        }

        public async Task Append(int from, int to)
        {
            for (var i = from; i <= to; i++)
            {
                await Log.AppendAsync(FilingRecordBuilder.Numbered(i), None);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Close();
            Key.Dispose();
            Dir.Dispose();
        }
    }

    [Fact]
    public async Task A_head_is_due_for_the_first_filing_and_then_once_a_minute_while_filings_arrive()
    {
        await using var f = await Fixture.Create();
        Assert.False(f.Issuer.IsDue());

        await f.Append(1, 1);
        Assert.True(f.Issuer.IsDue());
        await f.Issuer.IssueAsync(None);
        await f.Append(2, 2);
        f.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(await f.Issuer.IssueIfDueAsync(None));
        f.Time.Advance(TimeSpan.FromSeconds(1));
        var issued = await f.Issuer.IssueIfDueAsync(None);

        Assert.NotNull(issued);
        Assert.Equal(2, issued.Head.Size);
        Assert.Equal(Start.AddMinutes(1), issued.Head.Head.Timestamp);
    }

    [Fact]
    public async Task A_quiet_log_gets_a_heartbeat_head_only_after_the_heartbeat_interval()
    {
        await using var f = await Fixture.Create();
        await f.Append(1, 3);
        await f.Issuer.IssueAsync(None);

        f.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(f.Issuer.IsDue());
        f.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(f.Issuer.IsDue());
    }

    [Fact]
    public async Task Issued_heads_are_signed_persisted_and_exported_to_the_witness()
    {
        await using var f = await Fixture.Create();
        await f.Append(1, 4);

        var issue = await f.Issuer.IssueAsync(None);

        Assert.Empty(issue.WitnessFailures);
        Assert.True(issue.Head.VerifySignature(f.Key.PublicKey));
        Assert.Equal(f.Log.RootHash(4), issue.Head.Head.RootHash.ToArray());
        var witnessed = SignedTreeHead.FromJson((await File.ReadAllLinesAsync(f.Dir.File("witness.jsonl"))).Single());
        Assert.Equal(issue.Head.Head, witnessed.Head);
        await f.Close();
        await f.Open();
        Assert.Equal(issue.Head.Head, f.Heads.Latest!.Head);
    }

    [Fact]
    public async Task Head_timestamps_never_go_back_when_the_clock_does()
    {
        await using var f = await Fixture.Create();
        await f.Append(1, 1);
        var first = await f.Issuer.IssueAsync(None);
        f.Time.Advance(TimeSpan.FromMinutes(-5));
        await f.Append(2, 2);

        var second = await f.Issuer.IssueAsync(None);

        Assert.Equal(first.Head.Head.Timestamp, second.Head.Head.Timestamp);
    }

    [Fact]
    public async Task A_failing_witness_does_not_stop_the_head()
    {
        using var dir = new TempDirectory();
        using var key = EvidenceSigningKey.Generate();
        await using var log = await FilingLog.OpenAsync(dir.File("filings.log"), None);
        await using var heads = await TreeHeadStore.OpenAsync(dir.File("heads.jsonl"), None);
        using var broken = new FileTreeHeadWitness(dir.File("no-such-dir/witness.jsonl"));
        using var issuer = new TreeHeadIssuer(log, heads, key, [broken], TimeProvider.System);
        await log.AppendAsync(FilingRecordBuilder.Numbered(1), None);

        var issue = await issuer.IssueAsync(None);

        Assert.Single(issue.WitnessFailures);
        Assert.Equal(issue.Head, heads.Latest);
    }

    [Fact]
    public async Task A_torn_last_head_line_is_cut_off_on_open()
    {
        await using var f = await Fixture.Create();
        await f.Append(1, 2);
        await f.Issuer.IssueAsync(None);
        await f.Close();
        await File.AppendAllTextAsync(f.Dir.File("heads.jsonl"), "{\"size\":3,\"rootHa");

        await f.Open();

        Assert.Single(f.Heads.All);
        await f.Close();
        Assert.EndsWith("}\n", await File.ReadAllTextAsync(f.Dir.File("heads.jsonl")));
    }

    [Fact]
    public async Task A_log_that_lost_filings_covered_by_a_signed_head_is_refused_at_start()
    {
        await using var f = await Fixture.Create();
        await f.Append(1, 4);
        await f.Issuer.IssueAsync(None);
        await f.Close();
        var path = f.Dir.File("filings.log");
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes.AsMemory(0, bytes.Length - 1).ToArray());

        var error = await Assert.ThrowsAsync<EvidenceLogCorruptException>(f.Open);

        Assert.Contains("lost", error.Message);
        f.Issuer.Dispose();
        await f.Log.DisposeAsync();
        await f.Heads.DisposeAsync();
    }

    [Fact]
    public async Task A_head_covering_a_filing_is_the_earliest_stored_one_or_a_new_one()
    {
        await using var f = await Fixture.Create();
        await f.Append(1, 3);
        var first = (await f.Issuer.IssueAsync(None)).Head;
        await f.Append(4, 5);

        var covering2 = await f.Issuer.HeadCoveringAsync(2, None);
        var covering4 = await f.Issuer.HeadCoveringAsync(4, None);

        Assert.Same(first, covering2);
        Assert.Equal(5, covering4.Size);
    }

    [Fact]
    public void Changing_any_byte_of_a_signed_head_fails_its_signature()
    {
        using var key = EvidenceSigningKey.Generate();
        var head = SignedTreeHead.Sign(new TreeHead(12, new byte[32].Select((_, i) => (byte)i).ToArray(), 1_780_000_000_000), key);
        var signing = head.Head.ToSigningBytes();

        Assert.True(head.VerifySignature(key.PublicKey));
        for (var i = 0; i < head.Signature.Length; i++)
        {
            var signature = head.Signature.ToArray();
            signature[i] ^= 0x01;
            Assert.False(new SignedTreeHead(head.Head, head.KeyId, signature).VerifySignature(key.PublicKey), $"signature byte {i}");
        }
        for (var i = 0; i < signing.Length; i++)
        {
            var tampered = signing.ToArray();
            tampered[i] ^= 0x01;
            Assert.False(key.PublicKey.Verify(tampered, head.Signature), $"head byte {i}");
        }
    }

    [Fact]
    public void Keys_round_trip_through_PEM_and_keep_their_id()
    {
        using var key = EvidenceSigningKey.Generate();

        using var reloaded = EvidenceSigningKey.FromPem(key.ToPkcs8Pem());
        using var publicKey = EvidencePublicKey.FromPem(key.ToPublicKeyPem());

        Assert.Equal(key.KeyId, reloaded.KeyId);
        Assert.Equal(key.KeyId, publicKey.KeyId);
        Assert.True(publicKey.Verify("data"u8, reloaded.Sign("data"u8)));
        Assert.Throws<EvidenceFormatException>(() => EvidenceSigningKey.FromPem(key.ToPublicKeyPem()));
        Assert.Throws<EvidenceFormatException>(() => EvidencePublicKey.FromPem("not a key"));
    }
}
