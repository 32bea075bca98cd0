namespace Originality.Domain.Violations;

/// <summary>What a picture violation did to the product (V-2): removal, search demotion, points.</summary>
/// <param name="ProductRemoved">The product was taken off the shelves.</param>
/// <param name="SearchDemoted">The product was demoted in search.</param>
/// <param name="Points">Penalty points deducted (0 or more).</param>
public sealed record ViolationPenalty(bool ProductRemoved, bool SearchDemoted, int Points)
{
    /// <summary>True when the penalty actually does something; only such a violation can be recovered (V-2).</summary>
    public bool IsEffective => ProductRemoved || SearchDemoted || Points > 0;

    /// <summary>Validates the points.</summary>
    public int Points { get; init; } = Points >= 0 ? Points : throw new ArgumentOutOfRangeException(nameof(Points), Points, "Penalty points cannot be negative.");
}
