using System.Text;

namespace Originality.Evidence;

/// <summary>
/// Somewhere outside the operator's control that keeps every signed tree head it is sent, so
/// that a rewritten history would show as two signed heads that are not consistent. The server
/// implements this for webhooks; <see cref="FileTreeHeadWitness"/> writes a file.
/// </summary>
public interface ITreeHeadWitness
{
    /// <summary>A name for logs and error messages.</summary>
    string Name { get; }

    /// <summary>Hands <paramref name="head"/> to the witness; throws when it could not.</summary>
    Task PublishAsync(SignedTreeHead head, CancellationToken cancellationToken);
}

/// <summary>Appends each head as one JSON line (the <see cref="SignedTreeHead.ToJson"/> form) to a file, flushed to disk.</summary>
public sealed class FileTreeHeadWitness(string path) : ITreeHeadWitness, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Name => $"file {path}";

    public async Task PublishAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        var line = Encoding.UTF8.GetBytes(head.ToJson() + "\n");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
