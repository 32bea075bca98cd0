namespace Originality.Server.Problems;

/// <summary>
/// Stable <c>type</c> URIs of the problems the API returns (RFC 9457). Clients branch on these,
/// never on titles or details, which may be translated or reworded.
/// </summary>
public static class ProblemTypes
{
    public const string Validation = "/problems/validation";
    public const string NotFound = "/problems/not-found";
    public const string Unauthorized = "/problems/unauthorized";
    public const string Forbidden = "/problems/forbidden";
    public const string PayloadTooLarge = "/problems/payload-too-large";
    public const string UnsupportedMediaType = "/problems/unsupported-media-type";
    public const string MethodNotAllowed = "/problems/method-not-allowed";
    public const string RateLimited = "/problems/rate-limited";
    public const string BadRequest = "/problems/bad-request";
    public const string Conflict = "/problems/conflict";
    public const string ClockNotManual = "/problems/clock-not-manual";
    public const string ClockBackwards = "/problems/clock-cannot-go-back";
    public const string Internal = "/problems/internal";
    public const string Unavailable = "/problems/unavailable";
    public const string CalendarNotCovered = "/problems/calendar-not-covered";

    /// <summary>A rule's refusal: <c>/problems/{code}</c> with the refusal's stable code.</summary>
    public static string ForRefusal(string code) => "/problems/" + code;

    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        >= 500 => Internal,
        _ => "about:blank",
    };
}
