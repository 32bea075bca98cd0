using System.Threading.Channels;
using Dapper;
using Originality.Evidence;
using Originality.Server.Hosting;

namespace Originality.Server.Application;

/// <summary>
/// Delivers the signed tree heads of the log in the database to the witness webhooks
/// (<c>Evidence:Witnesses:Webhooks</c>) from any process: each witness has a cursor row
/// (<c>evidence_witness_cursors</c>, the last head position it took), claimed under a lease with
/// <c>FOR UPDATE SKIP LOCKED</c> like deadlines, webhooks and listing scans. The holder posts the
/// heads after the cursor in the log's order and moves the cursor after each one the witness
/// took, so a process killed at any point loses nothing: once its lease runs out, another process
/// (or the same one restarted) sends again from the cursor. A witness may see a head twice, never
/// miss one nor see them out of order.
/// </summary>
/// <remarks>
/// A head signed on this process wakes the loop at once; heads signed elsewhere are found within a
/// second. A refused head is tried again after a back-off (2^attempts s, at most 5 min) by whichever
/// process claims the cursor then. Thread-safe.
/// </remarks>
public sealed class DatabaseWitnessDelivery(
    IReadOnlyList<Uri> urls,
    EvidenceWitnessOptions options,
    ServerDatabase database,
    TimeProvider time,
    IHttpClientFactory http,
    ILogger<DatabaseWitnessDelivery> logger) : BackgroundService, ITreeHeadWitness
{
    private const int Batch = 100;
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromMinutes(5);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly string _worker = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public string Name => "webhooks (from the database) " + string.Join(", ", urls);

    /// <summary>Only a wake-up: the head is in the database, which is what is delivered.</summary>
    public Task PublishAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        _wake.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = http.CreateClient(WebhookTreeHeadWitness.HttpClientName);
        var witnesses = urls.Select(u => u.ToString()).ToList();
        var cursors = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!cursors)
                {
                    await EnsureCursorsAsync(witnesses, stoppingToken).ConfigureAwait(false);
                    cursors = true;
                }
                // Deliver while there is a cursor to take; then wait for a wake-up or the poll.
                while (await ClaimAsync(witnesses, stoppingToken).ConfigureAwait(false) is { } claim)
                {
                    await DeliverAsync(client, claim.Witness, claim.DeliveredPosition, stoppingToken).ConfigureAwait(false);
                }
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                poll.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    await _wake.Reader.ReadAsync(poll.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The poll interval passed.
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The database being away must not end delivery: the loop tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Delivering tree heads to the witnesses failed; trying again");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private long LeaseEnd => Now + (long)options.Lease.TotalMilliseconds;

    // A witness added to the configuration starts at the log's beginning: a witness needs every head.
    private async Task EnsureCursorsAsync(IReadOnlyList<string> witnesses, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO evidence_witness_cursors (witness, delivered_position, claimed_by, claimed_until, attempts, last_error) VALUES (@witness, 0, NULL, NULL, 0, NULL) ON CONFLICT (witness) DO NOTHING",
            witnesses.Select(w => new { witness = w }).ToList(), cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private sealed record Claim(string Witness, long DeliveredPosition);

    private async Task<Claim?> ClaimAsync(IReadOnlyList<string> witnesses, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Only a cursor with heads after it is worth a claim. (Dapper sends a list to Npgsql as an
        // array, which takes ANY; to SQLite it spells the list out for IN.)
        return await connection.QuerySingleOrDefaultAsync<Claim?>(new CommandDefinition($"""
            UPDATE evidence_witness_cursors SET claimed_by = @worker, claimed_until = @until
            WHERE witness = (SELECT c.witness FROM evidence_witness_cursors c
                             WHERE {(database.IsPostgres ? "c.witness = ANY(@witnesses)" : "c.witness IN @witnesses")} AND (c.claimed_until IS NULL OR c.claimed_until < @now)
                               AND EXISTS (SELECT 1 FROM evidence_heads h WHERE h.position > c.delivered_position)
                             ORDER BY c.witness LIMIT 1{(database.IsPostgres ? " FOR UPDATE OF c SKIP LOCKED" : "")})
            RETURNING witness AS Witness, delivered_position AS DeliveredPosition
            """, new { worker = _worker, until = LeaseEnd, now = Now, witnesses = witnesses.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private async Task DeliverAsync(HttpClient client, string witness, long after, CancellationToken cancellationToken)
    {
        var url = new Uri(witness);
        IReadOnlyList<(long Position, string Head)> heads;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            heads = [.. await connection.QueryAsync<(long, string)>(new CommandDefinition(
                "SELECT position, head FROM evidence_heads WHERE position > @after ORDER BY position LIMIT @limit",
                new { after, limit = Batch }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
        }
        foreach (var (position, json) in heads)
        {
            var error = await WebhookTreeHeadWitness.PostAsync(client, url, options.Secret, SignedTreeHead.FromJson(json), cancellationToken).ConfigureAwait(false);
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                // Released with a back-off: claimed_until is then "not before", for any process.
                var attempts = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT attempts FROM evidence_witness_cursors WHERE witness = @witness", new { witness }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var backOff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts), MaxBackOff.TotalSeconds));
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE evidence_witness_cursors SET claimed_by = NULL, claimed_until = @retryAt, attempts = attempts + 1, last_error = @error WHERE witness = @witness AND claimed_by = @worker",
                    new { witness, worker = _worker, retryAt = Now + (long)backOff.TotalMilliseconds, error }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                logger.LogWarning("Tree head witness {Url} did not take the head at position {Position} ({Error}); tried again in {BackOff}", url, position, error, backOff);
                return;
            }
            var moved = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE evidence_witness_cursors SET delivered_position = @position, claimed_until = @until, attempts = 0, last_error = NULL WHERE witness = @witness AND claimed_by = @worker",
                new { witness, worker = _worker, position, until = LeaseEnd }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (moved == 0)
            {
                logger.LogWarning("Delivery to witness {Url} was taken over by another process (this one's lease ran out); it stops here", url);
                return;
            }
        }
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE evidence_witness_cursors SET claimed_by = NULL, claimed_until = NULL WHERE witness = @witness AND claimed_by = @worker",
                new { witness, worker = _worker }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
