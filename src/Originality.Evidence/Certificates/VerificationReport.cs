namespace Originality.Evidence;

/// <summary>Outcome of one verification step.</summary>
public enum CheckOutcome
{
    Passed,
    Failed,

    /// <summary>Not run: its input was not given (e.g. no picture) or an earlier step made it meaningless.</summary>
    Skipped,
}

/// <summary>One verification step: what was checked and a sentence a person can act on.</summary>
public sealed record VerificationCheck(string Name, CheckOutcome Outcome, string Message)
{
    public static VerificationCheck Pass(string name, string message) => new(name, CheckOutcome.Passed, message);

    public static VerificationCheck Fail(string name, string message) => new(name, CheckOutcome.Failed, message);

    public static VerificationCheck Skip(string name, string message) => new(name, CheckOutcome.Skipped, message);
}

/// <summary>Every step of a verification, in order.</summary>
public sealed class VerificationReport
{
    public VerificationReport(IReadOnlyList<VerificationCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        Checks = checks;
    }

    public IReadOnlyList<VerificationCheck> Checks { get; }

    /// <summary>True when no step failed and at least one passed; skipped steps do not fail a report.</summary>
    public bool Succeeded => Checks.Count > 0
        && Checks.All(c => c.Outcome != CheckOutcome.Failed)
        && Checks.Any(c => c.Outcome == CheckOutcome.Passed);
}
