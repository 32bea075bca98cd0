namespace Originality.Server.Problems;

/// <summary>
/// Thrown where a handler cannot return a typed result (deep in a helper); the exception handler
/// turns it into the same problem details a handler would have returned.
/// </summary>
public sealed class ProblemException(int status, string type, string title, string? detail = null, string? rule = null)
    : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public string? Rule { get; } = rule;
}
