namespace Originality.Server.Hosting;

/// <summary>
/// A clock that stands still until an operator sets or advances it (<c>Clock:Mode=Manual</c>).
/// Time never goes backwards: deadlines already processed must stay processed.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock to <paramref name="instant"/>; refuses to go back.</summary>
    public bool TrySet(DateTimeOffset instant)
    {
        lock (_gate)
        {
            if (instant < _now)
            {
                return false;
            }
            _now = instant.ToUniversalTime();
            return true;
        }
    }

    public bool TryAdvance(TimeSpan by) => by >= TimeSpan.Zero && TrySet(GetUtcNow() + by);
}
