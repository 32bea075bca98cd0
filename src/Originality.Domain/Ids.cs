namespace Originality.Domain;

// Id convention (one for every aggregate): a small value type wrapping a Guid. Ids are made by the
// caller (storage or server) with New() — version-7 Guids, so they sort roughly by creation time in
// an index — or rebuilt from a stored Guid with the positional constructor. The domain never asks
// the database for an id, so an aggregate is complete before it is first saved.

/// <summary>Identifies a member (seller account). Guid-based; see <see cref="New"/>.</summary>
public readonly record struct MemberId(Guid Value)
{
    /// <summary>A new, time-ordered (version 7) id.</summary>
    public static MemberId New() => new(Guid.CreateVersion7());

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}

/// <summary>Identifies a member's folder of filed pictures (F-2). Guid-based.</summary>
public readonly record struct FolderId(Guid Value)
{
    /// <summary>A new, time-ordered (version 7) id.</summary>
    public static FolderId New() => new(Guid.CreateVersion7());

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}

/// <summary>Identifies one filed picture (a filing, F-5/F-6). Guid-based.</summary>
public readonly record struct FilingId(Guid Value)
{
    /// <summary>A new, time-ordered (version 7) id.</summary>
    public static FilingId New() => new(Guid.CreateVersion7());

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}

/// <summary>Identifies an authorization granted in the authorization centre. Guid-based.</summary>
public readonly record struct AuthorizationId(Guid Value)
{
    /// <summary>A new, time-ordered (version 7) id.</summary>
    public static AuthorizationId New() => new(Guid.CreateVersion7());

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}

/// <summary>Identifies a complaint (C-1). Guid-based.</summary>
public readonly record struct ComplaintId(Guid Value)
{
    /// <summary>A new, time-ordered (version 7) id.</summary>
    public static ComplaintId New() => new(Guid.CreateVersion7());

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}

/// <summary>Identifies one penalty entry in a member's penalty ledger (C-4, P-1..P-7). Guid-based.</summary>
public readonly record struct PenaltyId(Guid Value)
{
    /// <summary>A new, time-ordered (version 7) id.</summary>
    public static PenaltyId New() => new(Guid.CreateVersion7());

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}

/// <summary>Identifies one sanction (warning, restriction, freeze, closure) in a penalty ledger (P-3). Guid-based.</summary>
public readonly record struct SanctionId(Guid Value)
{
    /// <summary>A new, time-ordered (version 7) id.</summary>
    public static SanctionId New() => new(Guid.CreateVersion7());

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}
