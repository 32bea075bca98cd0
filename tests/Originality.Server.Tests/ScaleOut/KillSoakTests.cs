using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Npgsql;
using Originality.Evidence;
using Originality.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>
/// A cluster of its own for the soak, which kills its processes; every process pushes the
/// evidence log's heads to a witness at <see cref="WitnessUrl"/> (the test listens there).
/// </summary>
public sealed class SoakCluster : IAsyncLifetime
{
    public SoakCluster()
    {
        ReceiverPort = ServerCluster.FreePort();
        Cluster = new ServerCluster { ExtraArguments = ["--Evidence:Witnesses:Webhooks:0=" + WitnessUrl] };
    }

    public int ReceiverPort { get; }

    public string WitnessUrl => $"http://127.0.0.1:{ReceiverPort}/witness/";

    public ServerCluster Cluster { get; }

    public Task InitializeAsync() => Cluster.InitializeAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync();
}

/// <summary>
/// The bounded soak of issue 11: clients file, push listings, complain and decide across three
/// processes while one random process is killed with SIGKILL every few seconds and restarted.
/// Afterwards every acknowledged filing is there with a verifying certificate naming its member,
/// the evidence log holds each filing once without gaps and every process lists the same,
/// consistent heads, the witness was sent every head and each verifies and is consistent with
/// the log, every acknowledged complaint and decision is there with its webhook event, no
/// complaint was penalised twice (points), no sanction and no pending deadline exists twice,
/// every acknowledged filing's webhook event arrived at least once, every accepted listing was
/// scanned, and no live process answered with a 5xx. <c>ORIGINALITY_SOAK_SECONDS</c> sets the
/// chaos time (default 100).
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
        var hookUrl = $"http://127.0.0.1:{soak.ReceiverPort}/hooks/";
        receiver.Prefixes.Add(hookUrl);
        receiver.Prefixes.Add(soak.WitnessUrl);
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

        // The cases: an owner's picture, a copier's listing of it, the owner's complaint, the reviewer's decision.
        var owner = await Cluster.MemberAsync("soak-owner");
        var copier = await Cluster.MemberAsync("soak-copier", via: 1);
        var ownerFolder = await ServerCluster.FolderAsync(owner, 0);
        var reviewer = await (await Cluster.Processes[2].Operator.PostJson("/api/reviewers", new { name = "soak-reviewer" })).ReadJson(HttpStatusCode.Created);
        var reviewerClients = Cluster.Processes.Select(p => p.Client(reviewer.GetProperty("apiKey").GetString())).ToList();
        var complaints = new ConcurrentBag<string>();
        var established = new ConcurrentBag<string>();

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

        async Task CasesAsync()
        {
            var random = new Random(5);
            while (clock.Elapsed < Chaos)
            {
                try
                {
                    await CaseAsync(random, Interlocked.Increment(ref seed));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The process died under a step: what was acknowledged before is owed, the rest is not.
                }
            }
        }

        async Task CaseAsync(Random random, int pictureSeed)
        {
            var picture = TestPictures.Original(pictureSeed, 900, 800);
            using var upload = new MultipartFormDataContent();
            var part = new ByteArrayContent(picture);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            upload.Add(part, "files", "case.png");
            using var filed = await owner.Clients[random.Next(ServerCluster.Size)].PostAsync($"/api/folders/{ownerFolder}/pictures", upload);
            if (await Acknowledged(filed, "case filing") is not { } filing || filing.GetProperty("files")[0].GetProperty("outcome").GetString() != "certified")
            {
                return;
            }
            var externalId = "L-case-" + pictureSeed;
            using var form = new MultipartFormDataContent
            {
                { new StringContent(externalId), "listingId" },
                { new StringContent(copier.Id), "sellerId" },
                { new StringContent("apparel"), "category" },
            };
            form.Add(new ByteArrayContent(TestPictures.Copy(picture, 0.85)), "main", "main.jpg");
            using var pushed = await Cluster.Processes[random.Next(ServerCluster.Size)].Operator.PostAsync("/api/listings", form);
            if (await Acknowledged(pushed, "case listing") is null)
            {
                return;
            }
            // The owner's notice, once the listing is scanned (by whichever process; a kill only delays it).
            string? noticeId = null;
            for (var attempt = 0; attempt < 600 && noticeId is null && clock.Elapsed < Chaos; attempt++)
            {
                await Task.Delay(200);
                try
                {
                    var notices = JsonDocument.Parse(await owner.Clients[random.Next(ServerCluster.Size)].GetStringAsync("/api/notices")).RootElement;
                    noticeId = notices.EnumerateArray().Where(n => n.GetProperty("listingId").GetString() == externalId).Select(n => n.GetProperty("id").GetString()).FirstOrDefault();
                }
                catch (HttpRequestException)
                {
                    // That process is down; ask another.
                }
            }
            if (noticeId is null)
            {
                return;
            }
            using var complained = await owner.Clients[random.Next(ServerCluster.Size)].PostJson("/api/complaints", new { noticeId, description = "My own shoot." });
            if (await Acknowledged(complained, "complaint") is not { } complaint)
            {
                return;
            }
            var complaintId = complaint.GetProperty("id").GetString()!;
            complaints.Add(complaintId);
            // The decision is sent until one answer comes back: a decision whose answer was lost is
            // refused as already decided when sent again, and must not be applied twice.
            for (var attempt = 0; attempt < 20; attempt++)
            {
                try
                {
                    using var decided = await reviewerClients[random.Next(ServerCluster.Size)].PostJson($"/api/complaints/{complaintId}/acceptance",
                        new { decision = "establish", reason = "The same picture, filed earlier." });
                    if (decided.StatusCode == HttpStatusCode.OK)
                    {
                        established.Add(complaintId);
                    }
                    await Acknowledged(decided, "decision", HttpStatusCode.Conflict);
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    await Task.Delay(500);
                }
            }
        }

        // A body when the answer is a success; a 5xx is recorded (no live process may answer one).
        async Task<JsonElement?> Acknowledged(HttpResponseMessage response, string what, HttpStatusCode? alsoFine = null)
        {
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500)
            {
                serverErrors.Add($"{what}: {(int)response.StatusCode} {body}");
                return null;
            }
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(body).RootElement.Clone();
            }
            if (response.StatusCode != alsoFine)
            {
                serverErrors.Add($"{what}: unexpected {(int)response.StatusCode} {body}");
            }
            return null;
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

        await Task.WhenAll([ChaosAsync(), CasesAsync(), .. Enumerable.Range(0, 3).Select(ClientAsync)]);
        output.WriteLine($"{Chaos.TotalSeconds:0} s of chaos: {killed} kills, {acknowledged.Count} filings acknowledged, {listings.Count} listings accepted, " +
            $"{complaints.Count} complaints acknowledged, {established.Count} established");
        Assert.NotEmpty(established);

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

        // The witness was sent every head of the log (at least once), each signed by the key and consistent with the latest.
        await using (var db = new NpgsqlConnection(Cluster.ConnectionString))
        {
            await db.OpenAsync();
            var logged = (await db.QueryAsync<string>("SELECT head FROM evidence_heads ORDER BY position")).ToList();
            var witnessed = new Func<List<string>>(() => [.. events.Where(e => e.Topic == "evidence.tree-head").Select(e => e.Body)]);
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromMinutes(2) && logged.Except(witnessed()).Any())
            {
                await Task.Delay(500);
            }
            Assert.Empty(logged.Except(witnessed()));
            var latest = heads[^1];
            foreach (var seen in witnessed().Distinct().Select(SignedTreeHead.FromJson).Where(h => h.Size < latest.Size))
            {
                var proof = await Cluster.Processes[0].Anonymous.GetStringAsync($"/api/evidence/proofs/consistency?from={seen.Size}&to={latest.Size}");
                Assert.True(ConsistencyVerifier.Verify(seen.ToJson(), latest.ToJson(), proof, key).Succeeded, $"witnessed head {seen.Size} → {latest.Size}");
            }
            output.WriteLine($"{logged.Count} heads in the log, {witnessed().Count} witness deliveries");
        }

        // Work claimed by a killed process is finished by another once its lease runs out (1 min).
        foreach (var listing in listings)
        {
            await ScannedAsync(listing, TimeSpan.FromMinutes(3));
        }
        // Every acknowledged complaint and decision is there; each penalised once; no sanction or pending deadline twice.
        foreach (var complaintId in complaints)
        {
            var complaint = await (await owner.Clients[0].GetAsync($"/api/complaints/{complaintId}")).ReadJson(HttpStatusCode.OK);
            if (established.Contains(complaintId))
            {
                Assert.Equal("established", complaint.GetProperty("status").GetString());
            }
        }
        await using (var db = new NpgsqlConnection(Cluster.ConnectionString))
        {
            await db.OpenAsync();
            var penalties = (await db.QueryAsync<(string ComplaintId, long Entries)>(
                "SELECT complaint_id, COUNT(*) FROM penalty_entries GROUP BY complaint_id")).ToDictionary(r => r.ComplaintId, r => r.Entries);
            Assert.All(penalties, p => Assert.Equal(1, p.Value));
            Assert.All(established, id => Assert.True(penalties.ContainsKey(id), $"established complaint {id} has no penalty entry"));
            Assert.Empty(await db.QueryAsync<string>("SELECT member_id FROM sanctions GROUP BY member_id, kind, starts_at HAVING COUNT(*) > 1"));
            var pending = (await db.QueryAsync<(string Subject, long Jobs)>(
                "SELECT subject_id, COUNT(*) FROM scheduled_jobs WHERE state IN ('pending', 'claimed') GROUP BY subject_id")).ToDictionary(r => r.Subject, r => r.Jobs);
            Assert.All(complaints, id => Assert.Equal(1, pending.GetValueOrDefault(id)));
            var entries = penalties.Count;
            var points = await (await copier.Clients[2].GetAsync("/api/points")).ReadJson(HttpStatusCode.OK);
            Assert.Equal(entries, points.GetProperty("penalties").GetArrayLength());
        }

        bool Delivered(string topic, string id) => events.Any(e => e.Topic == topic && e.Body.Contains(id, StringComparison.Ordinal));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3)
            && (acknowledged.Any(a => !Delivered("filing.certified", a.FilingId)) || complaints.Any(c => !Delivered("complaint.filed", c)) || established.Any(c => !Delivered("complaint.accepted", c))))
        {
            await Task.Delay(500);
        }
        await stop.CancelAsync();
        receiver.Stop();

        var undelivered = acknowledged.Where(a => !Delivered("filing.certified", a.FilingId)).Select(a => a.FilingId)
            .Concat(complaints.Where(c => !Delivered("complaint.filed", c))).Concat(established.Where(c => !Delivered("complaint.accepted", c))).ToList();
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
