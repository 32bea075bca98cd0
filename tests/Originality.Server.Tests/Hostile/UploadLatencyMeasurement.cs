using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Originality.Server.Hosting;
using Originality.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Originality.Server.Tests.Hostile;

/// <summary>Runs only when ORIGINALITY_UPLOAD_SAMPLES is set.</summary>
public sealed class UploadMeasurementFactAttribute() : MeasurementFactAttribute("ORIGINALITY_UPLOAD_SAMPLES", "(uploads per database) to run it");

/// <summary>
/// Issue 10: one upload of a 1600×1200 JPEG to its certificate on an idle server, and where its
/// time goes. Uploads go one at a time over real sockets (Kestrel on loopback); the server's own
/// per-stage histogram (<c>originality.filing.stage.duration</c>) is read with a
/// <see cref="MeterListener"/>, so the breakdown is the one an operator sees in /metrics. Each
/// picture is new (no copy of anything filed), the common case of an intake. The table goes to
/// the test output and to ORIGINALITY_LOAD_REPORT when set.
/// </summary>
public sealed class UploadLatencyMeasurement(ITestOutputHelper output)
{
    private const int Warmup = 5;

    [UploadMeasurementFact]
    public Task Upload_to_certificate_on_sqlite() => RunAsync(Database.Sqlite);

    [UploadMeasurementFact]
    public Task Upload_to_certificate_on_postgres() => RunAsync(Database.Postgres);

    private async Task RunAsync(Database database)
    {
        var samples = int.Parse(Environment.GetEnvironmentVariable("ORIGINALITY_UPLOAD_SAMPLES")!, CultureInfo.InvariantCulture);
        var (host, address) = Measured.StartOnLoopback(database);
        await using var server = host;
        var market = new Marketplace(server);
        var seller = await market.MemberAsync("latency");
        var folder = await Marketplace.FolderAsync(seller);
        var pictures = Enumerable.Range(0, samples + Warmup)
            .Select(i => TestPictures.Original(20_000 + i, 1600, 1200, SkiaSharp.SKEncodedImageFormat.Jpeg)).ToArray();

        var stages = new List<(int Upload, string Stage, double Ms)>();
        var current = -1;
        using var listener = new FilingStageListener((stage, ms) =>
        {
            lock (stages)
            {
                stages.Add((Volatile.Read(ref current), stage, ms));
            }
        });

        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", seller.ApiKey);
        var uploads = new List<double>();
        var toCertificate = new List<double>();
        for (var i = 0; i < pictures.Length; i++)
        {
            Volatile.Write(ref current, i);
            using var form = new MultipartFormDataContent();
            var picture = new ByteArrayContent(pictures[i]);
            picture.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(picture, "files", $"photo{i}.jpg");
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsync(new Uri($"/api/folders/{folder}/pictures", UriKind.Relative), form);
            var body = await response.Content.ReadAsStringAsync();
            var uploaded = watch.Elapsed.TotalMilliseconds;
            Assert.True(response.IsSuccessStatusCode, body);
            var outcome = JsonDocument.Parse(body).RootElement.GetProperty("files")[0];
            Assert.Equal("certified", outcome.GetProperty("outcome").GetString());
            using var certificate = await http.GetAsync(new Uri(outcome.GetProperty("certificateUrl").GetString()!, UriKind.Relative));
            await certificate.Content.ReadAsByteArrayAsync();
            Assert.True(certificate.IsSuccessStatusCode);
            if (i >= Warmup)
            {
                uploads.Add(uploaded);
                toCertificate.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        listener.Dispose();

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"{database}: {samples} uploads of a new 1600×1200 JPEG ({pictures.Skip(Warmup).Average(p => p.Length) / 1024:0} KB on average), one at a time, after {Warmup} warm-up uploads");
        report.AppendLine("| stage | p50 ms | p99 ms | mean ms |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        var measured = stages.Where(s => s.Upload >= Warmup).ToArray();
        foreach (var row in FilingStageListener.Rows(measured.Select(s => (s.Stage, s.Ms))))
        {
            report.AppendLine(row);
        }
        var serverTotals = measured.GroupBy(s => s.Upload).Select(g => g.Sum(s => s.Ms)).Order().ToArray();
        report.AppendLine(CultureInfo.InvariantCulture, $"| all stages (server) | {Measured.Percentile(serverTotals, 0.5):0.0} | {Measured.Percentile(serverTotals, 0.99):0.0} | {serverTotals.Average():0.0} |");
        var up = uploads.Order().ToArray();
        var cert = toCertificate.Order().ToArray();
        report.AppendLine(CultureInfo.InvariantCulture, $"| upload request (client) | {Measured.Percentile(up, 0.5):0.0} | {Measured.Percentile(up, 0.99):0.0} | {up.Average():0.0} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| upload and certificate (client) | {Measured.Percentile(cert, 0.5):0.0} | {Measured.Percentile(cert, 0.99):0.0} | {cert.Average():0.0} |");
        output.WriteLine(report.ToString());
        if (Environment.GetEnvironmentVariable("ORIGINALITY_LOAD_REPORT") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, report + "\n");
        }
        Assert.Equal(samples, up.Length);
        Assert.All(measured.GroupBy(s => s.Upload), g => Assert.Contains(g, s => s.Stage == "evidence"));
    }
}
