using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Originality.Server.Problems;

/// <summary>Builds the problem details every refusal of the API is made of.</summary>
public static class Problem
{
    public static ProblemHttpResult Of(int status, string type, string title, string? detail = null, string? rule = null)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (rule is not null)
        {
            problem.Extensions["rule"] = rule;
        }
        return TypedResults.Problem(problem);
    }

    /// <summary>A rule refused: 409 or 422 with <c>/problems/{code}</c> and the rule id.</summary>
    public static ProblemHttpResult Refused(string code, string title, string? rule, string? detail = null, int status = StatusCodes.Status409Conflict) =>
        Of(status, ProblemTypes.ForRefusal(code), title, detail, rule);

    /// <summary>
    /// Not found — also what a member gets for another member's things, so that existence is not
    /// disclosed.
    /// </summary>
    public static ProblemHttpResult NotFound(string what) =>
        Of(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", $"No {what} with that id is visible to you.");

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields", type: ProblemTypes.Validation);
}

/// <summary>Turns the rulebook's refusals into problem details.</summary>
public static class RefusalProblems
{
    private static readonly HashSet<string> InputRefusals = new(StringComparer.Ordinal)
    {
        "invalid-folder-name", "invalid-evidence", "unknown-nickname", "cannot-authorize-self",
        "no-picture-given", "no-listing-given", "complaint-against-self",
    };

    /// <summary>422 for a request the rule rejects as given, 409 for one the current state refuses.</summary>
    public static ProblemHttpResult ToProblem(this Originality.Domain.Refusal refusal, string? detail = null) =>
        Problem.Refused(
            refusal.Code,
            refusal.Message,
            refusal.RuleId == "-" ? null : refusal.RuleId,
            detail,
            InputRefusals.Contains(refusal.Code) ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict);
}
