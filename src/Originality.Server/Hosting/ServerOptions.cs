using System.ComponentModel.DataAnnotations;

namespace Originality.Server.Hosting;

/// <summary>The operator's key. Members' and reviewers' keys are issued by the operator and stored as hashes.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    [Required(ErrorMessage = "Security:OperatorKey must be configured (at least 16 characters).")]
    [MinLength(16, ErrorMessage = "Security:OperatorKey must be at least 16 characters.")]
    public string OperatorKey { get; set; } = "";
}

public enum ClockMode
{
    System,
    Manual,
}

/// <summary>
/// <c>Clock:Mode=Manual</c> lets an operator set and advance the time, to rehearse a policy or
/// walk deadlines in tests without waiting.
/// </summary>
public sealed class ClockOptions
{
    public const string Section = "Clock";

    public ClockMode Mode { get; set; } = ClockMode.System;

    /// <summary>Where a manual clock starts; now when absent.</summary>
    public DateTimeOffset? Start { get; set; }
}

/// <summary>Request size and rate limits.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Largest body of an ordinary (JSON or form) request.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest body of a multipart upload (a batch of pictures).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Requests per minute per caller (API key, or address when anonymous).</summary>
    [Range(1, int.MaxValue)]
    public int RequestsPerMinute { get; set; } = 600;
}
