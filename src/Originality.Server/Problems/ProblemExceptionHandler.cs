using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Originality.Server.Problems;

/// <summary>The one exception handler: every failure leaves as problem details with a stable type.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ProblemException p => Make(p.Status, p.Type, p.Title, p.Detail, p.Rule),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } b =>
                Make(413, ProblemTypes.PayloadTooLarge, "Request body too large", b.Message, null),
            BadHttpRequestException b => Make(b.StatusCode, ProblemTypes.BadRequest, "Bad request", b.Message, null),
            InvalidDataException d => Make(400, ProblemTypes.BadRequest, "Bad request", d.Message, null),
            // A page's script or form sent without the token its page carries (or with one from an old
            // session): the same 400 whether the middleware or an endpoint checked it.
            Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => Make(400, ProblemTypes.BadRequest, "Bad request",
                "The form's anti-forgery token is missing or no longer valid. Load the page again and send the form from it.", null),
            Originality.Domain.Time.CalendarNotCoveredException c => Make(409, ProblemTypes.CalendarNotCovered, "The working-day calendar does not cover this year",
                $"The operator's calendar has no arrangement for {c.Year}; deadlines in working days cannot be counted until it is added (PUT /api/calendar).", null),
            _ when Hosting.DatabaseOverload.Is(exception) => Make(503, ProblemTypes.Unavailable, "Service busy",
                "The database is overloaded or briefly unreachable, so the request was not completed. Sending it again in a few seconds is safe.", null),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = Make(500, ProblemTypes.Internal, "Internal error", "The server failed; the error is logged.", null);
        }
        else if (problem.Status == 503)
        {
            logger.LogWarning(exception, "Database overloaded for {Method} {Path}; answered 503", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "2";
        }
        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        }).ConfigureAwait(false);
    }

    private static ProblemDetails Make(int status, string type, string title, string? detail, string? rule)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (rule is not null)
        {
            problem.Extensions["rule"] = rule;
        }
        return problem;
    }
}
