namespace Originality.Evidence;

/// <summary>When tree heads are due; see <see cref="TreeHeadIssuer"/>.</summary>
public sealed record TreeHeadIssuerOptions
{
    public static TreeHeadIssuerOptions Default { get; } = new();

    /// <summary>
    /// Longest time filings may wait for a head: a new head is due once the log has grown and this
    /// long has passed since the last head. At most one minute (issue 5).
    /// </summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A head is re-issued at the same size after this long without filings, so a witness can
    /// tell a quiet log from one that stopped publishing; null turns it off.
    /// </summary>
    public TimeSpan? Heartbeat { get; init; } = TimeSpan.FromHours(1);

    internal void Validate()
    {
        if (Interval <= TimeSpan.Zero || Interval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), "The head interval must lie between 0 (exclusive) and one minute.");
        }
        if (Heartbeat is { } heartbeat && heartbeat < Interval)
        {
            throw new ArgumentOutOfRangeException(nameof(Heartbeat), "The heartbeat may not be shorter than the interval.");
        }
    }
}

/// <summary>The head just issued and the witnesses that could not be told about it.</summary>
public sealed record TreeHeadIssue(SignedTreeHead Head, IReadOnlyList<WitnessFailure> WitnessFailures);

/// <summary>A witness that refused or failed to take a head; the head is issued and stored regardless.</summary>
public sealed record WitnessFailure(string Witness, Exception Error);

/// <summary>
/// Decides when a new signed tree head is due, then signs, stores and exports it. The host calls
/// <see cref="IssueIfDueAsync"/> on a timer (every few seconds) and <see cref="IssueAsync"/> when
/// a certificate is wanted for a filing no head covers yet.
/// </summary>
/// <remarks>
/// The timestamp comes from the injected <see cref="TimeProvider"/>, but never goes back behind
/// the previous head's, so heads are ordered even if the clock is stepped back. Thread safe.
/// </remarks>
public sealed class TreeHeadIssuer : IDisposable
{
    private readonly FilingLog _log;
    private readonly TreeHeadStore _store;
    private readonly EvidenceSigningKey _key;
    private readonly IReadOnlyList<ITreeHeadWitness> _witnesses;
    private readonly TimeProvider _time;
    private readonly TreeHeadIssuerOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <exception cref="EvidenceLogCorruptException">The latest stored head is not a head of this log.</exception>
    public TreeHeadIssuer(
        FilingLog log,
        TreeHeadStore store,
        EvidenceSigningKey key,
        IEnumerable<ITreeHeadWitness> witnesses,
        TimeProvider time,
        TreeHeadIssuerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(witnesses);
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? TreeHeadIssuerOptions.Default;
        _options.Validate();
        _log = log;
        _store = store;
        _key = key;
        _witnesses = [.. witnesses];
        _time = time;
        if (store.Latest is { } latest && !log.Matches(latest.Head))
        {
            throw new EvidenceLogCorruptException(latest.Size > log.Count
                ? $"The last signed head covers {latest.Size} filings but the log holds {log.Count}: filings were lost."
                : $"The log's first {latest.Size} filings no longer hash to the root of the last signed head: the log was altered.");
        }
    }

    /// <summary>True when a new head should be issued now.</summary>
    public bool IsDue()
    {
        if (_store.Latest is not { } latest)
        {
            return _log.Count > 0;
        }
        var since = _time.GetUtcNow() - latest.Head.Timestamp;
        return (_log.Count > latest.Size && since >= _options.Interval)
            || (_options.Heartbeat is { } heartbeat && since >= heartbeat);
    }

    /// <summary>Issues a head when <see cref="IsDue"/>; otherwise returns null.</summary>
    public async Task<TreeHeadIssue?> IssueIfDueAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return IsDue() ? await IssueLockedAsync(cancellationToken).ConfigureAwait(false) : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Issues a head of the log as it is now, due or not.</summary>
    public async Task<TreeHeadIssue> IssueAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await IssueLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A head covering <paramref name="leafIndex"/>: the earliest stored one, or a new one if none covers it yet.</summary>
    public async Task<SignedTreeHead> HeadCoveringAsync(long leafIndex, CancellationToken cancellationToken)
    {
        if (_store.FirstCovering(leafIndex) is { } head)
        {
            return head;
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, _log.Count);
        return (await IssueAsync(cancellationToken).ConfigureAwait(false)).Head;
    }

    private async Task<TreeHeadIssue> IssueLockedAsync(CancellationToken cancellationToken)
    {
        var (size, root) = _log.Snapshot();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var timestamp = Math.Max(now, _store.Latest?.Head.TimestampUnixMilliseconds ?? now);
        var head = SignedTreeHead.Sign(new TreeHead(size, root, timestamp), _key);
        await _store.AppendAsync(head, cancellationToken).ConfigureAwait(false);
        var failures = new List<WitnessFailure>();
        foreach (var witness in _witnesses)
        {
            try
            {
                await witness.PublishAsync(head, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A witness being down must not stop the log from issuing heads; the caller reports it.
                failures.Add(new WitnessFailure(witness.Name, e));
            }
        }
        return new TreeHeadIssue(head, failures);
    }

    /// <summary>Releases the issuer's lock; the log, store and key stay with their owner.</summary>
    public void Dispose() => _gate.Dispose();
}
