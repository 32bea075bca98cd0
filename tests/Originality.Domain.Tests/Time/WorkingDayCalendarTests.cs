using NodaTime;
using Originality.Domain.Tests.Builders;
using Originality.Domain.Time;
using Originality.Tests;

namespace Originality.Domain.Tests.Time;

public sealed class WorkingDayCalendarTests
{
    [Fact]
    public void Three_working_days_after_a_Friday_end_at_midnight_after_the_next_Wednesday()
    {
        var friday = At.Beijing(2030, 3, 1, 15);

        var due = Calendars.WeekendsOnly.AddWorkingDays(friday, 3);

        Assert.Equal(At.Beijing(2030, 3, 7), due); // Mon 4, Tue 5, Wed 6 → 24:00 Wed = 00:00 Thu
    }

    [Fact]
    public void A_deadline_spanning_a_public_holiday_and_a_make_up_Saturday_counts_the_Saturday_and_skips_the_holiday()
    {
        // Mon 30 Sep event; Tue 1 – Thu 3 Oct holidays; Fri 4 is day 1, make-up Sat 5 is day 2, Mon 7 is day 3.
        var calendar = Calendars.WithOctoberHoliday();

        var due = calendar.AddWorkingDays(At.Beijing(2030, 9, 30, 11), 3);

        Assert.Equal(At.Beijing(2030, 10, 8), due);
    }

    [Fact]
    public void The_event_day_is_the_Beijing_day_not_the_UTC_day()
    {
        // 17:30 UTC on Thursday 28 Feb is 01:30 Friday 1 March in Beijing.
        var lateUtc = Instant.FromUtc(2030, 2, 28, 17, 30);

        var due = Calendars.WeekendsOnly.AddWorkingDays(lateUtc, 1);

        Assert.Equal(At.Beijing(2030, 3, 5), due); // first working day after Fri 1 Mar is Mon 4
        Assert.Equal(Instant.FromUtc(2030, 3, 4, 16, 0), due); // 24:00 Beijing = 16:00 UTC
    }

    [Fact]
    public void An_event_just_before_midnight_counts_from_its_own_day()
    {
        var due = Calendars.WeekendsOnly.AddWorkingDays(At.Beijing(2030, 3, 4, 23, 59, 59), 1);

        Assert.Equal(At.Beijing(2030, 3, 6), due); // Mon event → Tue is day 1 → 24:00 Tue
    }

    [Fact]
    public void An_event_on_a_holiday_counts_from_the_next_working_day()
    {
        var calendar = Calendars.WithOctoberHoliday();

        Assert.Equal(At.Beijing(2030, 10, 5), calendar.AddWorkingDays(At.Beijing(2030, 10, 2, 12), 1)); // Fri 4
    }

    [Fact]
    public void Holidays_are_rest_days_and_make_up_days_are_working_days()
    {
        var calendar = Calendars.WithOctoberHoliday();

        Assert.False(calendar.IsWorkingDay(At.Date(2030, 10, 1)));
        Assert.True(calendar.IsWorkingDay(At.Date(2030, 10, 5)));
        Assert.False(calendar.IsWorkingDay(At.Date(2030, 10, 6)));
        Assert.True(calendar.IsWorkingDay(At.Date(2030, 10, 4)));
    }

    [Fact]
    public void Every_deadline_is_a_Beijing_midnight_after_a_working_day_and_strictly_after_the_event()
    {
        var calendar = Calendars.WithOctoberHoliday();
        var start = At.Beijing(2030, 9, 20);
        for (var hour = 0; hour < 24 * 30; hour += 7)
        {
            var eventAt = start + Duration.FromHours(hour);
            for (var n = 1; n <= 5; n++)
            {
                var due = calendar.AddWorkingDays(eventAt, n);
                var local = due.InZone(BeijingTime.Zone);
                Assert.True(due > eventAt);
                Assert.Equal(LocalTime.Midnight, local.TimeOfDay);
                Assert.True(calendar.IsWorkingDay(local.Date.PlusDays(-1)));
                var between = Enumerable.Range(1, Period.Between(BeijingTime.DateOf(eventAt), local.Date, PeriodUnits.Days).Days - 1)
                    .Count(d => calendar.IsWorkingDay(BeijingTime.DateOf(eventAt).PlusDays(d)));
                Assert.Equal(n, between);
            }
        }
    }

    [Fact]
    public void The_operator_calendar_loads_from_json()
    {
        const string json = """
            { "comment": "test", "years": [2030],
              "holidays": ["2030-10-01", "2030-10-02", "2030-10-03"],
              "makeUpWorkingDays": ["2030-10-05"] }
            """;

        var calendar = WorkingDayCalendar.FromJson(json);

        Assert.Equal(At.Beijing(2030, 10, 8), calendar.AddWorkingDays(At.Beijing(2030, 9, 30, 11), 3));
        Assert.Equal([2030], calendar.CoveredYears);
    }

    [Fact]
    public void The_shipped_example_calendar_loads()
    {
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "docs", "calendar-example.json");

        var calendar = WorkingDayCalendar.FromJson(File.ReadAllText(path));

        Assert.NotEmpty(calendar.Holidays);
        Assert.NotEmpty(calendar.MakeUpWorkingDays);
    }

    [Theory]
    [InlineData("""{ "holidays": ["2030-13-01"] }""", CalendarFormatException.NotADate, "2030-13-01")]
    [InlineData("""{ "holidays": "2030-10-01" }""", CalendarFormatException.DatesNotList, "holidays")]
    [InlineData("""{ "makeUpWorkingDays": [20301005] }""", CalendarFormatException.NotADate, "20301005")]
    [InlineData("""{ "years": [2030], "holidays": ["2031-01-01"] }""", CalendarFormatException.OutsideYears, "2031-01-01")]
    [InlineData("""{ "holidays": ["2030-10-05"], "makeUpWorkingDays": ["2030-10-05"] }""", CalendarFormatException.BothLists, "2030-10-05")]
    [InlineData("""{ "years": ["soon"] }""", CalendarFormatException.NotAYear, "soon")]
    [InlineData("""{ "years": [2030.5] }""", CalendarFormatException.NotAYear, "2030.5")]
    [InlineData("""{ "years": 2030 }""", CalendarFormatException.YearsNotList, null)]
    [InlineData("""{ "timeZone": "UTC" }""", CalendarFormatException.TimeZone, null)]
    [InlineData("""[]""", CalendarFormatException.NotObject, null)]
    public void A_malformed_calendar_is_refused_saying_what_is_wrong_and_where(string json, string problem, string? subject)
    {
        var e = Assert.Throws<CalendarFormatException>(() => WorkingDayCalendar.FromJson(json));

        Assert.Equal(problem, e.Problem);
        Assert.Equal(subject, e.Subject);
    }

    [Fact]
    public void A_deadline_that_needs_an_uncovered_year_fails_loudly_instead_of_guessing()
    {
        var calendar = WorkingDayCalendar.FromJson("""{ "years": [2030], "holidays": ["2030-12-31"] }""");

        var e = Assert.Throws<CalendarNotCoveredException>(() => calendar.AddWorkingDays(At.Beijing(2030, 12, 30, 10), 3));
        Assert.Equal(2031, e.Year);
    }
}
