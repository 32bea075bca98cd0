using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Originality.Domain.Time;

/// <summary>
/// The operator's working-day calendar in Beijing time: Saturdays and Sundays are rest days,
/// listed public holidays are rest days, and listed make-up working days (调休) turn a weekend day
/// into a working day. <see cref="AddWorkingDays"/> is the one place deadlines are computed.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. The calendar may declare the years it covers; computing a deadline
/// that needs an uncovered year throws <see cref="CalendarNotCoveredException"/> rather than guess,
/// because a silently wrong deadline (a forgotten holiday) is worse than a loud configuration gap.
/// Loaded from the JSON format documented in docs/rules.md (example: docs/calendar-example.json).
/// </remarks>
public sealed class WorkingDayCalendar
{
    private readonly HashSet<LocalDate> _holidays;
    private readonly HashSet<LocalDate> _makeUpWorkingDays;
    private readonly SortedSet<int>? _years;

    /// <summary>Creates a calendar.</summary>
    /// <param name="holidays">Public holidays (rest days even on weekdays).</param>
    /// <param name="makeUpWorkingDays">Weekend days that are working days.</param>
    /// <param name="coveredYears">Years the lists are complete for; null means "no check" (weekends only beyond the lists).</param>
    public WorkingDayCalendar(IEnumerable<LocalDate> holidays, IEnumerable<LocalDate> makeUpWorkingDays, IEnumerable<int>? coveredYears = null)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentNullException.ThrowIfNull(makeUpWorkingDays);
        _holidays = [.. holidays];
        _makeUpWorkingDays = [.. makeUpWorkingDays];
        _years = coveredYears is null ? null : [.. coveredYears];
        if (FirstInBoth(_holidays, _makeUpWorkingDays) is { } clash)
        {
            throw new ArgumentException(InBothListsMessage(clash), nameof(makeUpWorkingDays));
        }
    }

    /// <summary>The earliest date listed both as a holiday and as a make-up working day, or null: a day cannot be both.</summary>
    private static LocalDate? FirstInBoth(IEnumerable<LocalDate> holidays, IEnumerable<LocalDate> makeUpWorkingDays) =>
        holidays.Intersect(makeUpWorkingDays).Order().Select(d => (LocalDate?)d).FirstOrDefault();

    private static string InBothListsMessage(LocalDate date) =>
        $"{date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)} is listed both as a holiday and as a make-up working day.";

    /// <summary>Weekends only, no holidays, no coverage check. For tests and as a last resort.</summary>
    public static WorkingDayCalendar WeekendsOnly { get; } = new([], []);

    /// <summary>The listed public holidays, in order.</summary>
    public IReadOnlyList<LocalDate> Holidays => [.. _holidays.Order()];

    /// <summary>The listed make-up working days, in order.</summary>
    public IReadOnlyList<LocalDate> MakeUpWorkingDays => [.. _makeUpWorkingDays.Order()];

    /// <summary>The covered years, or null when coverage is not checked.</summary>
    public IReadOnlyList<int>? CoveredYears => _years is null ? null : [.. _years];

    /// <summary>True when <paramref name="date"/> (a Beijing date) is a working day.</summary>
    public bool IsWorkingDay(LocalDate date)
    {
        EnsureCovered(date);
        if (_makeUpWorkingDays.Contains(date))
        {
            return true;
        }
        if (_holidays.Contains(date))
        {
            return false;
        }
        return date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday);
    }

    /// <summary>The <paramref name="n"/>-th working day strictly after <paramref name="date"/>.</summary>
    public LocalDate NthWorkingDayAfter(LocalDate date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var day = date;
        var found = 0;
        while (found < n)
        {
            day = day.PlusDays(1);
            if (IsWorkingDay(day))
            {
                found++;
            }
        }
        return day;
    }

    /// <summary>
    /// "Within N working days of an event": 24:00 Beijing time of the N-th working day after the
    /// Beijing day of <paramref name="eventAt"/>. An action is in time when it happens strictly before
    /// the returned instant.
    /// </summary>
    public Instant AddWorkingDays(Instant eventAt, int n) =>
        BeijingTime.EndOf(NthWorkingDayAfter(BeijingTime.DateOf(eventAt), n));

    /// <summary>
    /// Parses the operator's JSON calendar:
    /// <c>{ "years": [2026], "holidays": ["2026-01-01", …], "makeUpWorkingDays": ["2026-01-04", …] }</c>.
    /// Dates are ISO <c>yyyy-MM-dd</c> Beijing dates; <c>"timeZone"</c>, if present, must be
    /// <c>"Asia/Shanghai"</c>; other properties (e.g. <c>"comment"</c>) are ignored;
    /// <c>"years"</c> is optional. Throws <see cref="FormatException"/> with the offending value.
    /// </summary>
    public static WorkingDayCalendar FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CalendarFormatException(CalendarFormatException.NotObject, null, "The calendar must be a JSON object.");
        }
        if (root.TryGetProperty("timeZone", out var zone) && (zone.ValueKind != JsonValueKind.String || zone.GetString() != "Asia/Shanghai"))
        {
            throw new CalendarFormatException(CalendarFormatException.TimeZone, null, "\"timeZone\", when given, must be \"Asia/Shanghai\": all deadlines are counted in Beijing time.");
        }
        var holidays = ReadDates(root, "holidays");
        var makeUp = ReadDates(root, "makeUpWorkingDays");
        List<int>? years = null;
        if (root.TryGetProperty("years", out var y))
        {
            if (y.ValueKind != JsonValueKind.Array)
            {
                throw new CalendarFormatException(CalendarFormatException.YearsNotList, null, "\"years\" must be an array of numbers.");
            }
            years = [.. y.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw new CalendarFormatException(CalendarFormatException.NotAYear, e.ToString(), $"Not a year: {e}"))];
            foreach (var d in holidays.Concat(makeUp).Where(d => !years.Contains(d.Year)))
            {
                var date = d.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
                throw new CalendarFormatException(CalendarFormatException.OutsideYears, date, $"{date} lies outside the declared years.");
            }
        }
        // Checked here, like every other problem of the file, so the refusal names the date; the
        // constructor's own check guards calendars built in code.
        if (FirstInBoth(holidays, makeUp) is { } clash)
        {
            throw new CalendarFormatException(CalendarFormatException.BothLists, clash.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture), InBothListsMessage(clash));
        }
        return new WorkingDayCalendar(holidays, makeUp, years);
    }

    private static List<LocalDate> ReadDates(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array))
        {
            return [];
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new CalendarFormatException(CalendarFormatException.DatesNotList, name, $"\"{name}\" must be an array of \"yyyy-MM-dd\" strings.");
        }
        var list = new List<LocalDate>();
        foreach (var e in array.EnumerateArray())
        {
            var text = e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var parsed = text is null ? null : LocalDatePattern.Iso.Parse(text);
            if (parsed is null || !parsed.Success)
            {
                throw new CalendarFormatException(CalendarFormatException.NotADate, e.ToString(), $"\"{name}\" contains {e}, which is not a \"yyyy-MM-dd\" date.");
            }
            list.Add(parsed.Value);
        }
        return list;
    }

    private void EnsureCovered(LocalDate date)
    {
        if (_years is not null && !_years.Contains(date.Year))
        {
            throw new CalendarNotCoveredException(date.Year);
        }
    }
}

