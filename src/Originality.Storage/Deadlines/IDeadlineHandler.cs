namespace Originality.Storage.Deadlines;

/// <summary>
/// What happens when a deadline of one <see cref="Kind"/> falls due. The server supplies one per
/// kind; each applies the domain rule and writes through the session it is given.
/// </summary>
/// <remarks>
/// The worker commits the handler's writes and the job's completion in one transaction, so a
/// handler that only writes through <paramref name="session"/> takes effect exactly once. Side
/// effects outside the database (mail, webhooks) belong in the outbox, keyed by the job id.
/// A handler must not commit or roll back the session itself.
/// </remarks>
public interface IDeadlineHandler
{
    /// <summary>The kind of deadline handled.</summary>
    DeadlineKind Kind { get; }

    /// <summary>Applies the deadline. Throwing rolls back its writes and retries the job later.</summary>
    Task HandleAsync(DeadlineJob job, StorageSession session, CancellationToken cancellationToken);
}

/// <summary>A handler from a delegate, for hosts and tests.</summary>
public sealed class DelegateDeadlineHandler(DeadlineKind kind, Func<DeadlineJob, StorageSession, CancellationToken, Task> handle) : IDeadlineHandler
{
    /// <inheritdoc/>
    public DeadlineKind Kind => kind;

    /// <inheritdoc/>
    public Task HandleAsync(DeadlineJob job, StorageSession session, CancellationToken cancellationToken) => handle(job, session, cancellationToken);
}
