using NodaTime;
using Originality.Domain.Time;

namespace Originality.Domain.Tests.Builders;

/// <summary>Instants written as Beijing wall-clock times, so tests read like the rules.</summary>
internal static class At
{
    public static Instant Beijing(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new LocalDateTime(year, month, day, hour, minute, second).InZoneStrictly(BeijingTime.Zone).ToInstant();

    public static LocalDate Date(int year, int month, int day) => new(year, month, day);
}
