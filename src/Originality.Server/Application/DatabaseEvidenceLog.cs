using System.Data.Common;
using Dapper;
using Originality.Evidence;
using Originality.Server.Hosting;

namespace Originality.Server.Application;

/// <summary>
/// The evidence log kept in the database (<c>evidence_leaves</c>, <c>evidence_heads</c>), so every
/// process on one PostgreSQL writes and proves one history (F-6). Each process holds the Merkle
/// tree of the leaves in memory, refreshed from the table before it answers.
/// </summary>
/// <remarks>
/// <para>One writer at a time, without a leader to elect: every append and every head is one short
/// transaction that first takes a transaction-scoped advisory lock (PostgreSQL) or the write lock
/// (SQLite). Inside it the writer reads the newest leaf and head, so numbering never forks, and
/// commit releases the lock. A process killed while holding it loses its connection, and with it
/// the lock and the uncommitted leaf, so another process goes on at once: there is no lease to
/// wait out. The leaf and its <c>server_evidence</c> row commit together, so a crash can no longer
/// leave one without the other.</para>
/// <para>Thread-safe: the in-memory tree and head list change only under their locks.</para>
/// </remarks>
public sealed class DatabaseEvidenceLog : IDisposable
{
    // "ORIGEVID" as a 64-bit integer: the evidence log's writer lock.
    private const long WriterLockKey = 0x4F52494745564944;

    private readonly ServerDatabase _database;
    private readonly EvidenceSigningKey _key;
    private readonly IReadOnlyList<ITreeHeadWitness> _witnesses;
    private readonly TimeProvider _time;
    private readonly TreeHeadIssuerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _treeLock = new();
    private readonly MerkleTree _tree = new();
    private IReadOnlyList<SignedTreeHead> _heads = [];
    private long _headPosition;

    public DatabaseEvidenceLog(ServerDatabase database, EvidenceSigningKey key, IEnumerable<ITreeHeadWitness> witnesses, TimeProvider time, ILogger logger, TreeHeadIssuerOptions? options = null)
    {
        _database = database;
        _key = key;
        _witnesses = [.. witnesses];
        _time = time;
        _logger = logger;
        _options = options ?? TreeHeadIssuerOptions.Default;
    }

    /// <summary>Leaves in the log as this process last read it.</summary>
    public long Count
    {
        get
        {
            lock (_treeLock)
            {
                return _tree.Count;
            }
        }
    }

    /// <summary>Every signed head, oldest first, as this process last read them.</summary>
    public IReadOnlyList<SignedTreeHead> Heads => Volatile.Read(ref _heads);

    /// <summary>The newest signed head, or null before the first.</summary>
    public SignedTreeHead? LatestHead => Heads is { Count: > 0 } heads ? heads[^1] : null;

