using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Originality.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Originality.Server.Tests.Hostile;

/// <summary>Runs only when ORIGINALITY_LOAD_SECONDS is set.</summary>
public sealed class LoadFactAttribute() : MeasurementFactAttribute("ORIGINALITY_LOAD_SECONDS", "(and ORIGINALITY_LOAD_CLIENTS, default 200) to run it");

/// <summary>
/// Issue 10, "under load": hundreds of concurrent clients on loopback (real Kestrel, real sockets)
/// for a bounded time — uploads, listing pushes, listings, certificates, tree heads, complaint
/// lists and actions (complaints from match notices, the reviewer's acceptance), seller and
/// reviewer pages — and per route throughput, p50/p99 and errors; no answer may be a 5xx.
/// The table goes to the test output and to ORIGINALITY_LOAD_REPORT when set.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    // Owner/copier pairs made before the load starts: each gives a notice to complain from.
    private const int ComplaintCases = 40;

    [LoadFact]
    public Task Bounded_load_on_sqlite() => RunAsync(Database.Sqlite);

    [LoadFact]
    public Task Bounded_load_on_postgres() => RunAsync(Database.Postgres);

    private static HttpRequestMessage Signed(HttpMethod method, string url, string key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private async Task RunAsync(Database database)
    {
        var seconds = int.Parse(Environment.GetEnvironmentVariable("ORIGINALITY_LOAD_SECONDS")!, CultureInfo.InvariantCulture);
        var clients = int.TryParse(Environment.GetEnvironmentVariable("ORIGINALITY_LOAD_CLIENTS"), out var c) ? c : 200;
        var (host, address) = Measured.StartOnLoopback(database);
        await using var server = host;
        var market = new Marketplace(server);

        var sellers = new List<(TestMember Member, string Folder)>();
        for (var i = 0; i < 20; i++)
        {
            var member = await market.MemberAsync($"load{i}");
            sellers.Add((member, await Marketplace.FolderAsync(member)));
        }
        var filed = new ConcurrentBag<(string Key, string Filing)>();
        foreach (var (member, _) in sellers.Take(5))
        {
            filed.Add((member.ApiKey, await Marketplace.FileAsync(member, TestPictures.Original(9000 + filed.Count))));
        }
        // Complaint actions need match notices: owners file pictures, copiers publish copies of them.
        var reviewer = await market.ReviewerAsync();
        var notices = new ConcurrentQueue<(string OwnerKey, string Notice)>();
        for (var i = 0; i < ComplaintCases; i++)
        {
            var (owner, _) = sellers[i % 5];
            var (copier, _) = sellers[5 + (i % 15)];
            var original = TestPictures.Original(30_000 + i);
            await Marketplace.FileAsync(owner, original);
            await market.PublishListingAsync(copier, $"L-copy-{i}", "apparel", TestPictures.Copy(original));
        }
        foreach (var (owner, _) in sellers.Take(5))
        {
            foreach (var notice in (await (await owner.Client.GetAsync("/api/notices")).ReadJson(HttpStatusCode.OK)).EnumerateArray())
            {
                notices.Enqueue((owner.ApiKey, notice.GetProperty("id").GetString()!));
            }
        }
        var complaints = new ConcurrentQueue<string>();
        var pictures = Enumerable.Range(0, 60).Select(i => TestPictures.Original(10_000 + i, 900, 760, SkiaSharp.SKEncodedImageFormat.Jpeg)).ToArray();

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        var samples = new ConcurrentDictionary<string, ConcurrentBag<(double Ms, int Status)>>();
        var stop = Stopwatch.StartNew();
        var peak = 0L;
        using var sampler = new Timer(_ => Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), Process.GetCurrentProcess().WorkingSet64)), null, 0, 250);
        var pictureCounter = 0;
        var stages = new ConcurrentBag<(string Stage, double Ms)>();
        using var stageListener = new FilingStageListener((stage, ms) => stages.Add((stage, ms)));

        async Task Client(int n)
        {
            var random = new Random(n);
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                var (seller, folder) = sellers[random.Next(sellers.Count)];
                var roll = random.Next(100);
                HttpRequestMessage request;
                string route;
                if (roll < 15)
                {
                    route = "POST /api/folders/{id}/pictures";
                    var form = new MultipartFormDataContent();
                    var picture = new ByteArrayContent(pictures[Interlocked.Increment(ref pictureCounter) % pictures.Length]);
                    picture.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                    form.Add(picture, "files", "photo.jpg");
                    request = Signed(HttpMethod.Post, $"/api/folders/{folder}/pictures", seller.ApiKey, form);
                }
                else if (roll < 22)
                {
                    route = "POST /api/listings";
                    var form = new MultipartFormDataContent
                    {
                        { new StringContent($"L-{n}-{random.Next()}"), "listingId" },
                        { new StringContent(seller.Id), "sellerId" },
                        { new StringContent("apparel"), "category" },
                        { new ByteArrayContent(pictures[random.Next(pictures.Length)]), "main", "main.jpg" },
                    };
                    request = Signed(HttpMethod.Post, "/api/listings", ServerFactory.OperatorKey, form);
                }
                else if (roll < 45)
                {
                    route = "GET /api/filings";
                    request = Signed(HttpMethod.Get, "/api/filings", seller.ApiKey);
                }
                else if (roll < 65)
                {
                    route = "GET /api/certificates/{id}";
                    var (key, filing) = filed.ElementAt(random.Next(filed.Count));
                    request = Signed(HttpMethod.Get, $"/api/certificates/{filing}", key);
                }
                else if (roll < 75)
                {
                    route = "GET /api/evidence/tree-head";
                    request = new HttpRequestMessage(HttpMethod.Get, "/api/evidence/tree-head");
                }
                else if (roll < 80)
                {
                    route = "GET /api/complaints?as=complainant";
                    request = Signed(HttpMethod.Get, "/api/complaints?as=complainant", seller.ApiKey);
                }
                else if (roll < 84 && notices.TryDequeue(out var notice))
                {
                    route = "POST /api/complaints";
                    request = Signed(HttpMethod.Post, "/api/complaints", notice.OwnerKey, JsonContent.Create(new { noticeId = notice.Notice, description = "Copied from my shoot." }));
                }
                else if (roll < 87 && complaints.TryDequeue(out var complaint))
                {
                    route = "POST /api/complaints/{id}/acceptance";
                    var decision = random.Next(2) == 0 ? new { decision = "establish", reason = "Same picture, filed earlier." } : new { decision = "reject", reason = "Not the same picture." };
                    request = Signed(HttpMethod.Post, $"/api/complaints/{complaint}/acceptance", reviewer.ApiKey, JsonContent.Create(decision));
                }
                else if (roll < 91)
                {
                    route = "GET /reviewer (page)";
                    request = Signed(HttpMethod.Get, "/reviewer", reviewer.ApiKey);
                }
                else if (roll < 96)
                {
                    route = "GET /seller/certificates (page)";
                    request = Signed(HttpMethod.Get, "/seller/certificates", seller.ApiKey);
                }
                else
                {
                    route = "GET /login (page)";
                    request = new HttpRequestMessage(HttpMethod.Get, "/login");
                }
                var watch = Stopwatch.StartNew();
                int status;
                try
                {
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    status = (int)response.StatusCode;
                    if (route == "POST /api/complaints" && status == 201)
                    {
                        complaints.Enqueue(JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
                    }
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }
                catch (TaskCanceledException)
                {
                    status = -1;
                }
                finally
                {
                    request.Dispose();
                }
                samples.GetOrAdd(route, _ => []).Add((watch.Elapsed.TotalMilliseconds, status));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => Client(i))));
        var elapsed = stop.Elapsed.TotalSeconds;

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{database}: {clients} clients, {elapsed:0} s, peak working set {Interlocked.Read(ref peak) / (1024 * 1024)} MB (test process: server and clients)");
        report.AppendLine("| route | requests | per s | p50 ms | p99 ms | 2xx | 4xx | 5xx | failed |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var total = 0;
        var fivexx = 0;
        foreach (var (route, bag) in samples.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var all = bag.ToArray();
            var times = all.Select(s => s.Ms).Order().ToArray();
            total += all.Length;
            var five = all.Count(s => s.Status >= 500);
            fivexx += five;
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {route} | {all.Length} | {all.Length / elapsed:0.0} | {Measured.Percentile(times, 0.50):0} | {Measured.Percentile(times, 0.99):0} | {all.Count(s => s.Status is >= 200 and < 300)} | {all.Count(s => s.Status is >= 400 and < 500)} | {five} | {all.Count(s => s.Status <= 0)} |");
        }
        report.AppendLine(CultureInfo.InvariantCulture, $"total {total} requests, {total / elapsed:0.0}/s");
        report.AppendLine();
        report.AppendLine("| filing stage (server) | p50 ms | p99 ms | mean ms |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var row in FilingStageListener.Rows(stages))
        {
            report.AppendLine(row);
        }
        output.WriteLine(report.ToString());
        if (Environment.GetEnvironmentVariable("ORIGINALITY_LOAD_REPORT") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, report + "\n");
        }
        Assert.Equal(0, fivexx);
        Assert.Contains(samples["POST /api/complaints"], r => r.Status == 201);
        Assert.True(total > clients, report.ToString());
    }
}
