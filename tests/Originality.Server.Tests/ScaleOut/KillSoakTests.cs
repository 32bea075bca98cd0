using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Originality.Evidence;
using Originality.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>A cluster of its own for the soak, which kills its processes.</summary>
public sealed class SoakCluster : IAsyncLifetime
{
    public ServerCluster Cluster { get; } = new();

    public Task InitializeAsync() => Cluster.InitializeAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync();
}

/// <summary>
/// The bounded soak of issue 11 (filings, listings, certificates and webhooks; complaints and
/// decisions are not in it yet): clients file and push listings across three processes while one
/// random process is killed with SIGKILL every few seconds and restarted. Afterwards every
/// acknowledged filing is there with a verifying certificate naming its member, the evidence log
/// holds each filing once without gaps and every process lists the same, consistent heads, every
/// acknowledged filing's webhook event arrived at least once, every accepted listing was scanned,
/// and no live process answered with a 5xx. <c>ORIGINALITY_SOAK_SECONDS</c> sets the chaos time
/// (default 100).
/// </summary>
public sealed class KillSoakTests(SoakCluster soak, ITestOutputHelper output) : IClassFixture<SoakCluster>
{
    private static readonly TimeSpan Chaos = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("ORIGINALITY_SOAK_SECONDS"), out var s) && s > 0 ? s : 100);

    private ServerCluster Cluster => soak.Cluster;

    [Fact]
    public async Task Nothing_acknowledged_is_lost_or_applied_twice_while_processes_are_killed()
    {
        using var receiver = new HttpListener();
        var hookUrl = $"http://127.0.0.1:{ServerCluster.FreePort()}/hooks/";
        receiver.Prefixes.Add(hookUrl);
        receiver.Start();
        var events = new ConcurrentBag<(string EventId, string Topic, string Body)>();
        using var stop = new CancellationTokenSource();
        var receiving = Task.Run(() => ReceiveAsync(receiver, events, stop.Token));
        (await Cluster.Processes[0].Operator.PostJson("/api/webhooks", new { url = hookUrl })).EnsureSuccessStatusCode();

        var members = new List<ClusterMember>();
        for (var i = 0; i < 4; i++)
        {
            members.Add(await Cluster.MemberAsync("soak-" + i, via: i % ServerCluster.Size));
        }
        var folders = new Dictionary<string, string>();
        foreach (var member in members)
        {
            folders[member.Id] = await ServerCluster.FolderAsync(member, 0);
        }

        var acknowledged = new ConcurrentBag<(ClusterMember Member, string FilingId, byte[] Sha256)>();
        var listings = new ConcurrentBag<string>();
        var serverErrors = new ConcurrentBag<string>();
        var seed = 20_000;
        var killed = 0;
        var clock = Stopwatch.StartNew();

        async Task ClientAsync(int client)
        {
            var random = new Random(client);
            while (clock.Elapsed < Chaos)
            {
                var process = random.Next(ServerCluster.Size);
                var member = members[random.Next(members.Count)];
                try
                {
                    if (random.Next(4) == 0)
                    {
                        using var form = new MultipartFormDataContent
                        {
                            { new StringContent("L-soak-" + Interlocked.Increment(ref seed)), "listingId" },
                            { new StringContent(member.Id), "sellerId" },
                            { new StringContent("apparel"), "category" },
                        };
                        form.Add(new ByteArrayContent(TestPictures.Original(Interlocked.Increment(ref seed), 900, 800, SkiaSharp.SKEncodedImageFormat.Jpeg)), "main", "main.jpg");
                        using var response = await Cluster.Processes[process].Operator.PostAsync("/api/listings", form);
                        if ((int)response.StatusCode >= 500)
                        {
                            serverErrors.Add($"listing on {process}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                        else if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            listings.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
                        }
                        continue;
                    }
                    var picture = TestPictures.Original(Interlocked.Increment(ref seed), 900, 800);
                    using var upload = new MultipartFormDataContent();
                    var part = new ByteArrayContent(picture);
                    part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
                    upload.Add(part, "files", "p.png");
                    using var filed = await member.Clients[process].PostAsync($"/api/folders/{folders[member.Id]}/pictures", upload);
                    var body = await filed.Content.ReadAsStringAsync();
                    if ((int)filed.StatusCode >= 500)
                    {
                        serverErrors.Add($"upload on {process}: {(int)filed.StatusCode} {body}");
                        continue;
                    }
                    var file = JsonDocument.Parse(body).RootElement.GetProperty("files")[0];
                    if (file.GetProperty("outcome").GetString() == "certified")
                    {
                        acknowledged.Add((member, file.GetProperty("filingId").GetString()!, SHA256.HashData(picture)));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The process died under the request: not acknowledged, so nothing is owed.
                }
            }
        }

        async Task ChaosAsync()
        {
            var random = new Random(99);
            while (clock.Elapsed < Chaos)
            {
                await Task.Delay(TimeSpan.FromSeconds(3 + random.Next(4)));
                var victim = Cluster.Processes[random.Next(ServerCluster.Size)];
                victim.Kill();
                killed++;
                await victim.StartAsync();
            }
        }

        await Task.WhenAll([ChaosAsync(), .. Enumerable.Range(0, 3).Select(ClientAsync)]);
        output.WriteLine($"{Chaos.TotalSeconds:0} s of chaos: {killed} kills, {acknowledged.Count} filings acknowledged, {listings.Count} listings accepted");

        // Every acknowledged filing is there, on every process, with a certificate of its member that verifies.
        using var key = EvidencePublicKey.FromPem(await Cluster.Processes[0].Anonymous.GetStringAsync("/api/evidence/public-key"));
        var index = 0;
        foreach (var (member, filingId, sha) in acknowledged)
        {
            var process = index++ % ServerCluster.Size;
            var certificate = await (await member.Clients[process].GetAsync($"/api/certificates/{filingId}")).ReadJson(HttpStatusCode.OK);
            Assert.True(CertificateVerifier.Verify(certificate.GetRawText(), key, sha).Succeeded, $"certificate of {filingId} from process {process}");
            Assert.Contains(member.Id, certificate.GetRawText(), StringComparison.Ordinal);
        }

        // The log holds each filing once, without gaps; every certified filing is in it.
        await using (var db = new NpgsqlConnection(Cluster.ConnectionString))
        {
            await db.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT COUNT(*), COUNT(DISTINCT filing_id), COALESCE(MAX(leaf_index), -1) FROM evidence_leaves", db);
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (leaves, distinct, last) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            Assert.Equal(leaves, distinct);
            Assert.Equal(leaves - 1, last);
            Assert.True(leaves >= acknowledged.Count);
        }

        // One history: the same heads everywhere, each consistent with the one before.
        var lists = await Task.WhenAll(Cluster.Processes.Select(p => p.Anonymous.GetStringAsync("/api/evidence/tree-heads?limit=1000")));
        Assert.All(lists, l => Assert.Equal(lists[0], l));
        var heads = JsonDocument.Parse(lists[0]).RootElement.GetProperty("heads").EnumerateArray().Select(h => SignedTreeHead.FromJson(h.GetRawText())).ToList();
        for (var i = 1; i < heads.Count; i++)
        {
            var proof = await Cluster.Processes[i % ServerCluster.Size].Anonymous.GetStringAsync($"/api/evidence/proofs/consistency?from={heads[i - 1].Size}&to={heads[i].Size}");
            Assert.True(ConsistencyVerifier.Verify(heads[i - 1].ToJson(), heads[i].ToJson(), proof, key).Succeeded, $"heads {heads[i - 1].Size} → {heads[i].Size}");
        }

        // Work claimed by a killed process is finished by another once its lease runs out (1 min).
        foreach (var listing in listings)
        {
            await ScannedAsync(listing, TimeSpan.FromMinutes(3));
        }
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3) && acknowledged.Any(a => !events.Any(e => e.Topic == "filing.certified" && e.Body.Contains(a.FilingId, StringComparison.Ordinal))))
        {
            await Task.Delay(500);
        }
        await stop.CancelAsync();
        receiver.Stop();

        var undelivered = acknowledged.Where(a => !events.Any(e => e.Topic == "filing.certified" && e.Body.Contains(a.FilingId, StringComparison.Ordinal))).Select(a => a.FilingId).ToList();
        var redelivered = events.GroupBy(e => e.EventId).Count(g => g.Count() > 1);
        output.WriteLine($"{events.Count} webhook deliveries, {redelivered} events delivered more than once (receivers drop them by X-Originality-Event-Id), {heads.Count} heads");
        Assert.Empty(undelivered);
        Assert.Empty(serverErrors);
    }

    private async Task ScannedAsync(string listingId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var state = "";
        while (clock.Elapsed < timeout)
        {
            var listing = await (await Cluster.Processes[1].Operator.GetAsync($"/api/listings/{listingId}")).ReadJson(HttpStatusCode.OK);
            state = listing.GetProperty("state").GetString()!;
            if (state == "scanned")
            {
                return;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Listing {listingId} is still {state} after {timeout.TotalSeconds} s.");
    }

    private static async Task ReceiveAsync(HttpListener receiver, ConcurrentBag<(string, string, string)> events, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await receiver.GetContextAsync().WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync(cancellationToken);
            events.Add((context.Request.Headers["X-Originality-Event-Id"] ?? "", context.Request.Headers["X-Originality-Event"] ?? "", body));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
