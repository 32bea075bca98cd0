using System.Net;
using Originality.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>
/// Three real server processes on one PostgreSQL, driven round-robin over HTTP (issue 11): the
/// index replicas converge, F-5's first filer holds across processes, every process serves every
/// original and every certificate.
/// </summary>
public sealed class ThreeProcessTests(ServerCluster cluster, ITestOutputHelper output) : IClassFixture<ServerCluster>
{
    /// <summary>The issue's target is 1 s; the assertion allows more for a loaded 2-core CI machine, the measurement is reported.</summary>
    private static readonly TimeSpan ConvergenceTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_picture_certified_on_one_process_makes_copies_on_every_other_process_not_original()
    {
        var alice = await cluster.MemberAsync("alice-r");
        var bob = await cluster.MemberAsync("bob-r", via: 1);
        var carol = await cluster.MemberAsync("carol-r", via: 2);
        var picture = TestPictures.Original(8101, 1200, 1000);
        var before = await cluster.PositionAsync();

        var filed = await ServerCluster.UploadAsync(alice, 0, await ServerCluster.FolderAsync(alice, 0), ("original.png", picture));
        var converged = await cluster.ConvergedAsync(before, ConvergenceTimeout);
        output.WriteLine($"replicas converged {converged.TotalMilliseconds:0} ms after the filing was acknowledged");
        var onB = await ServerCluster.UploadAsync(bob, 1, await ServerCluster.FolderAsync(bob, 1), ("copy.jpg", TestPictures.Copy(picture, 0.85)));
        var onC = await ServerCluster.UploadAsync(carol, 2, await ServerCluster.FolderAsync(carol, 2), ("copy.png", picture));

        Assert.Equal("certified", filed.GetProperty("outcome").GetString());
        Assert.Equal(("refused", "not-original", "F-5"), (onB.GetProperty("outcome").GetString(), onB.GetProperty("code").GetString(), onB.GetProperty("rule").GetString()));
        Assert.Equal(("refused", "not-original", "F-5"), (onC.GetProperty("outcome").GetString(), onC.GetProperty("code").GetString(), onC.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task A_listing_picture_published_through_one_process_is_known_to_the_others()
    {
        var seller = await cluster.MemberAsync("seller-r");
        var filer = await cluster.MemberAsync("filer-r");
        var picture = TestPictures.Original(8102, 1200, 1000, SkiaSharp.SKEncodedImageFormat.Jpeg);
        var before = await cluster.PositionAsync();

        using var form = new MultipartFormDataContent
        {
            { new StringContent("L-" + Guid.NewGuid().ToString("N")[..8]), "listingId" },
            { new StringContent(seller.Id), "sellerId" },
            { new StringContent("apparel"), "category" },
        };
        form.Add(new ByteArrayContent(picture), "main", "main.jpg");
        var accepted = await (await cluster.Processes[1].Operator.PostAsync("/api/listings", form)).ReadJson(HttpStatusCode.Accepted);
        await ScannedAsync(cluster.Processes[1], accepted.GetProperty("id").GetString()!);
        var converged = await cluster.ConvergedAsync(before, ConvergenceTimeout);
        output.WriteLine($"replicas converged {converged.TotalMilliseconds:0} ms after the scan finished");
        var filed = await ServerCluster.UploadAsync(filer, 2, await ServerCluster.FolderAsync(filer, 2), ("mine.jpg", picture));

        Assert.Equal("not-original", filed.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Listings_pushed_to_one_process_are_each_scanned_exactly_once_by_whichever_process_claims_them()
    {
        var owner = await cluster.MemberAsync("owner-scan");
        var seller = await cluster.MemberAsync("seller-scan");
        var picture = TestPictures.Original(8401, 1200, 1000);
        Assert.Equal("certified", (await ServerCluster.UploadAsync(owner, 0, await ServerCluster.FolderAsync(owner, 0), ("mine.png", picture))).GetProperty("outcome").GetString());
        await cluster.ConvergedAsync(0, ConvergenceTimeout);

        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent($"L-scan-{i}"), "listingId" },
                { new StringContent(seller.Id), "sellerId" },
                { new StringContent("apparel"), "category" },
            };
            form.Add(new ByteArrayContent(TestPictures.Copy(picture, 0.9 - (i * 0.02))), "main", "main.jpg");
            ids.Add((await (await cluster.Processes[0].Operator.PostAsync("/api/listings", form)).ReadJson(HttpStatusCode.Accepted)).GetProperty("id").GetString()!);
        }
        foreach (var id in ids)
        {
            await ScannedAsync(cluster.Processes[2], id);
        }
        var warnings = await (await seller.Clients[1].GetAsync("/api/warnings")).ReadJson(HttpStatusCode.OK);

        var scannedBy = ids.ToDictionary(id => id, id => cluster.Processes.Where(p => p.Output.Contains($"Listing {id} scanned", StringComparison.Ordinal)).Select(p => p.Index).ToList());
        output.WriteLine(string.Join("\n", scannedBy.Select(kv => $"{kv.Key} scanned by process {string.Join(", ", kv.Value)}")));
        Assert.All(scannedBy.Values, by => Assert.Single(by));
        var text = warnings.GetRawText();
        Assert.All(ids, id => Assert.Equal(1, CountOf(text, id)));
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    [Fact]
    public async Task Near_duplicates_uploaded_at_the_same_moment_on_two_processes_get_exactly_one_certificate_in_every_round()
    {
        var alice = await cluster.MemberAsync("alice-race");
        var bob = await cluster.MemberAsync("bob-race");
        var folders = new Dictionary<(string, int), string>();
        for (var p = 0; p < ServerCluster.Size; p++)
        {
            folders[(alice.Id, p)] = await ServerCluster.FolderAsync(alice, p);
            folders[(bob.Id, p)] = await ServerCluster.FolderAsync(bob, p);
        }

        var outcomes = new List<string>();
        for (var round = 0; round < FirstFilerRaceTests.Rounds; round++)
        {
            var (first, second) = RacePictures.Pair(100 + round);
            int pa = round % ServerCluster.Size, pb = (round + 1) % ServerCluster.Size;
            var (a, b) = await RacePictures.RaceAsync(
                async () => await ServerCluster.UploadAsync(alice, pa, folders[(alice.Id, pa)], first),
                async () => await ServerCluster.UploadAsync(bob, pb, folders[(bob.Id, pb)], second));
            outcomes.Add($"round {round} (processes {pa} and {pb}): {Code(a)} / {Code(b)}");
        }

        output.WriteLine(string.Join("\n", outcomes));
        Assert.All(outcomes, o => Assert.True(RacePictures.ExactlyOneCertified(o), string.Join("\n", outcomes)));
    }

    [Fact]
    public async Task Every_process_serves_the_original_filed_through_another()
    {
        var alice = await cluster.MemberAsync("alice-o");
        var picture = TestPictures.Original(8103, 1000, 900);
        var filed = await ServerCluster.UploadAsync(alice, 2, await ServerCluster.FolderAsync(alice, 2), ("original.png", picture));
        var id = filed.GetProperty("filingId").GetString();

        for (var p = 0; p < ServerCluster.Size; p++)
        {
            var response = await alice.Clients[p].GetAsync($"/api/filings/{id}/original");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"process {p}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(picture, await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Certificates_fetched_from_every_process_are_the_right_members_and_verify_against_one_history()
    {
        var members = new List<(ClusterMember Member, byte[] Picture, string FilingId)>();
        for (var p = 0; p < ServerCluster.Size; p++)
        {
            var member = await cluster.MemberAsync("cert-" + p, via: p);
            var picture = TestPictures.Original(8200 + p, 1000, 900);
            var filed = await ServerCluster.UploadAsync(member, p, await ServerCluster.FolderAsync(member, p), ("mine.png", picture));
            Assert.Equal("certified", filed.GetProperty("outcome").GetString());
            // Asked first on the process that filed it, so each process signs a head of its own.
            (await member.Clients[p].GetAsync($"/api/certificates/{filed.GetProperty("filingId").GetString()}")).EnsureSuccessStatusCode();
            members.Add((member, picture, filed.GetProperty("filingId").GetString()!));
        }
        var keys = await Task.WhenAll(cluster.Processes.Select(p => p.Anonymous.GetStringAsync("/api/evidence/public-key")));
        using var key = Originality.Evidence.EvidencePublicKey.FromPem(keys[0]);

        foreach (var (member, picture, filingId) in members)
        {
            for (var p = 0; p < ServerCluster.Size; p++)
            {
                var json = await (await member.Clients[p].GetAsync($"/api/certificates/{filingId}")).ReadJson(HttpStatusCode.OK);
                var report = Originality.Evidence.CertificateVerifier.Verify(json.GetRawText(), key, System.Security.Cryptography.SHA256.HashData(picture));
                Assert.True(report.Succeeded, $"process {p}: " + string.Join("; ", report.Checks.Select(c => $"{c.Name}: {c.Outcome} {c.Message}")));
                Assert.Contains(member.Id, json.GetRawText(), StringComparison.Ordinal);
                Assert.Contains(member.StoreId, json.GetRawText(), StringComparison.Ordinal);
            }
        }
        Assert.All(keys, k => Assert.Equal(keys[0], k));
        await AssertOneHistoryAsync(key);
    }

    [Fact]
    public async Task A_process_killed_and_restarted_rejoins_the_same_history_and_consistency_proofs_across_writers_verify()
    {
        var alice = await cluster.MemberAsync("kill-a");
        var before = await ServerCluster.UploadAsync(alice, 1, await ServerCluster.FolderAsync(alice, 1), ("one.png", TestPictures.Original(8301, 1000, 900)));
        (await alice.Clients[1].GetAsync($"/api/certificates/{before.GetProperty("filingId").GetString()}")).EnsureSuccessStatusCode();

        cluster.Processes[1].Kill();
        var during = await ServerCluster.UploadAsync(alice, 2, await ServerCluster.FolderAsync(alice, 2), ("two.png", TestPictures.Original(8302, 1000, 900)));
        (await alice.Clients[2].GetAsync($"/api/certificates/{during.GetProperty("filingId").GetString()}")).EnsureSuccessStatusCode();
        await cluster.Processes[1].StartAsync();
        var after = await ServerCluster.UploadAsync(alice, 1, await ServerCluster.FolderAsync(alice, 1), ("three.png", TestPictures.Original(8303, 1000, 900)));
        var certificate = await (await alice.Clients[0].GetAsync($"/api/certificates/{after.GetProperty("filingId").GetString()}")).ReadJson(HttpStatusCode.OK);

        using var key = Originality.Evidence.EvidencePublicKey.FromPem(await cluster.Processes[1].Anonymous.GetStringAsync("/api/evidence/public-key"));
        Assert.True(Originality.Evidence.CertificateVerifier.Verify(certificate.GetRawText(), key).Succeeded);
        // The restarted replica read what it knew from its journal, and only the rest from the database.
        var loads = System.Text.RegularExpressions.Regex.Matches(cluster.Processes[1].Output, @"Picture index loaded in [0-9.]+ s: (\d+) pictures from the journal, (\d+) from the database");
        output.WriteLine(string.Join("\n", loads.Select(m => m.Value)));
        Assert.True(loads.Count >= 2 && int.Parse(loads[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, cluster.Processes[1].Output);
        await AssertOneHistoryAsync(key);
    }

    /// <summary>Every process lists the same signed heads, and each consecutive pair is proven consistent by a process other than the one asked before.</summary>
    private async Task AssertOneHistoryAsync(Originality.Evidence.EvidencePublicKey key)
    {
        var lists = await Task.WhenAll(cluster.Processes.Select(p => p.Anonymous.GetStringAsync("/api/evidence/tree-heads?limit=1000")));
        Assert.All(lists, l => Assert.Equal(lists[0], l));
        var heads = System.Text.Json.JsonDocument.Parse(lists[0]).RootElement.GetProperty("heads").EnumerateArray()
            .Select(h => Originality.Evidence.SignedTreeHead.FromJson(h.GetRawText())).ToList();
        Assert.True(heads.Count >= 2, lists[0]);
        for (var i = 1; i < heads.Count; i++)
        {
            var process = cluster.Processes[i % ServerCluster.Size];
            var proof = await process.Anonymous.GetStringAsync($"/api/evidence/proofs/consistency?from={heads[i - 1].Size}&to={heads[i].Size}");
            var report = Originality.Evidence.ConsistencyVerifier.Verify(heads[i - 1].ToJson(), heads[i].ToJson(), proof, key);
            Assert.True(report.Succeeded, $"heads {heads[i - 1].Size} → {heads[i].Size} from process {process.Index}: " + string.Join("; ", report.Checks.Select(c => $"{c.Name}: {c.Outcome} {c.Message}")));
        }
        output.WriteLine($"{heads.Count} signed heads, sizes {string.Join(", ", heads.Select(h => h.Size))}");
    }

    private static string Code(System.Text.Json.JsonElement file) =>
        file.GetProperty("outcome").GetString() == "certified" ? "certified" : file.GetProperty("code").GetString()!;

    private static async Task ScannedAsync(ServerProcess process, string listingId)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var listing = await (await process.Operator.GetAsync($"/api/listings/{listingId}")).ReadJson(HttpStatusCode.OK);
            if (listing.GetProperty("state").GetString() is "scanned" or "failed")
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The listing scan did not finish.");
    }
}
