using System.Globalization;

namespace Originality.Domain;

/// <summary>A member's public nickname, the name used to authorize it. Compared ordinally, trimmed.</summary>
public readonly record struct Nickname
{
    /// <summary>The longest nickname accepted.</summary>
    public const int MaxLength = 64;

    private Nickname(string value) => Value = value;

    /// <summary>The nickname text.</summary>
    public string Value { get; }

    /// <summary>Accepts a non-blank nickname of at most <see cref="MaxLength"/> characters, trimmed.</summary>
    public static bool TryParse(string? text, out Nickname nickname)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength)
        {
            nickname = default;
            return false;
        }
        nickname = new Nickname(trimmed);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/> (for trusted, already-validated text).</summary>
    public static Nickname Parse(string text) =>
        TryParse(text, out var n) ? n : throw new FormatException($"Not a valid nickname: '{text}'.");

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>A store id: <c>AE-</c> followed by exactly 7 ASCII digits ([002]).</summary>
public readonly record struct StoreId
{
    private StoreId(string value) => Value = value;

    /// <summary>The store id text, e.g. <c>AE-1234567</c>.</summary>
    public string Value { get; }

    /// <summary>True for <c>AE-</c> + 7 ASCII digits, nothing else (no spaces, no lower case).</summary>
    public static bool TryParse(string? text, out StoreId storeId)
    {
        storeId = default;
        if (text is null || text.Length != 10 || !text.StartsWith("AE-", StringComparison.Ordinal))
        {
            return false;
        }
        for (var i = 3; i < 10; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }
        storeId = new StoreId(text);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static StoreId Parse(string text) =>
        TryParse(text, out var s) ? s : throw new FormatException($"Not a store id (AE- and 7 digits): '{text}'.");

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>A store level, Lv.1 to Lv.5. The numeric value is the level.</summary>
public enum StoreLevel
{
    /// <summary>Lv.1</summary>
    Lv1 = 1,
    /// <summary>Lv.2</summary>
    Lv2 = 2,
    /// <summary>Lv.3</summary>
    Lv3 = 3,
    /// <summary>Lv.4</summary>
    Lv4 = 4,
    /// <summary>Lv.5</summary>
    Lv5 = 5,
}

/// <summary>A marketplace category (e.g. <c>apparel</c>). Codes are compared ordinally, lower-cased.</summary>
public readonly record struct Category
{
    private Category(string code) => Code = code;

    /// <summary>The category code.</summary>
    public string Code { get; }

    /// <summary>Creates a category from a non-blank code; the code is trimmed and lower-cased (invariant).</summary>
    public static Category Of(string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return new Category(code.Trim().ToLower(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    public override string ToString() => Code ?? string.Empty;
}

/// <summary>A marketplace (site) on which a penalty policy is selected (P-003 or P-001).</summary>
public readonly record struct MarketplaceId
{
    private MarketplaceId(string value) => Value = value;

    /// <summary>The marketplace code.</summary>
    public string Value { get; }

    /// <summary>The marketplace used when none is configured.</summary>
    public static MarketplaceId Default { get; } = new("default");

    /// <summary>Creates a marketplace id from a non-blank code (trimmed, lower-cased invariant).</summary>
    public static MarketplaceId Of(string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return new MarketplaceId(code.Trim().ToLower(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>A link to, or the id of, a marketplace listing (C-1). Kept as given, trimmed.</summary>
public readonly record struct ListingRef
{
    private ListingRef(string value) => Value = value;

    /// <summary>The link or listing id text.</summary>
    public string Value { get; }

    /// <summary>Creates a listing reference from non-blank text.</summary>
    public static ListingRef Of(string linkOrId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(linkOrId);
        return new ListingRef(linkOrId.Trim());
    }

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}
