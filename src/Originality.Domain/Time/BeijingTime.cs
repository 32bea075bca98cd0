using NodaTime;

namespace Originality.Domain.Time;

/// <summary>
/// The platform's time zone, Asia/Shanghai ("Beijing time", [002]). Every date rule — working days,
/// "same day", calendar years — is counted here, never in the seller's zone.
/// </summary>
public static class BeijingTime
{
    /// <summary>Asia/Shanghai from the bundled TZDB (no IO; NodaTime embeds the data).</summary>
    public static DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>The Beijing calendar date of an instant.</summary>
    public static LocalDate DateOf(Instant instant) => instant.InZone(Zone).Date;

    /// <summary>The Beijing calendar year of an instant.</summary>
    public static int YearOf(Instant instant) => instant.InZone(Zone).Year;

    /// <summary>00:00 Beijing time at the start of <paramref name="date"/>.</summary>
    public static Instant StartOf(LocalDate date) => Zone.AtStartOfDay(date).ToInstant();

    /// <summary>24:00 Beijing time at the end of <paramref name="date"/> (= 00:00 of the next day).</summary>
    public static Instant EndOf(LocalDate date) => StartOf(date.PlusDays(1));

    /// <summary>The end of 31 December of <paramref name="year"/> in Beijing time (P-4 reset instant).</summary>
    public static Instant EndOfYear(int year) => StartOf(new LocalDate(year + 1, 1, 1));

    /// <summary>Adds a calendar period (days, months) in Beijing local time, e.g. "frozen one month".</summary>
    public static Instant Plus(Instant start, Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return start.InZone(Zone).LocalDateTime.Plus(period).InZoneLeniently(Zone).ToInstant();
    }
}
