using Dapper;
using Originality.Domain;
using Originality.Evidence;
using Microsoft.Extensions.Options;
using Originality.Domain.Filings;
using Originality.Domain.Members;
using Originality.Server.Hosting;
using Originality.Storage;

namespace Originality.Server.Application;

/// <summary>Where the evidence log lives and which key signs its tree heads.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>
    /// The ECDSA P-256 signing key itself, PEM (PKCS#8) or that PEM in base64: the same for every
    /// process of a scale-out, from configuration or a secret store, never from a data folder.
    /// Wins over <see cref="SigningKeyPath"/>. Required with the log in the database.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>PEM (PKCS#8) of the ECDSA P-256 signing key; with the file log, generated under the data folder when absent.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>
    /// Where the log and its heads live: <c>Files</c> (the data folder) or <c>Database</c>. Unset:
    /// files beside SQLite, the database on PostgreSQL, where several processes share one history.
    /// </summary>
    public EvidenceStore? Store { get; set; }

    /// <summary>Whether the log is in the database: <see cref="Store"/>, or by default on PostgreSQL.</summary>
    public bool InDatabase(bool isPostgres) => (Store ?? (isPostgres ? EvidenceStore.Database : EvidenceStore.Files)) == EvidenceStore.Database;

    /// <summary>Folder of the log and its tree heads; <c>{Storage:DataDirectory}/evidence</c> by default.</summary>
    public string? Directory { get; set; }
}

/// <summary>Where the evidence log is kept (<c>Evidence:Store</c>).</summary>
public enum EvidenceStore
{
    Files,
    Database,
}

