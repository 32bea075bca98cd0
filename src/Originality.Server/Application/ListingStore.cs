using Dapper;
using NodaTime;
using Originality.Domain;
using Originality.Engine.Hashing;
using Originality.Server.Hosting;

namespace Originality.Server.Application;

/// <summary>A listing pushed by the marketplace and the progress of its scan.</summary>
public sealed record ListingRecord(
    string Id, string ExternalId, MemberId SellerId, string Category, string State, int PicturesTotal, int PicturesDone,
    string? Error, Instant CreatedAt, Instant? ScannedAt);

/// <summary>One picture of a listing (main or SKU), kept in the original-file store by its SHA-256.</summary>
public sealed record ListingPicture(
    string PictureId, string ListingId, MemberId SellerId, string Role, int Position, string FileName, string Sha256,
    Hash256 Hash, bool HasHash, int Width, int Height, Instant PublishedAt);

/// <summary>
/// A listing picture that copies another member's certified picture (D-1): a stolen-picture
/// warning to the seller and a match notice to the owner.
/// </summary>
public sealed record MatchRecord(
    string Id, string ListingId, string PictureId, MemberId SellerId, MemberId OwnerId, string FilingId,
    int Distance, double Score, string SuspectRegion, string OriginalRegion, Instant CreatedAt);

/// <summary>
/// Listings, their pictures and the matches found in them. The rulebook has no listing aggregate,
/// so these live in the Server's own tables beside Storage's.
/// </summary>
public sealed class ListingStore(ServerDatabase database)
{
    public static class States
    {
        public const string Queued = "queued";
        public const string Scanning = "scanning";
        public const string Scanned = "scanned";
        public const string Failed = "failed";
    }

    public Task CreateAsync(ListingRecord listing, IReadOnlyList<ListingPicture> pictures, CancellationToken cancellationToken) =>
        CreateManyAsync([(listing, pictures)], null, cancellationToken);

