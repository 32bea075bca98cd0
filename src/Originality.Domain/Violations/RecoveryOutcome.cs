namespace Originality.Domain.Violations;

/// <summary>
/// The result of a state change of a recovery application: done, or refused with one
/// <see cref="RecoveryRefusal"/>. Mirrors <see cref="Domain.Outcome"/> for the V-rules.
/// </summary>
public readonly record struct RecoveryOutcome
{
    private RecoveryOutcome(RecoveryRefusal? refusal) => Refusal = refusal;

    /// <summary>The refusal, or null when the change was made.</summary>
    public RecoveryRefusal? Refusal { get; }

    /// <summary>True when the change was made.</summary>
    public bool Succeeded => Refusal is null;

    /// <summary>The change was made.</summary>
    public static RecoveryOutcome Done { get; }

    /// <summary>The change was refused.</summary>
    public static RecoveryOutcome Refused(RecoveryRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new RecoveryOutcome(refusal);
    }

    /// <inheritdoc/>
    public override string ToString() => Refusal is null ? "done" : Refusal.ToString();
}
