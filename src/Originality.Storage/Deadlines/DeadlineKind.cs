namespace Originality.Storage.Deadlines;

/// <summary>
/// The kinds of durable deadline the worker processes. Stored by name. Subject and payload
/// conventions (the repositories schedule them this way): complaint kinds have the complaint id as
/// subject and no payload; <see cref="SanctionEnding"/> has the member id as subject and the
/// sanction id as payload; <see cref="YearEndReset"/> has the member id as subject and the year as
/// payload.
/// </summary>
public enum DeadlineKind
{
    /// <summary>C-3: the platform must accept or reject a complaint within 3 working days.</summary>
    ComplaintAcceptanceDue,

    /// <summary>R-1/R-2/R-3: the appeal window of an infringement notice or first decision closes.</summary>
    AppealWindowClosing,

    /// <summary>R-4: the platform must decide an appeal within 5 working days.</summary>
    AppealDecisionDue,

    /// <summary>P-3: a time-limited sanction (publishing restriction, freeze) ends.</summary>
    SanctionEnding,

    /// <summary>P-4: penalty points are cleared at the end of the last day of the year.</summary>
    YearEndReset,
}

/// <summary>Where a scheduled job is in its life.</summary>
public enum DeadlineState
{
    /// <summary>Waiting for its instant, or for a retry after a failed attempt.</summary>
    Pending,

    /// <summary>Claimed by a worker whose lease has not run out (or that died holding it).</summary>
    Claimed,

    /// <summary>Its handler ran and committed; it will never run again.</summary>
    Done,

    /// <summary>Cancelled before it ran (e.g. the complaint was withdrawn).</summary>
    Cancelled,

    /// <summary>Gave up after the maximum number of attempts; needs an operator.</summary>
    Failed,
}
