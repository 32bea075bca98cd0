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

    /// <summary>PEM (PKCS#8) of the ECDSA P-256 signing key; generated under the data folder when absent.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>Folder of the log and its tree heads; <c>{Storage:DataDirectory}/evidence</c> by default.</summary>
    public string? Directory { get; set; }
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

    public EvidencePublicKey PublicKey => (_key ?? throw NotStarted()).PublicKey;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Value.Directory ?? Path.Combine(storage.Value.DataDirectory, "evidence"));
        System.IO.Directory.CreateDirectory(directory);
        var keyPath = options.Value.SigningKeyPath ?? Path.Combine(directory, "signing-key.pem");
        if (!File.Exists(keyPath))
        {
            using var generated = EvidenceSigningKey.Generate();
            await File.WriteAllTextAsync(keyPath, generated.ToPkcs8Pem(), cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Generated a new evidence signing key at {Path}; configure Evidence:SigningKeyPath in production", keyPath);
        }
        _key = await EvidenceSigningKey.FromPemFileAsync(keyPath, cancellationToken).ConfigureAwait(false);
        _log = await FilingLog.OpenAsync(Path.Combine(directory, "filings.log"), cancellationToken).ConfigureAwait(false);
        _heads = await TreeHeadStore.OpenAsync(Path.Combine(directory, "heads.log"), cancellationToken).ConfigureAwait(false);
        _issuer = new TreeHeadIssuer(_log, _heads, _key, witnesses, time);
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends a certified filing to the log (idempotent per filing).</summary>
    public async Task RecordAsync(Filing filing, Member member, Folder folder, CancellationToken cancellationToken)
    {
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
            var e = filing.State.Evidence;
            var record = new FilingRecord(
                sequence, member.Id.ToString(), member.State.StoreId.Value, folder.Id.ToString(),
                Convert.FromHexString(e.ContentSha256), Convert.FromHexString(e.FingerprintHex), e.FiledAt.ToUnixTimeMilliseconds());
            await log.AppendAsync(record, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO server_evidence (filing_id, sequence) VALUES (@filing, @sequence)",
                new { filing = filing.Id.ToString(), sequence }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The filing's certificate under a signed tree head that covers it; null when the filing is not in the log.</summary>
    public async Task<FilingCertificate?> CertificateAsync(FilingId filing, CancellationToken cancellationToken)
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
        if (_issuer is { } issuer)
        {
            await issuer.IssueIfDueAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public SignedTreeHead? LatestHead => _heads?.Latest;

    /// <summary>Every signed tree head issued, oldest first.</summary>
    public IReadOnlyList<SignedTreeHead> Heads => _heads?.All ?? [];

    /// <summary>The last signed head of exactly <paramref name="size"/> leaves, or null when none was signed at that size.</summary>
    public SignedTreeHead? HeadOfSize(long size) => Heads.LastOrDefault(h => h.Size == size);

    /// <summary>Leaf hash and inclusion proof of <paramref name="leafIndex"/> in the tree of <paramref name="treeSize"/> leaves.</summary>
    public (byte[] LeafHash, IReadOnlyList<byte[]> Proof) InclusionProof(long leafIndex, long treeSize)
    {
        var log = _log ?? throw NotStarted();
        return (log.LeafHash(leafIndex), log.InclusionProof(leafIndex, treeSize));
    }

    /// <summary>Consistency proof between the trees of two sizes, in the document form <c>originality verify-consistency --proof</c> reads.</summary>
    public ConsistencyProofDocument ConsistencyProof(long oldSize, long newSize) =>
        (_log ?? throw NotStarted()).ConsistencyProof(oldSize, newSize);

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        long after = 0;
        var appended = 0;
        while (true)
        {
            var batch = await store.InSessionAsync(s => s.Filings.ReadSinceAsync(after, 500, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var (seq, filing) in batch)
            {
                after = seq;
                if (filing.Status == FilingStatus.NotOriginal)
                {
                    continue;
                }
                var (member, folder) = await store.InSessionAsync(async s => (
                    await s.Members.GetAsync(filing.Owner, cancellationToken).ConfigureAwait(false),
                    await s.Folders.GetAsync(filing.State.Folder, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                if (member is not null && folder is not null)
                {
                    var before = _log!.Count;
                    await RecordAsync(filing, member, folder, cancellationToken).ConfigureAwait(false);
                    appended += _log.Count > before ? 1 : 0;
                }
            }
        }
        if (appended > 0)
        {
            logger.LogWarning("Appended {Count} filings missing from the evidence log", appended);
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