/// <summary>
/// Thrown when a working-day computation needs a year the operator's calendar does not cover: the
/// operator must publish that year's holidays first. A configuration gap, not an expected refusal.
/// </summary>
/// <summary>
/// A calendar file that does not read, with a stable <see cref="Problem"/> and the value or field it
/// concerns, so a page can say what is wrong in the reader's language (the message is English).
/// </summary>
public sealed class CalendarFormatException : FormatException
{
    public const string NotObject = "not-object";
    public const string TimeZone = "time-zone";
    public const string YearsNotList = "years-not-list";
    public const string NotAYear = "not-a-year";
    public const string OutsideYears = "outside-years";
    public const string BothLists = "both-lists";
    public const string DatesNotList = "dates-not-list";
    public const string NotADate = "not-a-date";

    public CalendarFormatException(string problem, string? subject, string message, Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
        Subject = subject;
    }

    /// <summary>What is wrong, one of the constants above.</summary>
    public string Problem { get; }

    /// <summary>The offending value or field name, as written in the file; null when the problem names it.</summary>
    public string? Subject { get; }
}

public sealed class CalendarNotCoveredException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="year"/>.</summary>
    public CalendarNotCoveredException(int year)
        : base($"The working-day calendar does not cover {year.ToString(CultureInfo.InvariantCulture)}; add that year's holidays and make-up working days.")
    {
        Year = year;
    }

    /// <summary>The uncovered year.</summary>
    public int Year { get; }
}
