namespace Originality.Domain.Violations;

/// <summary>Identifies a picture violation (V-1). Guid-based, like the other ids in <c>Ids.cs</c>.</summary>
public readonly record struct ViolationId(Guid Value)
{
    /// <summary>A new, time-ordered (version 7) id.</summary>
    public static ViolationId New() => new(Guid.CreateVersion7());

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}

/// <summary>Identifies a recovery application (V-2). Guid-based.</summary>
public readonly record struct RecoveryApplicationId(Guid Value)
{
    /// <summary>A new, time-ordered (version 7) id.</summary>
    public static RecoveryApplicationId New() => new(Guid.CreateVersion7());

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}

/// <summary>A marketplace product id as the marketplace gives it (external, so text, trimmed).</summary>
public readonly record struct ProductId
{
    private ProductId(string value) => Value = value;

    /// <summary>The product id text.</summary>
    public string Value { get; }

    /// <summary>Creates a product id from non-blank text.</summary>
    public static ProductId Of(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return new ProductId(id.Trim());
    }

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}
