using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using NodaTime;
using Originality.Server.Hosting;
using Originality.Storage;
using Originality.Storage.Outbox;

namespace Originality.Server.Application;

/// <summary>A receiver of events that the operator registered.</summary>
public sealed record Webhook(string Id, string Url, string Secret, Instant CreatedAt);

/// <summary>The operator's webhooks, kept in the Server's table.</summary>
public sealed class WebhookStore(ServerDatabase database)
{
    public async Task AddAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_webhooks (id, url, secret, created_at) VALUES (@Id, @Url, @Secret, @CreatedAt)",
            new { webhook.Id, webhook.Url, webhook.Secret, CreatedAt = webhook.CreatedAt.ToString() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM server_webhooks WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Id, string Url, string Secret, string CreatedAt)>(new CommandDefinition(
            "SELECT id, url, secret, created_at FROM server_webhooks ORDER BY created_at, id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new Webhook(r.Id, r.Url, r.Secret, NodaTime.Text.InstantPattern.ExtendedIso.Parse(r.CreatedAt).GetValueOrThrow()))];
    }
}

/// <summary>
/// Delivers the transactional outbox to every registered webhook: the body is the event's JSON,
/// signed with HMAC-SHA256 of the webhook's secret (<c>X-Originality-Signature: sha256=…</c>).
/// A failed delivery is retried with exponential back-off (at least once; receivers de-duplicate
/// by <c>X-Originality-Event-Id</c>); events wait in the outbox until delivered, so none is lost.
/// </summary>
public sealed class WebhookDispatcher(
    OriginalityStore store,
    WebhookStore webhooks,
    IHttpClientFactory http,
    Hosting.ServerMetrics metrics,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const int MaxAttempts = 20;

    // One name per process: a late acknowledgement from a process whose lease was taken over is refused.
    private readonly OutboxReader _reader = new(store, $"webhooks/{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>Back-off after the n-th failed attempt: 2, 4, 8 … seconds, at most an hour.</summary>
    public static Duration BackOff(int attempts) => Duration.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Clamp(attempts, 1, 12))));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                if (delivered == 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The dispatcher must outlive a database outage; it retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Webhook dispatch failed");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var messages = await _reader.ClaimAsync(20, Duration.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        if (messages.Count == 0)
        {
            return 0;
        }
        var targets = await webhooks.ListAsync(cancellationToken).ConfigureAwait(false);
        using var client = http.CreateClient("webhooks");
        foreach (var message in messages)
        {
            string? error = null;
            foreach (var target in targets)
            {
                error ??= await PostAsync(client, target, message, cancellationToken).ConfigureAwait(false);
            }
            if (error is not null)
            {
                metrics.WebhookFailures.Add(1);
            }
            if (error is null)
            {
                await _reader.MarkDeliveredAsync(message.Sequence, cancellationToken).ConfigureAwait(false);
            }
            else if (message.Attempts >= MaxAttempts)
            {
                await _reader.AbandonAsync(message.Sequence, error, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _reader.MarkFailedAsync(message.Sequence, error, store.Clock.GetCurrentInstant() + BackOff(message.Attempts), cancellationToken).ConfigureAwait(false);
            }
        }
        return messages.Count;
    }

    private static async Task<string?> PostAsync(HttpClient client, Webhook target, OutboxMessage message, CancellationToken cancellationToken)
    {
        var body = $$"""{"id":"{{message.EventId}}","topic":"{{message.Topic}}","createdAt":"{{message.CreatedAt}}","data":{{message.Payload}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Originality-Event", message.Topic);
        request.Headers.Add("X-Originality-Event-Id", message.EventId.ToString());
        request.Headers.Add("X-Originality-Signature", Sign(target.Secret, body));
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : string.Create(CultureInfo.InvariantCulture, $"{target.Url}: HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return $"{target.Url}: {ex.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{target.Url}: timed out";
        }
    }
}
