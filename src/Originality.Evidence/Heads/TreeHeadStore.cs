using System.Text;

namespace Originality.Evidence;

/// <summary>
/// Every signed tree head ever issued, in an append-only file of JSON lines (one
/// <see cref="SignedTreeHead.ToJson"/> per line, newline-terminated).
/// </summary>
/// <remarks>
/// A line counts only once its newline is on disk; a torn last line is cut off on open. Sizes
/// never shrink and timestamps never go back along the file. Thread safe.
/// </remarks>
public sealed class TreeHeadStore : IAsyncDisposable, IDisposable
{
    private readonly FileStream _file;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<SignedTreeHead> _heads;

    private TreeHeadStore(string path, FileStream file, List<SignedTreeHead> heads)
    {
        Path = path;
        _file = file;
        _heads = heads;
    }

    public string Path { get; }

    /// <summary>The last head issued, or null before the first.</summary>
    public SignedTreeHead? Latest
    {
        get
        {
            lock (_heads)
            {
                return _heads.Count == 0 ? null : _heads[^1];
            }
        }
    }

    /// <summary>All heads in the order they were issued.</summary>
    public IReadOnlyList<SignedTreeHead> All
    {
        get
        {
            lock (_heads)
            {
                return [.. _heads];
            }
        }
    }

    /// <summary>The earliest head that covers <paramref name="leafIndex"/>, or null when none does yet.</summary>
    public SignedTreeHead? FirstCovering(long leafIndex)
    {
        lock (_heads)
        {
            var low = 0;
            var high = _heads.Count;
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (_heads[mid].Size > leafIndex)
                {
                    high = mid;
                }
                else
                {
                    low = mid + 1;
                }
            }
            return low < _heads.Count ? _heads[low] : null;
        }
    }

    /// <summary>Opens (or creates) the head file, cutting off a torn last line.</summary>
    /// <exception cref="EvidenceLogCorruptException">A complete line is not a signed tree head, or sizes go backwards.</exception>
    public static async Task<TreeHeadStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var file = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        try
        {
            var bytes = new byte[file.Length];
            await file.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
            var heads = new List<SignedTreeHead>();
            var lineNumber = 0;
            foreach (var line in Encoding.UTF8.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                lineNumber++;
                SignedTreeHead head;
                try
                {
                    head = SignedTreeHead.FromJson(line);
                }
                catch (EvidenceFormatException e)
                {
                    throw new EvidenceLogCorruptException($"{full} line {lineNumber} is not a signed tree head: {e.Message}", e);
                }
                if (heads.Count > 0 && (head.Size < heads[^1].Size || head.Head.TimestampUnixMilliseconds < heads[^1].Head.TimestampUnixMilliseconds))
                {
                    throw new EvidenceLogCorruptException($"{full} line {lineNumber} goes back in size or time.");
                }
                heads.Add(head);
            }
            if (complete < bytes.Length)
            {
                file.SetLength(complete);
                file.Flush(flushToDisk: true);
            }
            file.Position = complete;
            return new TreeHeadStore(full, file, heads);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Appends <paramref name="head"/> durably.</summary>
    /// <exception cref="ArgumentException">The head is smaller or older than the latest one.</exception>
    public async Task AppendAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Latest is { } latest && (head.Size < latest.Size || head.Head.TimestampUnixMilliseconds < latest.Head.TimestampUnixMilliseconds))
            {
                throw new ArgumentException($"A tree head may not go back: size {head.Size} after {latest.Size}.", nameof(head));
            }
            var line = Encoding.UTF8.GetBytes(head.ToJson() + "\n");
            var start = _file.Position;
            try
            {
                await _file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                _file.Flush(flushToDisk: true);
            }
            catch
            {
                _file.SetLength(start);
                _file.Position = start;
                throw;
            }
            lock (_heads)
            {
                _heads.Add(head);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    public void Dispose()
    {
        _file.Dispose();
        _gate.Dispose();
    }
}
