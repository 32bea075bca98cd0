using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Originality.Evidence;

namespace Originality.Server.Application;

/// <summary>Where each signed tree head is exported (<c>Evidence:Witnesses</c>).</summary>
public sealed class EvidenceWitnessOptions
{
    public const string Section = "Evidence:Witnesses";

    /// <summary>A file that gets one JSON line per head (<see cref="FileTreeHeadWitness"/>).</summary>
    public string? File { get; set; }

    /// <summary>URLs that get each head POSTed as JSON.</summary>
    public IList<string> Webhooks { get; } = [];

    /// <summary>When set, webhook bodies carry <c>X-Originality-Signature: sha256=HMAC(secret, body)</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// With the log in the database: how long a process holds a witness's delivery before another
    /// may take it over (it died); renewed after every head delivered.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}

public static class EvidenceWitnessSetup
{
    /// <summary>Registers the configured witnesses as <see cref="ITreeHeadWitness"/>; none when nothing is configured.</summary>
    public static IServiceCollection AddEvidenceWitnesses(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new EvidenceWitnessOptions();
        configuration.GetSection(EvidenceWitnessOptions.Section).Bind(options);
        if (!string.IsNullOrWhiteSpace(options.File))
        {
            var path = Path.GetFullPath(options.File);
            services.AddSingleton<ITreeHeadWitness>(_ =>
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new FileTreeHeadWitness(path);
            });
        }
        var urls = new List<Uri>();
        foreach (var url in options.Webhooks.Where(u => !string.IsNullOrWhiteSpace(u)))
        {
            // A typo in a witness address should stop the host now, not lose heads silently.
            urls.Add(Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? parsed
                : throw new InvalidOperationException($"{EvidenceWitnessOptions.Section}:Webhooks has '{url}', which is not an absolute http(s) URL."));
        }
        if (urls.Count > 0)
        {
            services.AddHttpClient(WebhookTreeHeadWitness.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
            services.AddSingleton(sp => new WebhookTreeHeadWitness(
                urls, options.Secret,
                sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<ILogger<WebhookTreeHeadWitness>>()));
            services.AddSingleton(sp => new DatabaseWitnessDelivery(
                urls, options, sp.GetRequiredService<Hosting.ServerDatabase>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<ILogger<DatabaseWitnessDelivery>>()));
            // With the log in the database every process delivers from the shared heads under a
            // lease; with the file log the one process queues its own heads in memory.
            static bool InDatabase(IServiceProvider sp) =>
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EvidenceOptions>>().Value.InDatabase(sp.GetRequiredService<Hosting.ServerDatabase>().IsPostgres);
            services.AddSingleton<ITreeHeadWitness>(sp => InDatabase(sp) ? sp.GetRequiredService<DatabaseWitnessDelivery>() : sp.GetRequiredService<WebhookTreeHeadWitness>());
            services.AddSingleton<IHostedService>(sp => InDatabase(sp) ? sp.GetRequiredService<DatabaseWitnessDelivery>() : sp.GetRequiredService<WebhookTreeHeadWitness>());
        }
        return services;
    }
}

/// <summary>
/// POSTs every new signed tree head, as its JSON (docs/evidence.md section 4), to each URL.
/// Publishing only queues the head, so a slow or dead receiver never holds up the issuer, filing
/// or certificates. Heads a receiver did not take are kept and sent again, in order, when the
/// next head comes (at least hourly through the heartbeat): a witness needs every head.
/// </summary>
public sealed class WebhookTreeHeadWitness(
    IReadOnlyList<Uri> urls,
    string? secret,
    IHttpClientFactory http,
    ILogger<WebhookTreeHeadWitness> logger) : BackgroundService, ITreeHeadWitness
{
    public const string HttpClientName = "evidence-witnesses";

    /// <summary>Undelivered heads kept per receiver; beyond this the oldest are dropped (and logged).</summary>
    public const int MaxPending = 10_000;

    private readonly Channel<SignedTreeHead> _queue = Channel.CreateUnbounded<SignedTreeHead>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Uri, Queue<SignedTreeHead>> _pending = urls.ToDictionary(u => u, _ => new Queue<SignedTreeHead>());

    public string Name => "webhooks " + string.Join(", ", urls);

    public Task PublishAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        _queue.Writer.TryWrite(head);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = http.CreateClient(HttpClientName);
        try
        {
            await foreach (var head in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var (url, pending) in _pending)
                {
                    pending.Enqueue(head);
                    if (pending.Count > MaxPending)
                    {
                        var dropped = pending.Dequeue();
                        logger.LogError("Tree head witness {Url} is {Count} heads behind; dropped the head of size {Size}", url, MaxPending, dropped.Size);
                    }
                    await DeliverAsync(client, url, pending, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: undelivered heads are in the heads file and go out again via the history API.
        }
    }

    private async Task DeliverAsync(HttpClient client, Uri url, Queue<SignedTreeHead> pending, CancellationToken cancellationToken)
    {
        while (pending.TryPeek(out var head))
        {
            var error = await PostAsync(client, url, secret, head, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                logger.LogWarning("Tree head witness {Url} did not take the head of size {Size} ({Error}); {Count} heads wait for the next head",
                    url, head.Size, error, pending.Count);
                return;
            }
            pending.Dequeue();
        }
    }

    /// <summary>POSTs one head; null when the witness took it (2xx), else what went wrong.</summary>
    internal static async Task<string?> PostAsync(HttpClient client, Uri url, string? secret, SignedTreeHead head, CancellationToken cancellationToken)
    {
        var body = head.ToJson();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Originality-Event", "evidence.tree-head");
        if (!string.IsNullOrEmpty(secret))
        {
            request.Headers.Add("X-Originality-Signature", WebhookDispatcher.Sign(secret, body));
        }
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
    }
}
