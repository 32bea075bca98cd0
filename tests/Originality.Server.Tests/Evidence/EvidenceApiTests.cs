using System.Net;
using System.Text.Json;
using Originality.Evidence;
using Originality.Tests;
using Originality.Server.Application;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Evidence;

/// <summary>
/// The evidence API end to end: what the server hands out is checked by the real
/// <c>originality verify</c> tools and by the Evidence library, as an auditor would do it. Run once
/// per database, since the filing → log position map lives in the database.
/// </summary>
public abstract class EvidenceApiTests : IAsyncLifetime
{
    private readonly string _files = Directory.CreateTempSubdirectory("evidence-api-").FullName;
    private readonly ServerFactory _server;
    private readonly Marketplace _market;

    protected EvidenceApiTests(Database database)
    {
        _server = new ServerFactory(database, new Dictionary<string, string?>
        {
            ["Evidence:Witnesses:File"] = Path.Combine(_files, "witness", "heads.jsonl"),
        });
        _market = new Marketplace(_server);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_files, recursive: true);
    }

    [Fact]
    public async Task A_downloaded_certificate_verifies_with_the_cli_and_fails_once_tampered()
    {
        var alice = await _market.MemberAsync("alice");
        var picture = TestPictures.Original(31);
        var filingId = await Marketplace.FileAsync(alice, picture);

        var certificate = await DownloadAsync(alice.Client, $"/api/certificates/{filingId}", "certificate.json");
        var publicKey = await DownloadAsync(_server.Anonymous(), "/api/evidence/public-key", "public-key.pem");
        var picturePath = await WriteAsync("picture.png", picture);
        var verified = await OriginalityTool.RunAsync("verify", certificate, "--public-key", publicKey, "--picture", picturePath);
        var text = await File.ReadAllTextAsync(certificate);
        Assert.Contains("\"timestamp\":\"2026-03-02T", text, StringComparison.Ordinal);
        var backDated = await WriteAsync("back-dated.json", text.Replace("\"timestamp\":\"2026-03-02T", "\"timestamp\":\"2026-03-01T", StringComparison.Ordinal));
        var tampered = await OriginalityTool.RunAsync("verify", backDated, "--public-key", publicKey, "--picture", picturePath);

        Assert.True(verified.ExitCode == 0, verified.All);
        Assert.True(tampered.ExitCode == 1, tampered.All);
        Assert.Contains("✗ tree head signature", tampered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heads_and_the_consistency_proof_from_the_api_pass_verify_consistency_and_reach_the_file_witness()
    {
        var alice = await _market.MemberAsync("alice");
        var first = await Marketplace.FileAsync(alice, TestPictures.Original(41));
        (await alice.Client.GetAsync($"/api/certificates/{first}")).EnsureSuccessStatusCode();
        await Marketplace.FileAsync(alice, TestPictures.Original(42));
        await Marketplace.FileAsync(alice, TestPictures.Original(43));
        await ForceNewHeadAsync();

        var heads = await HeadsAsync();
        var publicKey = await DownloadAsync(_server.Anonymous(), "/api/evidence/public-key", "public-key.pem");
        var oldHead = await DownloadAsync(_server.Anonymous(), $"/api/evidence/tree-heads/{heads[0].Size}", "old.json");
        var newHead = await DownloadAsync(_server.Anonymous(), "/api/evidence/tree-head", "new.json");
        var proof = await DownloadAsync(_server.Anonymous(), $"/api/evidence/proofs/consistency?from={heads[0].Size}&to={heads[^1].Size}", "proof.json");
        var result = await OriginalityTool.RunAsync("verify-consistency", "--old", oldHead, "--new", newHead, "--proof", proof, "--public-key", publicKey);
        var witnessed = (await File.ReadAllLinesAsync(Path.Combine(_files, "witness", "heads.jsonl"))).Select(SignedTreeHead.FromJson).ToList();

        Assert.Equal(new long[] { 1, 3 }, heads.Select(h => h.Size));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(heads.Select(h => h.ToJson()), witnessed.Select(h => h.ToJson()));
    }

    [Fact]
    public async Task An_inclusion_proof_from_the_api_reaches_the_signed_root_of_that_size()
    {
        var alice = await _market.MemberAsync("alice");
        await Marketplace.FileAsync(alice, TestPictures.Original(51));
        var second = await Marketplace.FileAsync(alice, TestPictures.Original(52));
        await Marketplace.FileAsync(alice, TestPictures.Original(53));
        await ForceNewHeadAsync();
        var certificate = await (await alice.Client.GetAsync($"/api/certificates/{second}")).ReadJson(HttpStatusCode.OK);
        var leafIndex = certificate.GetProperty("leafIndex").GetInt64();

        var response = await (await _server.Anonymous().GetAsync($"/api/evidence/proofs/inclusion?leafIndex={leafIndex}&treeSize=3")).ReadJson(HttpStatusCode.OK);
        var head = SignedTreeHead.FromJson(response.GetProperty("treeHead").GetRawText());
        var leafHash = Convert.FromHexString(response.GetProperty("leafHash").GetString()!);
        var proof = response.GetProperty("inclusionProof").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList();
        using var key = EvidencePublicKey.FromPem(await _server.Anonymous().GetStringAsync("/api/evidence/public-key"));

        Assert.Equal(3, head.Size);
        Assert.Equal(certificate.GetProperty("leafHash").GetString(), response.GetProperty("leafHash").GetString());
        Assert.True(head.VerifySignature(key));
        Assert.True(MerkleProof.VerifyInclusion(leafIndex, head.Size, leafHash, proof, head.Head.RootHash));
    }

    [Fact]
    public async Task The_head_history_is_paged()
    {
        var alice = await _market.MemberAsync("alice");
        var first = await Marketplace.FileAsync(alice, TestPictures.Original(61));
        (await alice.Client.GetAsync($"/api/certificates/{first}")).EnsureSuccessStatusCode();
        await Marketplace.FileAsync(alice, TestPictures.Original(62));
        await ForceNewHeadAsync();

        var page1 = await (await _server.Anonymous().GetAsync("/api/evidence/tree-heads?limit=1")).ReadJson(HttpStatusCode.OK);
        var page2 = await (await _server.Anonymous().GetAsync($"/api/evidence/tree-heads?from={page1.GetProperty("next").GetInt64()}&limit=1")).ReadJson(HttpStatusCode.OK);

        Assert.Equal(1, page1.GetProperty("heads")[0].GetProperty("size").GetInt64());
        Assert.Equal(2, page2.GetProperty("heads")[0].GetProperty("size").GetInt64());
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("/api/evidence/proofs/consistency?from=abc&to=1", "from")]
    [InlineData("/api/evidence/proofs/consistency?from=1", "to")]
    [InlineData("/api/evidence/proofs/consistency?from=1&to=7", "to")]
    [InlineData("/api/evidence/proofs/inclusion?leafIndex=1&treeSize=1", "leafIndex")]
    [InlineData("/api/evidence/proofs/inclusion?leafIndex=0&treeSize=5", "treeSize")]
    [InlineData("/api/evidence/proofs/inclusion?leafIndex=-1&treeSize=1", "leafIndex")]
    [InlineData("/api/evidence/tree-heads?limit=0", "limit")]
    [InlineData("/api/evidence/tree-heads?limit=100000", "limit")]
    [InlineData("/api/evidence/tree-heads/x", "size")]
    public async Task Bad_parameters_are_refused_with_field_errors(string url, string field)
    {
        var alice = await _market.MemberAsync("alice");
        var filing = await Marketplace.FileAsync(alice, TestPictures.Original(71));
        (await alice.Client.GetAsync($"/api/certificates/{filing}")).EnsureSuccessStatusCode();

        var response = await _server.Anonymous().GetAsync(url);
        var problem = await response.ReadJson(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    private async Task ForceNewHeadAsync()
    {
        // A head is due once the log has grown and a minute has passed on the (manual) clock.
        (await _market.Operator.PostJson("/api/clock/advance", new { minutes = 2 })).EnsureSuccessStatusCode();
        await _server.Service<EvidenceService>().IssueIfDueAsync(CancellationToken.None);
    }

    private async Task<List<SignedTreeHead>> HeadsAsync()
    {
        var page = await (await _server.Anonymous().GetAsync("/api/evidence/tree-heads")).ReadJson(HttpStatusCode.OK);
        return [.. page.GetProperty("heads").EnumerateArray().Select(h => SignedTreeHead.FromJson(h.GetRawText()))];
    }

    private async Task<string> DownloadAsync(HttpClient client, string url, string name)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return await WriteAsync(name, body);
    }

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_files, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private async Task<string> WriteAsync(string name, byte[] bytes)
    {
        var path = Path.Combine(_files, name);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }
}

public sealed class EvidenceApiOnSqliteTests() : EvidenceApiTests(Database.Sqlite);

public sealed class EvidenceApiOnPostgresTests() : EvidenceApiTests(Database.Postgres);