/// <summary>
/// Puts every certified filing into the tamper-evident filing log (F-6) and hands out its
/// certificate. Which filing sits at which log sequence is kept in the Server's table; filings
/// that a crash left out of the log are appended at start.
/// </summary>
public sealed class EvidenceService(
    IOptions<EvidenceOptions> options,
    IOptions<StorageOptions> storage,
    OriginalityStore store,
    ServerDatabase database,
    TimeProvider time,
    ILogger<EvidenceService> logger,
    IEnumerable<ITreeHeadWitness> witnesses) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FilingLog? _log;
    private TreeHeadStore? _heads;
    private TreeHeadIssuer? _issuer;
    private EvidenceSigningKey? _key;
    private DatabaseEvidenceLog? _db;

    public EvidencePublicKey PublicKey => (_key ?? throw NotStarted()).PublicKey;

    /// <summary>True when the log lives in the database (shared by every process).</summary>
    public bool InDatabase => options.Value.InDatabase(database.IsPostgres);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.SigningKey))
        {
            _key = EvidenceSigningKey.FromPem(DecodeKey(options.Value.SigningKey));
        }
        if (InDatabase)
        {
            await StartInDatabaseAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        var directory = Path.GetFullPath(options.Value.Directory ?? Path.Combine(storage.Value.DataDirectory, "evidence"));
        System.IO.Directory.CreateDirectory(directory);
        var keyPath = options.Value.SigningKeyPath ?? Path.Combine(directory, "signing-key.pem");
        if (_key is null && !File.Exists(keyPath))
        {
            using var generated = EvidenceSigningKey.Generate();
            await File.WriteAllTextAsync(keyPath, generated.ToPkcs8Pem(), cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Generated a new evidence signing key at {Path}; configure Evidence:SigningKeyPath in production", keyPath);
        }
        _key ??= await EvidenceSigningKey.FromPemFileAsync(keyPath, cancellationToken).ConfigureAwait(false);
        // The torn tail is kept until the check below has shown that no acknowledged filing is in it.
        _log = await FilingLog.OpenAsync(Path.Combine(directory, "filings.log"), recoverTornTail: false, cancellationToken).ConfigureAwait(false);
        _heads = await TreeHeadStore.OpenAsync(Path.Combine(directory, "heads.log"), cancellationToken).ConfigureAwait(false);
        var unlogged = await CheckAgainstStoreAsync(_log, cancellationToken).ConfigureAwait(false);
        if (_log.PendingTornBytes > 0)
        {
            var bytes = _log.PendingTornBytes;
            _log.DropTornTail();
            logger.LogWarning("Cut a torn tail of {Bytes} bytes off the evidence log at offset {Offset}: no acknowledged filing was in it", bytes, _log.ValidLength);
        }
        try
        {
            _issuer = new TreeHeadIssuer(_log, _heads, _key, witnesses, time);
        }
        catch (EvidenceLogCorruptException e)
        {
            throw new EvidenceLogCorruptException(
                $"The evidence log {_log.Path} is not the log its last signed tree head covers: {e.Message} The server does not start; see docs/evidence.md, \"Start-up check and repair\".", e);
        }
        await CatchUpAsync(unlogged, cancellationToken).ConfigureAwait(false);
    }

    // PEM as it is, or base64 of the PEM (one line, for environment variables and command lines).
    private static string DecodeKey(string configured)
    {
        var text = configured.Trim();
        if (text.StartsWith("-----", StringComparison.Ordinal))
        {
            return text;
        }
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("Evidence:SigningKey is neither a PEM private key nor base64 of one.", e);
        }
    }

    /// <summary>
    /// The log in the database: the key must come from configuration (every process signs with
    /// it); the leaves and heads are read and checked (<see cref="DatabaseEvidenceLog.LoadAsync"/>),
    /// then every leaf is compared byte for byte with the record built from its stored filing, and
    /// stored filings not yet logged are appended, as with the file log.
    /// </summary>
    private async Task StartInDatabaseAsync(CancellationToken cancellationToken)
    {
        if (_key is null && options.Value.SigningKeyPath is { Length: > 0 } path)
        {
            _key = await EvidenceSigningKey.FromPemFileAsync(path, cancellationToken).ConfigureAwait(false);
        }
        if (_key is null)
        {
            throw new InvalidOperationException(
                "The evidence log is in the database (Evidence:Store=Database, the default on PostgreSQL), so every process must sign with the same key: "
                + "configure Evidence:SigningKey (PEM or base64 of it) or Evidence:SigningKeyPath. See docs/operations.md.");
        }
        _db = new DatabaseEvidenceLog(database, _key, witnesses, time, logger);
        var leaves = await _db.LoadAsync(cancellationToken).ConfigureAwait(false);
        var problems = new List<string>();
        var unlogged = new List<(Filing Filing, Member Member, Folder Folder)>();
        var members = new Dictionary<MemberId, Member?>();
        var folders = new Dictionary<FolderId, Folder?>();
        var found = 0;
        long after = 0;
        while (true)
        {
            var batch = await store.InReadSessionAsync(s => s.Filings.ReadSinceAsync(after, 500, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var (change, filing) in batch)
            {
                after = change;
                var logged = leaves.TryGetValue(filing.Id.ToString(), out var leaf);
                if (!logged && filing.Status == FilingStatus.NotOriginal)
                {
                    continue;
                }
                var (member, folder) = await OwnerAndFolderAsync(filing, members, folders, cancellationToken).ConfigureAwait(false);
                if (member is null || folder is null)
                {
                    if (logged)
                    {
                        problems.Add($"filing {filing.Id} (leaf {leaf.LeafIndex}) has no stored {(member is null ? "member" : "folder")} to check its log entry against");
                    }
                    continue;
                }
                if (!logged)
                {
                    unlogged.Add((filing, member, folder));
                    continue;
                }
                found++;
                if (!RecordOf(filing, member, folder, leaf.Record.Sequence).ToCanonicalBytes().AsSpan().SequenceEqual(leaf.Bytes))
                {
                    problems.Add($"log entry {leaf.LeafIndex} (sequence {leaf.Record.Sequence}) differs from stored filing {filing.Id}: the log or the database was changed");
                }
            }
        }
        if (found < leaves.Count)
        {
            problems.Add($"{leaves.Count - found} log entries name filings the database does not hold");
        }
        if (problems.Count > 0)
        {
            throw new EvidenceLogCorruptException(
                $"The evidence log in the database does not match the stored filings ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}): "
                + string.Join("; ", problems.Take(10)) + ". The server does not start and has changed nothing; see docs/evidence.md, \"Start-up check and repair\".");
        }
        await CatchUpAsync(unlogged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>With the log in the database: reads what other processes appended and signed since this one last looked.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => _db?.RefreshAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// The start-up check of the log against the database (docs/evidence.md, "Start-up check and
    /// repair"): every filing the server acknowledged as logged (a row in server_evidence) must be
    /// a leaf of the log with exactly the record built from the stored filing, and every leaf must
    /// be such a filing. A leaf appended just before a crash that kept its server_evidence row from
    /// being written is adopted when it matches a stored, not yet logged filing. Anything else is
    /// refused with one message listing what differs. Returns the stored filings still to append.
    /// </summary>
    /// <exception cref="EvidenceLogCorruptException">The log and the database disagree.</exception>
    private async Task<List<(Filing Filing, Member Member, Folder Folder)>> CheckAgainstStoreAsync(FilingLog log, CancellationToken cancellationToken)
    {
        Dictionary<string, long> logged;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<(string FilingId, long Sequence)>(new CommandDefinition(
                "SELECT filing_id, sequence FROM server_evidence", cancellationToken: cancellationToken)).ConfigureAwait(false);
            logged = rows.ToDictionary(r => r.FilingId, r => r.Sequence, StringComparer.Ordinal);
        }
        var problems = new List<string>();
        var seenLeaves = new HashSet<long>();
        var unlogged = new List<(Filing Filing, Member Member, Folder Folder)>();
        var members = new Dictionary<MemberId, Member?>();
        var folders = new Dictionary<FolderId, Folder?>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        long after = 0;
        while (true)
        {
            var batch = await store.InSessionAsync(s => s.Filings.ReadSinceAsync(after, 500, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var (change, filing) in batch)
            {
                after = change;
                var id = filing.Id.ToString();
                var isLogged = logged.TryGetValue(id, out var sequence);
                if (!isLogged && filing.Status == FilingStatus.NotOriginal)
                {
                    continue;
                }
                var (member, folder) = await OwnerAndFolderAsync(filing, members, folders, cancellationToken).ConfigureAwait(false);
                if (!isLogged)
                {
                    if (member is not null && folder is not null)
                    {
                        unlogged.Add((filing, member, folder));
                    }
                    continue;
                }
                found.Add(id);
                var leaf = log.FindLeafIndex(sequence);
                if (leaf < 0)
                {
                    problems.Add(log.PendingTornBytes > 0
                        ? $"filing {id} (sequence {sequence}) was logged and acknowledged, but its entry is not among the log's valid frames: the {log.PendingTornBytes} bytes from offset {log.ValidLength} fail their checks (changed or cut), and would be dropped as a torn tail"
                        : $"filing {id} (sequence {sequence}) was logged and acknowledged, but the log has no entry with that sequence");
                    continue;
                }
                seenLeaves.Add(leaf);
                if (member is null || folder is null)
                {
                    problems.Add($"filing {id} (leaf {leaf}) has no stored {(member is null ? "member" : "folder")} to check its log entry against");
                    continue;
                }
                if (!RecordOf(filing, member, folder, sequence).LeafHash().AsSpan().SequenceEqual(log.LeafHash(leaf)))
                {
                    problems.Add($"log entry {leaf} (sequence {sequence}) differs from stored filing {id}: the log or the database was changed");
                }
            }
        }
        foreach (var (id, sequence) in logged)
        {
            if (!found.Contains(id))
            {
                problems.Add($"server_evidence names filing {id} (sequence {sequence}), which is not in the database");
            }
        }

        // Leaves no acknowledged filing accounts for: a crash between the append and the
        // server_evidence row leaves exactly such a leaf at the end, matching a stored filing.
        var lastLogged = logged.Count == 0 ? -1 : logged.Values.Max();
        for (var leaf = 0L; leaf < log.Count; leaf++)
        {
            if (seenLeaves.Contains(leaf))
            {
                continue;
            }
            var record = await log.ReadRecordAsync(leaf, cancellationToken).ConfigureAwait(false);
            var match = record.Sequence > lastLogged
                ? unlogged.FindIndex(u => RecordOf(u.Filing, u.Member, u.Folder, record.Sequence).LeafHash().AsSpan().SequenceEqual(log.LeafHash(leaf)))
                : -1;
            if (match < 0)
            {
                problems.Add($"log entry {leaf} (sequence {record.Sequence}) is not a filing the database knows as logged");
                continue;
            }
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO server_evidence (filing_id, sequence) VALUES (@filing, @sequence)",
                new { filing = unlogged[match].Filing.Id.ToString(), sequence = record.Sequence }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            logger.LogWarning("Log entry {Leaf} had no server_evidence row; it matches filing {FilingId} and is adopted", leaf, unlogged[match].Filing.Id);
            unlogged.RemoveAt(match);
            lastLogged = record.Sequence;
        }
        if (problems.Count > 0)
        {
            throw new EvidenceLogCorruptException(
                $"The evidence log {log.Path} does not match the stored filings ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}): "
                + string.Join("; ", problems.Take(10)) + (problems.Count > 10 ? $"; and {problems.Count - 10} more" : "")
                + ". The server does not start and has changed nothing; see docs/evidence.md, \"Start-up check and repair\".");
        }
        return unlogged;
    }

    private async Task<(Member? Member, Folder? Folder)> OwnerAndFolderAsync(
        Filing filing, Dictionary<MemberId, Member?> members, Dictionary<FolderId, Folder?> folders, CancellationToken cancellationToken)
    {
        if (!members.TryGetValue(filing.Owner, out var member))
        {
            member = await store.InSessionAsync(s => s.Members.GetAsync(filing.Owner, cancellationToken), cancellationToken).ConfigureAwait(false);
            members[filing.Owner] = member;
        }
        if (!folders.TryGetValue(filing.State.Folder, out var folder))
        {
            folder = await store.InSessionAsync(s => s.Folders.GetAsync(filing.State.Folder, cancellationToken), cancellationToken).ConfigureAwait(false);
            folders[filing.State.Folder] = folder;
        }
        return (member, folder);
    }

    /// <summary>The log record of a stored filing, built the same way at filing and at every start.</summary>
    private static FilingRecord RecordOf(Filing filing, Member member, Folder folder, long sequence)
    {
        var e = filing.State.Evidence;
        return new FilingRecord(
            sequence, member.Id.ToString(), member.State.StoreId.Value, folder.Id.ToString(),
            Convert.FromHexString(e.ContentSha256), Convert.FromHexString(e.FingerprintHex), e.FiledAt.ToUnixTimeMilliseconds());
    }

    /// <summary>Appends a certified filing to the log (idempotent per filing).</summary>
    public async Task RecordAsync(Filing filing, Member member, Folder folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filing);
        if (_db is { } db)
        {
            await db.AppendAsync(filing.Id.ToString(), sequence => RecordOf(filing, member, folder, sequence), cancellationToken).ConfigureAwait(false);
            return;
        }
        var log = _log ?? throw NotStarted();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (await SequenceOfAsync(connection, filing.Id.ToString(), cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }
            var sequence = log.LastSequence + 1;
            await log.AppendAsync(RecordOf(filing, member, folder, sequence), cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO server_evidence (filing_id, sequence) VALUES (@filing, @sequence)",
                new { filing = filing.Id.ToString(), sequence }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The filing's certificate under a signed tree head that covers it; null when the filing is
    /// not in the log. The leaf found for the filing must be this filing's record (its member and
    /// content): a leaf of someone else is never handed out as this filing's certificate.
    /// </summary>
    public async Task<FilingCertificate?> CertificateAsync(Filing filing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filing);
        FilingCertificate? certificate;
        if (_db is { } db)
        {
            certificate = await db.FindAsync(filing.Id.ToString(), cancellationToken).ConfigureAwait(false) is { } found
                ? await db.CertificateAsync(found.LeafIndex, found.Record, cancellationToken).ConfigureAwait(false)
                : null;
        }
        else
        {
            certificate = await FileCertificateAsync(filing.Id, cancellationToken).ConfigureAwait(false);
        }
        if (certificate is not null && !IsRecordOf(certificate.Record, filing))
        {
            // Two processes with file logs of their own numbered different filings alike (issue 11
            // showed another member's certificate): refused, logged, never shown.
            logger.LogError("The log entry at sequence {Sequence} is not filing {FilingId} (member {Member}); its certificate is withheld",
                certificate.Record.Sequence, filing.Id, certificate.Record.MemberId);
            return null;
        }
        return certificate;
    }

    private static bool IsRecordOf(FilingRecord record, Filing filing) =>
        record.MemberId == filing.Owner.ToString()
        && record.ContentSha256Hex == filing.State.Evidence.ContentSha256
        && record.FiledAtUnixMilliseconds == filing.State.Evidence.FiledAt.ToUnixTimeMilliseconds();

    private async Task<FilingCertificate?> FileCertificateAsync(FilingId filing, CancellationToken cancellationToken)
    {
        var log = _log ?? throw NotStarted();
        long? sequence;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            sequence = await SequenceOfAsync(connection, filing.ToString(), cancellationToken).ConfigureAwait(false);
        }
        if (sequence is null)
        {
            return null;
        }
        var leaf = log.FindLeafIndex(sequence.Value);
        if (leaf < 0)
        {
            return null;
        }
        var head = await _issuer!.HeadCoveringAsync(leaf, cancellationToken).ConfigureAwait(false);
        return await log.CreateCertificateAsync(leaf, head, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Issues a signed tree head when one is due (called every few seconds by the host).</summary>
    public async Task IssueIfDueAsync(CancellationToken cancellationToken)
    {
        if (_db is { } db)
        {
            await db.IssueIfDueAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (_issuer is { } issuer)
        {
            await issuer.IssueIfDueAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public SignedTreeHead? LatestHead => _db is { } db ? db.LatestHead : _heads?.Latest;

    /// <summary>Every signed tree head issued, oldest first.</summary>
    public IReadOnlyList<SignedTreeHead> Heads => _db?.Heads ?? _heads?.All ?? [];

    /// <summary>The last signed head of exactly <paramref name="size"/> leaves, or null when none was signed at that size.</summary>
    public SignedTreeHead? HeadOfSize(long size) => Heads.LastOrDefault(h => h.Size == size);

    /// <summary>Leaf hash and inclusion proof of <paramref name="leafIndex"/> in the tree of <paramref name="treeSize"/> leaves.</summary>
    public (byte[] LeafHash, IReadOnlyList<byte[]> Proof) InclusionProof(long leafIndex, long treeSize)
    {
        if (_db is { } db)
        {
            return (db.LeafHash(leafIndex), db.InclusionProof(leafIndex, treeSize));
        }
        var log = _log ?? throw NotStarted();
        return (log.LeafHash(leafIndex), log.InclusionProof(leafIndex, treeSize));
    }

    /// <summary>Consistency proof between the trees of two sizes, in the document form <c>originality verify-consistency --proof</c> reads.</summary>
    public ConsistencyProofDocument ConsistencyProof(long oldSize, long newSize) =>
        _db?.ConsistencyProof(oldSize, newSize) ?? (_log ?? throw NotStarted()).ConsistencyProof(oldSize, newSize);

    // Filings stored but not yet logged (a crash between the database commit and the append), in change order.
    private async Task CatchUpAsync(List<(Filing Filing, Member Member, Folder Folder)> unlogged, CancellationToken cancellationToken)
    {
        foreach (var (filing, member, folder) in unlogged)
        {
            await RecordAsync(filing, member, folder, cancellationToken).ConfigureAwait(false);
        }
        if (unlogged.Count > 0)
        {
            logger.LogWarning("Appended {Count} filings missing from the evidence log", unlogged.Count);
        }
    }

    private static Task<long?> SequenceOfAsync(System.Data.Common.DbConnection connection, string filing, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT sequence FROM server_evidence WHERE filing_id = @filing", new { filing }, cancellationToken: cancellationToken));

    private static InvalidOperationException NotStarted() => new("The evidence service has not been started.");

    public async ValueTask DisposeAsync()
    {
        _issuer?.Dispose();
        if (_heads is not null)
        {
            await _heads.DisposeAsync().ConfigureAwait(false);
        }
        if (_log is not null)
        {
            await _log.DisposeAsync().ConfigureAwait(false);
        }
        _db?.Dispose();
        _key?.Dispose();
        _gate.Dispose();
    }
}

/// <summary>Issues a signed tree head whenever one is due (at least every minute while filings arrive).</summary>
public sealed class EvidenceHeartbeat(EvidenceService evidence, ILogger<EvidenceHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await evidence.IssueIfDueAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed head is issued at the next beat; certificates issue their own on demand.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Issuing a tree head failed");
                await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
