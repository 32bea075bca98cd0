namespace Originality.Domain;

/// <summary>
/// The result of a state change: done, or refused with one <see cref="Domain.Refusal"/> and an
/// optional detail (e.g. which picture). Refusals are expected outcomes, never exceptions.
/// </summary>
public readonly record struct Outcome
{
    private Outcome(Refusal? refusal, string? detail)
    {
        Refusal = refusal;
        Detail = detail;
    }

    /// <summary>The refusal, or null when the change was made.</summary>
    public Refusal? Refusal { get; }

    /// <summary>Extra detail about a refusal (which item), or null.</summary>
    public string? Detail { get; }

    /// <summary>True when the change was made.</summary>
    public bool Succeeded => Refusal is null;

    /// <summary>The change was made.</summary>
    public static Outcome Done { get; }

    /// <summary>The change was refused.</summary>
    public static Outcome Refused(Refusal refusal, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new Outcome(refusal, detail);
    }

    /// <inheritdoc/>
    public override string ToString() => Refusal is null ? "done" : Refusal.ToString();
}

/// <summary>The result of an operation that creates or returns a value, or a refusal.</summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly record struct Outcome<T>
{
    /// <summary>A successful outcome carrying <paramref name="value"/>.</summary>
    public Outcome(T value)
    {
        Value = value;
    }

    /// <summary>A refused outcome.</summary>
    public Outcome(Refusal refusal, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        Refusal = refusal;
        Detail = detail;
    }

    /// <summary>The value; default when refused.</summary>
    public T? Value { get; }

    /// <summary>The refusal, or null on success.</summary>
    public Refusal? Refusal { get; }

    /// <summary>Extra detail about a refusal, or null.</summary>
    public string? Detail { get; }

    /// <summary>True when the operation succeeded.</summary>
    public bool Succeeded => Refusal is null;

    /// <summary>The value, or throws when the outcome is a refusal (for callers that already checked).</summary>
    public T GetValueOrThrow() =>
        Refusal is null ? Value! : throw new InvalidOperationException($"Outcome was refused: {Refusal}.");

    /// <summary>Drops the value, keeping success or refusal.</summary>
    public Outcome ToOutcome() => Refusal is null ? Outcome.Done : Outcome.Refused(Refusal, Detail);
}
