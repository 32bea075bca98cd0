using System.Globalization;
using Originality.Storage.Sql;

namespace Originality.Storage.Deadlines;

internal sealed class JobRow
{
    public const string Columns =
        "id AS Id, kind AS Kind, subject_id AS SubjectId, due_at AS DueAt, state AS State, attempts AS Attempts, claimed_by AS ClaimedBy, claimed_until AS ClaimedUntil, completed_at AS CompletedAt, last_error AS LastError, payload AS Payload";

    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string SubjectId { get; set; } = "";
    public long DueAt { get; set; }
    public string State { get; set; } = "";
    public long Attempts { get; set; }
    public string? ClaimedBy { get; set; }
    public long? ClaimedUntil { get; set; }
    public long? CompletedAt { get; set; }
    public string? LastError { get; set; }
    public string? Payload { get; set; }

    public DeadlineJob ToJob() => new(
        Id,
        Enum.Parse<DeadlineKind>(Kind),
        SubjectId,
        Instants.FromTicks(DueAt),
        StateFromText(State),
        (int)Attempts,
        ClaimedBy,
        Instants.FromTicks(ClaimedUntil),
        Instants.FromTicks(CompletedAt),
        LastError,
        Payload);

    public static string StateText(DeadlineState state) => state.ToString().ToLowerInvariant();

    private static DeadlineState StateFromText(string text) =>
        Enum.Parse<DeadlineState>(text, ignoreCase: true);

    // The payload is part of the identity: one member can have two sanctions ending at one instant.
    public static string Key(DeadlineKind kind, string subjectId, long dueTicks, string? payload) =>
        payload is null
            ? string.Create(CultureInfo.InvariantCulture, $"{kind}:{subjectId}:{dueTicks}")
            : string.Create(CultureInfo.InvariantCulture, $"{kind}:{subjectId}:{dueTicks}:{payload}");
}
