using System.ComponentModel.DataAnnotations;
using Dapper;
using NodaTime;
using Originality.Server.Hosting;

namespace Originality.Server.Application;

/// <summary>How a catalogue backfill is taken in (<c>Backfill:*</c>).</summary>
public sealed class BackfillOptions
{
    public const string Section = "Backfill";

    /// <summary>Listings in one batch request; more is refused whole, so a client learns the limit at once.</summary>
    [Range(1, 1000)]
    public int MaxListingsPerBatch { get; set; } = 100;

    /// <summary>Pictures of one listing (its main picture and SKUs).</summary>
    [Range(1, 100)]
    public int MaxPicturesPerListing { get; set; } = 20;
}

/// <summary>A catalogue pushed at once: its listings carry its id.</summary>
public sealed record BackfillRecord(string Id, string Name, Instant CreatedAt);

/// <summary>
/// Where a backfill stands, counted from its listings: how many wait, are being scanned, are done
/// or failed, and the pictures scanned so far.
/// </summary>
public sealed record BackfillProgress(
    BackfillRecord Backfill, int Listings, int Queued, int Scanning, int Scanned, int Failed,
    long PicturesTotal, long PicturesScanned, Instant? LastScannedAt)
{
    /// <summary>Every listing accepted so far is scanned or failed (a backfill still taking batches can be "done" between them).</summary>
    public bool Done => Queued == 0 && Scanning == 0;

    /// <summary>
    /// Pictures scanned per second from the backfill's creation to its last finished scan; null
    /// before the first. Includes any pause between the client's batches, so it is a lower bound
    /// of the scan rate.
    /// </summary>
    public double? PicturesPerSecond =>
        LastScannedAt is { } last && last > Backfill.CreatedAt && PicturesScanned > 0
            ? PicturesScanned / (last - Backfill.CreatedAt).TotalSeconds
            : null;
}

/// <summary>Backfills and their progress, in the Server's own tables beside the listings.</summary>
public sealed class BackfillStore(ServerDatabase database)
{
    public async Task<BackfillRecord> CreateAsync(string name, Instant now, CancellationToken cancellationToken)
    {
        var backfill = new BackfillRecord(Guid.CreateVersion7().ToString("D"), name, now);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_backfills (id, name, created_at) VALUES (@Id, @Name, @createdAt)",
            new { backfill.Id, backfill.Name, createdAt = backfill.CreatedAt.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return backfill;
    }

    public async Task<BackfillRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<BackfillRow>(new CommandDefinition(
            BackfillRow.Select + " WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>The newest backfills first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<BackfillRecord>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<BackfillRow>(new CommandDefinition(
            BackfillRow.Select + " ORDER BY created_at DESC, id DESC LIMIT @limit", new { limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>The backfill's progress: one grouped count over its listings (the <c>(backfill_id, state)</c> index).</summary>
    public async Task<BackfillProgress> ProgressAsync(BackfillRecord backfill, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backfill);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<StateRow>(new CommandDefinition("""
            SELECT state AS State, COUNT(*) AS Listings, CAST(SUM(pictures_total) AS BIGINT) AS PicturesTotal, CAST(SUM(pictures_done) AS BIGINT) AS PicturesDone, MAX(scanned_at) AS LastScannedAt
            FROM server_listings WHERE backfill_id = @id GROUP BY state
            """, new { id = backfill.Id }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        int Count(string state) => (int)rows.Where(r => r.State == state).Sum(r => r.Listings);
        var last = rows.Max(r => r.LastScannedAt);
        return new BackfillProgress(backfill, (int)rows.Sum(r => r.Listings),
            Count(ListingStore.States.Queued), Count(ListingStore.States.Scanning), Count(ListingStore.States.Scanned), Count(ListingStore.States.Failed),
            rows.Sum(r => r.PicturesTotal), rows.Sum(r => r.PicturesDone), last is { } ms ? Instant.FromUnixTimeMilliseconds(ms) : null);
    }

    private sealed class BackfillRow
    {
        public const string Select = "SELECT id AS Id, name AS Name, created_at AS CreatedAt FROM server_backfills";

        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public long CreatedAt { get; set; }

        public BackfillRecord ToRecord() => new(Id, Name, Instant.FromUnixTimeMilliseconds(CreatedAt));
    }

    private sealed class StateRow
    {
        public string State { get; set; } = "";
        public long Listings { get; set; }
        public long PicturesTotal { get; set; }
        public long PicturesDone { get; set; }
        public long? LastScannedAt { get; set; }
    }
}