    /// <summary>
    /// Reads every leaf and head from the table and checks them: leaf indexes without gaps from 0,
    /// each leaf hash the hash of its record, sequences increasing, and every head's root the root
    /// of the tree of its size. Returns the leaves' records by filing id, for the host's check
    /// against the stored filings.
    /// </summary>
    /// <exception cref="EvidenceLogCorruptException">The tables do not hold one consistent log.</exception>
    public async Task<IReadOnlyDictionary<string, (long LeafIndex, FilingRecord Record, byte[] Bytes)>> LoadAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var leaves = new Dictionary<string, (long, FilingRecord, byte[])>(StringComparer.Ordinal);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long LeafIndex, long Sequence, string FilingId, byte[] Record, byte[] LeafHash)>(new CommandDefinition(
            "SELECT leaf_index, sequence, filing_id, record, leaf_hash FROM evidence_leaves ORDER BY leaf_index",
            cancellationToken: cancellationToken, flags: CommandFlags.None)).ConfigureAwait(false);
        var previousSequence = -1L;
        lock (_treeLock)
        {
            foreach (var row in rows)
            {
                if (row.LeafIndex != _tree.Count)
                {
                    problems.Add($"leaf {_tree.Count} is missing (the next row is leaf {row.LeafIndex})");
                    break;
                }
                var hash = MerkleHash.Leaf(row.Record);
                if (!hash.AsSpan().SequenceEqual(row.LeafHash))
                {
                    problems.Add($"leaf {row.LeafIndex} (filing {row.FilingId}): its record no longer hashes to its leaf hash");
                }
                FilingRecord? record = null;
                try
                {
                    record = FilingRecord.FromCanonicalBytes(row.Record);
                }
                catch (EvidenceFormatException e)
                {
                    problems.Add($"leaf {row.LeafIndex} (filing {row.FilingId}) does not decode: {e.Message}");
                }
                if (record is not null && (record.Sequence != row.Sequence || row.Sequence <= previousSequence))
                {
                    problems.Add($"leaf {row.LeafIndex} has sequence {row.Sequence} (record {record.Sequence}) after {previousSequence}");
                }
                previousSequence = row.Sequence;
                _tree.Append(row.LeafHash);
                if (record is not null)
                {
                    leaves[row.FilingId] = (row.LeafIndex, record, row.Record);
                }
            }
        }
        await ReadHeadsAsync(connection, null, cancellationToken).ConfigureAwait(false);
        foreach (var head in Heads)
        {
            if (!Matches(head))
            {
                problems.Add($"the signed head of size {head.Size} at {head.Head.Timestamp:O} is not a head of the stored leaves (leaves lost or changed)");
            }
        }
        if (problems.Count > 0)
        {
            throw new EvidenceLogCorruptException(
                $"The evidence log in the database is not one consistent log ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}): "
                + string.Join("; ", problems.Take(10)) + ". The server does not start; see docs/evidence.md, \"Start-up check and repair\".");
        }
        return leaves;
    }

    /// <summary>Reads the leaves and heads other processes committed since this process last looked.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task RefreshAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var count = Count;
            var rows = await connection.QueryAsync<(long LeafIndex, byte[] LeafHash)>(new CommandDefinition(
                "SELECT leaf_index, leaf_hash FROM evidence_leaves WHERE leaf_index >= @count ORDER BY leaf_index",
                new { count }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            lock (_treeLock)
            {
                foreach (var (leafIndex, leafHash) in rows)
                {
                    if (leafIndex != _tree.Count)
                    {
                        throw new EvidenceLogCorruptException($"The evidence log in the database has a gap at leaf {_tree.Count}.");
                    }
                    _tree.Append(leafHash);
                }
            }
            // Heads after leaves: a head is only ever listed once the tree it signs is here.
            await ReadHeadsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task ReadHeadsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<(long Position, string Head)>(new CommandDefinition(
            "SELECT position, head FROM evidence_heads WHERE position > @after ORDER BY position",
            new { after = _headPosition }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        var heads = new List<SignedTreeHead>(Heads);
        foreach (var (position, json) in rows)
        {
            heads.Add(SignedTreeHead.FromJson(json));
            _headPosition = position;
        }
        Volatile.Write(ref _heads, heads);
    }

    /// <summary>
    /// Appends a filing's record (built by <paramref name="recordAt"/> for the sequence it gets)
    /// unless the filing is already in the log; returns its leaf index and sequence.
    /// </summary>
    public async Task<(long LeafIndex, long Sequence)> AppendAsync(string filingId, Func<long, FilingRecord> recordAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordAt);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var existing = await connection.QuerySingleOrDefaultAsync<(long LeafIndex, long Sequence)?>(new CommandDefinition(
            "SELECT leaf_index, sequence FROM evidence_leaves WHERE filing_id = @filingId", new { filingId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (existing is { } found)
        {
            return found;
        }
        var last = await connection.QuerySingleOrDefaultAsync<(long LeafIndex, long Sequence)?>(new CommandDefinition(
            "SELECT leaf_index, sequence FROM evidence_leaves ORDER BY leaf_index DESC LIMIT 1", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var leafIndex = last is { } l ? l.LeafIndex + 1 : 0;
        var sequence = last is { } s ? s.Sequence + 1 : 0;
        var bytes = recordAt(sequence).ToCanonicalBytes();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO evidence_leaves (leaf_index, sequence, filing_id, record, leaf_hash, appended_at)
            VALUES (@leafIndex, @sequence, @filingId, @bytes, @hash, @at)
            """,
            new { leafIndex, sequence, filingId, bytes, hash = MerkleHash.Leaf(bytes), at = _time.GetUtcNow().ToUnixTimeMilliseconds() },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_evidence (filing_id, sequence) VALUES (@filingId, @sequence)",
            new { filingId, sequence }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(connection, null, cancellationToken).ConfigureAwait(false);
        return (leafIndex, sequence);
    }

    /// <summary>Issues a head when one is due (the log grew and the interval passed, or the heartbeat); null otherwise.</summary>
    public Task<SignedTreeHead?> IssueIfDueAsync(CancellationToken cancellationToken) => IssueAsync(onlyIfDue: true, null, cancellationToken);

    /// <summary>A head covering <paramref name="leafIndex"/>: the earliest signed one, or a new one when none covers it yet.</summary>
    public async Task<SignedTreeHead> HeadCoveringAsync(long leafIndex, CancellationToken cancellationToken)
    {
        if (FirstCovering(leafIndex) is { } head)
        {
            return head;
        }
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return FirstCovering(leafIndex) ?? (await IssueAsync(onlyIfDue: false, leafIndex, cancellationToken).ConfigureAwait(false))!;
    }

    private SignedTreeHead? FirstCovering(long leafIndex) => Heads.FirstOrDefault(h => h.Size > leafIndex);

    private async Task<SignedTreeHead?> IssueAsync(bool onlyIfDue, long? covering, CancellationToken cancellationToken)
    {
        SignedTreeHead head;
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            // Under the lock: every leaf and head committed by any process is visible and no other
            // can be added, so the head signs the tree as it is and never goes back in time.
            await RefreshAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var latest = LatestHead;
            if (covering is { } leaf && latest is not null && latest.Size > leaf)
            {
                // Another process signed a head covering it while this one waited for the lock.
                return FirstCovering(leaf);
            }
            byte[] root;
            long size;
            lock (_treeLock)
            {
                size = _tree.Count;
                root = _tree.RootHash(size);
            }
            var now = _time.GetUtcNow();
            if (onlyIfDue && !IsDue(latest, size, now))
            {
                return null;
            }
            var timestamp = Math.Max(now.ToUnixTimeMilliseconds(), latest?.Head.TimestampUnixMilliseconds ?? 0);
            head = SignedTreeHead.Sign(new TreeHead(size, root, timestamp), _key);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO evidence_heads (size, timestamp_ms, head, signed_at) VALUES (@size, @timestamp, @json, @at)",
                new { size, timestamp, json = head.ToJson(), at = now.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            await RefreshAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
        foreach (var witness in _witnesses)
        {
            try
            {
                await witness.PublishAsync(head, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A witness being down must not stop the log from issuing heads.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                _logger.LogWarning(e, "Publishing the tree head of size {Size} to witness {Witness} failed", head.Size, witness.Name);
            }
        }
        return head;
    }

    private bool IsDue(SignedTreeHead? latest, long size, DateTimeOffset now)
    {
        if (latest is null)
        {
            return size > 0;
        }
        var since = now - latest.Head.Timestamp;
        return (size > latest.Size && since >= _options.Interval) || (_options.Heartbeat is { } heartbeat && since >= heartbeat);
    }

    /// <summary>True when <paramref name="head"/> signs this log's tree of its size.</summary>
    public bool Matches(SignedTreeHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        lock (_treeLock)
        {
            return head.Size <= _tree.Count && _tree.RootHash(head.Size).AsSpan().SequenceEqual(head.Head.RootHash);
        }
    }

    /// <summary>The certificate of the filing at <paramref name="leafIndex"/> whose record is <paramref name="record"/>, under the earliest head covering it.</summary>
    public async Task<FilingCertificate> CertificateAsync(long leafIndex, FilingRecord record, CancellationToken cancellationToken)
    {
        var head = await HeadCoveringAsync(leafIndex, cancellationToken).ConfigureAwait(false);
        if (!Matches(head))
        {
            throw new EvidenceLogCorruptException($"The signed head of size {head.Size} is not a head of the log in the database.");
        }
        IReadOnlyList<byte[]> proof;
        lock (_treeLock)
        {
            proof = _tree.InclusionProof(leafIndex, head.Size);
        }
        return new FilingCertificate(record, leafIndex, head, proof);
    }

    /// <summary>The stored record of a filing in the log, with its leaf index; null when not logged.</summary>
    public async Task<(long LeafIndex, FilingRecord Record)?> FindAsync(string filingId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<(long LeafIndex, byte[] Record)?>(new CommandDefinition(
            "SELECT leaf_index, record FROM evidence_leaves WHERE filing_id = @filingId", new { filingId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is not { } found)
        {
            return null;
        }
        if (found.LeafIndex >= Count)
        {
            await RefreshAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
        return (found.LeafIndex, FilingRecord.FromCanonicalBytes(found.Record));
    }

    public byte[] LeafHash(long leafIndex)
    {
        lock (_treeLock)
        {
            return _tree.LeafHash(leafIndex);
        }
    }

    public IReadOnlyList<byte[]> InclusionProof(long leafIndex, long treeSize)
    {
        lock (_treeLock)
        {
            return _tree.InclusionProof(leafIndex, treeSize);
        }
    }

    public ConsistencyProofDocument ConsistencyProof(long oldSize, long newSize)
    {
        lock (_treeLock)
        {
            return new ConsistencyProofDocument(oldSize, newSize, _tree.ConsistencyProof(oldSize, newSize));
        }
    }

    private async Task LockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // SQLite: the transaction is BEGIN IMMEDIATE, already the one writer.
        if (_database.IsPostgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(" + WriterLockKey.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")",
                transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public void Dispose() => _refresh.Dispose();
}
