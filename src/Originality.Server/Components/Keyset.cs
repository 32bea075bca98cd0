using System.Globalization;

namespace Originality.Server.Components;

/// <summary>
/// Pages of a list that follow a cursor (the last row's sort key and id) rather than an offset, so a
/// row added or removed meanwhile does not shift the next page by one. The rows are ordered by key,
/// then by id, here, so every list pages the same way.
/// </summary>
public static class Keyset
{
    public const int DefaultSize = 20;

    public const int MaxSize = 100;

    /// <summary>One page of <paramref name="rows"/> after the cursor <paramref name="after"/> (from the top when null or unreadable), and the next page's cursor, null on the last.</summary>
    public static (IReadOnlyList<T> Page, string? Next) Page<T>(IEnumerable<T> rows, Func<T, long> key, Func<T, string> id, string? after, int? size)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(id);
        var take = Math.Clamp(size ?? DefaultSize, 1, MaxSize);
        var ordered = rows.OrderBy(key).ThenBy(id, StringComparer.Ordinal);
        var rest = TryParse(after, out var afterKey, out var afterId)
            ? ordered.Where(r => key(r) > afterKey || (key(r) == afterKey && string.CompareOrdinal(id(r), afterId) > 0))
            : ordered;
        var window = rest.Take(take + 1).ToList();
        var page = window.Take(take).ToList();
        var next = window.Count > take ? Cursor(key(page[^1]), id(page[^1])) : null;
        return (page, next);
    }

    /// <summary>A page size from the address: text, since the framework answers an unparsable number bound from the query with a 500.</summary>
    public static int? Size(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Cursor(long key, string id) => key.ToString(CultureInfo.InvariantCulture) + "_" + id;

    /// <summary>A cursor that does not parse starts from the top: it came from a hand-edited address, not from us.</summary>
    private static bool TryParse(string? text, out long key, out string id)
    {
        key = 0;
        id = "";
        var cut = text?.IndexOf('_', StringComparison.Ordinal) ?? -1;
        if (cut <= 0 || !long.TryParse(text.AsSpan(0, cut), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out key))
        {
            return false;
        }
        id = text![(cut + 1)..];
        return true;
    }
}
