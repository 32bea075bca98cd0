using Originality.Domain.Time;

namespace Originality.Domain.Tests.Builders;

/// <summary>
/// Test calendars. The dates are made up for the tests (not an official holiday schedule):
/// in October 2030, Tue 1 – Thu 3 are holidays and Sat 5 is a make-up working day.
/// </summary>
internal static class Calendars
{
    public static WorkingDayCalendar WeekendsOnly => WorkingDayCalendar.WeekendsOnly;

    public static WorkingDayCalendar WithOctoberHoliday() => new(
        [At.Date(2030, 10, 1), At.Date(2030, 10, 2), At.Date(2030, 10, 3)],
        [At.Date(2030, 10, 5)]);
}
