using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Npgsql;
using Originality.Server.Hosting;
using Originality.Storage;

namespace Originality.Server.Application;

/// <summary>How this process's index replica follows the database (<c>Replica</c> section).</summary>
public sealed class ReplicaOptions
{
    public const string Section = "Replica";

    /// <summary>
    /// The longest the replica waits before it reads the change feeds again, notification or not:
    /// the bound on how late a missed PostgreSQL notification (or SQLite, which has none) makes it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The replica's local journal (<see cref="IndexJournal"/>): start-up reads it, then only the
    /// database changes after it. Empty: no journal, every start reads every fingerprint row.
    /// Delete it after restoring the database from a backup.
    /// </summary>
    public string? JournalPath { get; set; }
}

/// <summary>
/// Keeps <see cref="PictureIndex"/> following the change feeds of filings and listing pictures, so
/// that a picture certified or published on any process is known to this one within about a
/// second. On PostgreSQL a dedicated connection LISTENs for the commit-time notification that the
/// feeds moved; the notification only wakes the follower, which then reads the feeds from its
/// position, and it reads them every <see cref="ReplicaOptions.PollInterval"/> anyway, so a lost
/// notification or a broken connection costs at most one interval. On SQLite it polls.
/// </summary>
public sealed class IndexFollower(
    PictureIndex index,
    ServerDatabase database,
    IOptions<StorageOptions> storage,
    IOptions<ReplicaOptions> options,
    ILogger<IndexFollower> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (database.IsPostgres)
                {
                    await FollowNotificationsAsync(interval, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await index.CatchUpAsync(stoppingToken).ConfigureAwait(false);
                    await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The database may be away for a while; the follower retries, the lag shows in /health/ready.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Following the change feeds failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FollowNotificationsAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        // Its own connection, outside the pool's reach: LISTEN belongs to the session.
        var builder = new NpgsqlConnectionStringBuilder(storage.Value.ResolveConnectionString()) { Pooling = false, KeepAlive = 10 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
            await using (var listen = new NpgsqlCommand("LISTEN " + ListingStore.ChangesChannel, connection))
            {
                await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
            }
            while (!stoppingToken.IsCancellationRequested)
            {
                // Read after LISTEN, never before: a change committed in between is read now or wakes the next wait.
                await index.CatchUpAsync(stoppingToken).ConfigureAwait(false);
                await connection.WaitAsync(interval, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
