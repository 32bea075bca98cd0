using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Originality.Server.Application;
using Originality.Server.Hosting;
using Originality.Server.Problems;
using Originality.Server.Security;

namespace Originality.Server.Api;

/// <summary>The service's clock; in manual mode the operator sets and advances it.</summary>
public static class ClockEndpoints
{
    public sealed record ClockResponse(Instant Now, string Mode, string BeijingTime);

    public sealed record SetClockRequest(Instant? Instant);

    /// <summary>How far to move a manual clock; the parts add up.</summary>
    public sealed record AdvanceClockRequest(int Days = 0, int Hours = 0, int Minutes = 0, int Seconds = 0);

    private static readonly DateTimeZone Beijing = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static IEndpointRouteBuilder MapClock(this IEndpointRouteBuilder app)
    {
        var clock = app.MapGroup("/clock").WithTags("Clock");
        clock.MapGet("/", Get).WithName("GetClock").RequireAuthorization();
        clock.MapPost("/set", Set).WithName("SetClock").RequireAuthorization(Policies.Operator);
        clock.MapPost("/advance", Advance).WithName("AdvanceClock").RequireAuthorization(Policies.Operator);
        return app;
    }

    private static Ok<ClockResponse> Get(IClock clock, IServiceProvider services) =>
        TypedResults.Ok(Describe(clock.GetCurrentInstant(), services.GetService<ManualTimeProvider>() is not null));

    private static async Task<Results<Ok<ClockResponse>, ProblemHttpResult, ValidationProblem>> Set(
        SetClockRequest request, IServiceProvider services, DeadlineRunner deadlines, CancellationToken cancellationToken)
    {
        if (services.GetService<ManualTimeProvider>() is not { } manual)
        {
            return NotManual();
        }
        if (request.Instant is not { } instant)
        {
            return Problem.Invalid("instant", "An instant such as 2026-12-31T16:00:00Z is required.");
        }
        if (!manual.TrySet(instant.ToDateTimeOffset()))
        {
            return Backwards();
        }
        await deadlines.RunDueNowAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Describe(instant, manual: true));
    }

    // Deadlines that fell due while the clock jumped are processed before the answer, so a
    // rehearsal (or a test) sees their effects at once.
    private static async Task<Results<Ok<ClockResponse>, ProblemHttpResult, ValidationProblem>> Advance(
        AdvanceClockRequest request, IServiceProvider services, DeadlineRunner deadlines, CancellationToken cancellationToken)
    {
        if (services.GetService<ManualTimeProvider>() is not { } manual)
        {
            return NotManual();
        }
        var by = new TimeSpan(request.Days, request.Hours, request.Minutes, request.Seconds);
        if (by < TimeSpan.Zero)
        {
            return Problem.Invalid("days", "The clock only moves forward.");
        }
        manual.TryAdvance(by);
        await deadlines.RunDueNowAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Describe(Instant.FromDateTimeOffset(manual.GetUtcNow()), manual: true));
    }

    private static ClockResponse Describe(Instant now, bool manual) =>
        new(now, manual ? "manual" : "system", now.InZone(Beijing).ToString("uuuu-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));

    private static ProblemHttpResult NotManual() =>
        Problem.Of(StatusCodes.Status409Conflict, ProblemTypes.ClockNotManual, "The clock is not manual",
            "Start the service with Clock:Mode=Manual to set or advance the time.");

    private static ProblemHttpResult Backwards() =>
        Problem.Of(StatusCodes.Status409Conflict, ProblemTypes.ClockBackwards, "The clock cannot go back",
            "Deadlines already processed stay processed; set a later instant.");
}