    /// <summary>
    /// Stores listings and their pictures in one transaction: a batch is accepted whole or not at
    /// all, and a backfill's listings (<paramref name="backfillId"/>) are queued behind live ones.
    /// </summary>
    public async Task CreateManyAsync(
        IReadOnlyList<(ListingRecord Listing, IReadOnlyList<ListingPicture> Pictures)> batch, string? backfillId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (listing, pictures) in batch)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO server_listings (id, external_id, seller_id, category, state, pictures_total, pictures_done, error, created_at, scanned_at, backfill_id)
                VALUES (@Id, @ExternalId, @SellerId, @Category, @State, @PicturesTotal, 0, NULL, @CreatedAt, NULL, @backfillId)
                """,
                new { listing.Id, listing.ExternalId, SellerId = listing.SellerId.ToString(), listing.Category, listing.State, PicturesTotal = (long)listing.PicturesTotal, CreatedAt = Ms(listing.CreatedAt), backfillId },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            // Dapper runs the statement once per element of the list, on this one prepared command.
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO server_listing_pictures (id, listing_id, seller_id, role, position, file_name, sha256, pdq, width, height, published_at)
                VALUES (@PictureId, @ListingId, @SellerId, @Role, @Position, @FileName, @Sha256, NULL, 0, 0, @PublishedAt)
                """,
                pictures.Select(p => new { p.PictureId, p.ListingId, SellerId = p.SellerId.ToString(), p.Role, Position = (long)p.Position, p.FileName, p.Sha256, PublishedAt = Ms(p.PublishedAt) }).ToList(),
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ListingRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<ListingRow>(new CommandDefinition(
            ListingRow.Select + " WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<ListingRecord>> ListAsync(MemberId? seller, string? state, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ListingRow>(new CommandDefinition(
            ListingRow.Select + " WHERE (@seller IS NULL OR seller_id = @seller) AND (@state IS NULL OR state = @state) ORDER BY created_at, id",
            new { seller = seller?.ToString(), state }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<IReadOnlyList<ListingRecord>> ListByExternalIdAsync(string externalId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ListingRow>(new CommandDefinition(
            ListingRow.Select + " WHERE external_id = @externalId ORDER BY created_at, id", new { externalId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<IReadOnlyList<ListingPicture>> PicturesOfAsync(string listingId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PictureRow>(new CommandDefinition(
            PictureRow.Select + " WHERE listing_id = @listingId ORDER BY position", new { listingId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<ListingPicture?> GetPictureAsync(string pictureId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<PictureRow>(new CommandDefinition(
            PictureRow.Select + " WHERE id = @pictureId", new { pictureId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<ListingPicture>> AllPicturesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PictureRow>(new CommandDefinition(
            PictureRow.Select + " WHERE pdq IS NOT NULL ORDER BY published_at", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>
    /// Published pictures that entered the index after change <paramref name="afterSequence"/>, in
    /// change order, each with its change number to resume from (the index replica's feed).
    /// </summary>
    public async Task<IReadOnlyList<(long Sequence, ListingPicture Picture)>> PicturesChangedSinceAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PictureRow>(new CommandDefinition(
            PictureRow.Select + " WHERE change_seq > @afterSequence ORDER BY change_seq LIMIT @limit",
            new { afterSequence, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => (r.ChangeSeq ?? 0, r.ToRecord()))];
    }

    /// <summary>The newest listing-picture change number committed (0 when none).</summary>
    public async Task<long> LatestChangeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(change_seq) FROM server_listing_pictures", cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
    }

    /// <summary>The PostgreSQL channel the change feeds notify on (the same one Storage's filings use).</summary>
    public const string ChangesChannel = "originality_changes";

    // "ORIGLIST" as a 64-bit integer: the listing-picture feed's commit-order lock.
    private const string ListingChangesLockKey = "5715711447657960276";

    /// <summary>Records one scanned picture and its matches together, and counts it done.</summary>
    public async Task RecordScannedPictureAsync(ListingPicture picture, IReadOnlyList<MatchRecord> matches, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (picture.HasHash && database.IsPostgres)
        {
            // A sequence number is taken now but seen at commit: holding this lock until commit
            // makes the two orders equal, so a replica reading "after N" never skips a late commit.
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(" + ListingChangesLockKey + ")", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        var nextChange = !picture.HasHash ? "NULL"
            : database.IsPostgres ? "nextval('listing_pictures_change_seq')"
            : "(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM server_listing_pictures)"; // under SQLite's write lock
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE server_listing_pictures SET pdq = @pdq, width = @width, height = @height, change_seq = {nextChange} WHERE id = @id",
            new { id = picture.PictureId, pdq = picture.HasHash ? picture.Hash.ToString() : null, width = (long)picture.Width, height = (long)picture.Height },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (picture.HasHash && database.IsPostgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_notify('" + ChangesChannel + "', '')", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        foreach (var m in matches)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO server_matches (id, listing_id, picture_id, seller_id, owner_id, filing_id, distance, score, suspect_region, original_region, created_at)
                VALUES (@Id, @ListingId, @PictureId, @SellerId, @OwnerId, @FilingId, @Distance, @Score, @SuspectRegion, @OriginalRegion, @CreatedAt)
                """,
                new
                {
                    m.Id, m.ListingId, m.PictureId, SellerId = m.SellerId.ToString(), OwnerId = m.OwnerId.ToString(), m.FilingId,
                    Distance = (long)m.Distance, m.Score, m.SuspectRegion, m.OriginalRegion, CreatedAt = Ms(m.CreatedAt),
                },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE server_listings SET pictures_done = pictures_done + 1 WHERE id = @id",
            new { id = picture.ListingId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MatchRecord>> MatchesAsync(MemberId? seller, MemberId? owner, string? listingId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<MatchRow>(new CommandDefinition(
            MatchRow.Select + """
             WHERE (@seller IS NULL OR seller_id = @seller) AND (@owner IS NULL OR owner_id = @owner) AND (@listingId IS NULL OR listing_id = @listingId)
             ORDER BY created_at DESC, id
            """,
            new { seller = seller?.ToString(), owner = owner?.ToString(), listingId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<MatchRecord?> GetMatchAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<MatchRow>(new CommandDefinition(
            MatchRow.Select + " WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>
    /// Claims the oldest listing waiting for a scan, or one whose scanner's lease ran out (it died),
    /// for <paramref name="worker"/> until <paramref name="until"/>; null when there is none. On
    /// PostgreSQL <c>FOR UPDATE SKIP LOCKED</c> keeps two processes off the same listing; on SQLite
    /// the single statement runs under the write lock.
    /// </summary>
    /// <remarks>
    /// Live listings (pushed one by one) go before a backfill's, however many of those wait: a
    /// marketplace's new listing is warned about within its scan time even during a catalogue
    /// backfill. Two statements, each served by its own index (live ones by
    /// <c>(backfill_id, state)</c>, backfills in order by <c>(state, created_at)</c>), so a claim
    /// never sorts the whole queue.
    /// </remarks>
    public async Task<string?> ClaimNextScanAsync(string worker, Instant now, Instant until, CancellationToken cancellationToken) =>
        await ClaimAsync("backfill_id IS NULL", worker, now, until, cancellationToken).ConfigureAwait(false)
        ?? await ClaimAsync("backfill_id IS NOT NULL", worker, now, until, cancellationToken).ConfigureAwait(false);

    private async Task<string?> ClaimAsync(string which, string worker, Instant now, Instant until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition($"""
            UPDATE server_listings SET claimed_by = @worker, claimed_until = @until
            WHERE id = (SELECT id FROM server_listings
                        WHERE {which} AND state IN ('queued', 'scanning') AND (claimed_until IS NULL OR claimed_until < @now)
                        ORDER BY created_at, id LIMIT 1{(database.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "")})
            RETURNING id
            """, new { worker, now = Ms(now), until = Ms(until) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Extends the worker's lease on a listing; false when the listing is no longer its own (the lease ran out and another took it).</summary>
    public async Task<bool> RenewScanAsync(string listingId, string worker, Instant until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE server_listings SET claimed_until = @until WHERE id = @listingId AND claimed_by = @worker",
            new { listingId, worker, until = Ms(until) }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>Ends a scan the worker holds: sets the final state and releases the claim; false when the claim was lost.</summary>
    public async Task<bool> FinishScanAsync(string listingId, string worker, string state, string? error, Instant? scannedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE server_listings SET state = @state, error = @error, scanned_at = @scannedAt, claimed_by = NULL, claimed_until = NULL WHERE id = @listingId AND claimed_by = @worker",
            new { listingId, worker, state, error, scannedAt = scannedAt is { } s ? Ms(s) : (long?)null }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>Forgets partial results of an interrupted scan so that rescanning does not count twice.</summary>
    public async Task ResetScanAsync(string listingId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM server_matches WHERE listing_id = @listingId", new { listingId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE server_listings SET pictures_done = 0, state = 'scanning' WHERE id = @listingId", new { listingId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static long Ms(Instant instant) => instant.ToUnixTimeMilliseconds();

    private static Instant FromMs(long ms) => Instant.FromUnixTimeMilliseconds(ms);

    private static MemberId Member(string id) => new(Guid.Parse(id));

    private sealed class ListingRow
    {
        public const string Select = """
            SELECT id AS Id, external_id AS ExternalId, seller_id AS SellerId, category AS Category, state AS State,
                   pictures_total AS PicturesTotal, pictures_done AS PicturesDone, error AS Error, created_at AS CreatedAt, scanned_at AS ScannedAt
            FROM server_listings
            """;

        public string Id { get; set; } = "";
        public string ExternalId { get; set; } = "";
        public string SellerId { get; set; } = "";
        public string Category { get; set; } = "";
        public string State { get; set; } = "";
        public long PicturesTotal { get; set; }
        public long PicturesDone { get; set; }
        public string? Error { get; set; }
        public long CreatedAt { get; set; }
        public long? ScannedAt { get; set; }

        public ListingRecord ToRecord() => new(Id, ExternalId, Member(SellerId), Category, State, (int)PicturesTotal, (int)PicturesDone, Error,
            FromMs(CreatedAt), ScannedAt is { } s ? FromMs(s) : null);
    }

    private sealed class PictureRow
    {
        public const string Select = """
            SELECT id AS Id, listing_id AS ListingId, seller_id AS SellerId, role AS Role, position AS Position, file_name AS FileName,
                   sha256 AS Sha256, pdq AS Pdq, width AS Width, height AS Height, published_at AS PublishedAt, change_seq AS ChangeSeq
            FROM server_listing_pictures
            """;

        public string Id { get; set; } = "";
        public string ListingId { get; set; } = "";
        public string SellerId { get; set; } = "";
        public string Role { get; set; } = "";
        public long Position { get; set; }
        public string FileName { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public string? Pdq { get; set; }
        public long Width { get; set; }
        public long Height { get; set; }
        public long PublishedAt { get; set; }
        public long? ChangeSeq { get; set; }

        public ListingPicture ToRecord()
        {
            var hasHash = Hash256.TryParse(Pdq, out var hash);
            return new(Id, ListingId, Member(SellerId), Role, (int)Position, FileName, Sha256, hash, hasHash, (int)Width, (int)Height, FromMs(PublishedAt));
        }
    }

    private sealed class MatchRow
    {
        public const string Select = """
            SELECT id AS Id, listing_id AS ListingId, picture_id AS PictureId, seller_id AS SellerId, owner_id AS OwnerId, filing_id AS FilingId,
                   distance AS Distance, score AS Score, suspect_region AS SuspectRegion, original_region AS OriginalRegion, created_at AS CreatedAt
            FROM server_matches
            """;

        public string Id { get; set; } = "";
        public string ListingId { get; set; } = "";
        public string PictureId { get; set; } = "";
        public string SellerId { get; set; } = "";
        public string OwnerId { get; set; } = "";
        public string FilingId { get; set; } = "";
        public long Distance { get; set; }
        public double Score { get; set; }
        public string SuspectRegion { get; set; } = "";
        public string OriginalRegion { get; set; } = "";
        public long CreatedAt { get; set; }

        public MatchRecord ToRecord() => new(Id, ListingId, PictureId, Member(SellerId), Member(OwnerId), FilingId, (int)Distance, Score,
            SuspectRegion, OriginalRegion, FromMs(CreatedAt));
    }
}
