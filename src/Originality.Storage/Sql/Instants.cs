using NodaTime;

namespace Originality.Storage.Sql;

/// <summary>
/// Instants are stored as BIGINT ticks (100 ns) since the Unix epoch on both engines: exact,
/// sortable and free of the engines' different timestamp types.
/// </summary>
internal static class Instants
{
    public static long ToTicks(Instant instant) => instant.ToUnixTimeTicks();

    public static long? ToTicks(Instant? instant) => instant?.ToUnixTimeTicks();

    public static Instant FromTicks(long ticks) => Instant.FromUnixTimeTicks(ticks);

    public static Instant? FromTicks(long? ticks) => ticks is { } t ? Instant.FromUnixTimeTicks(t) : null;
}
