using System.Globalization;
using Originality.Domain;
using Originality.Domain.Complaints;
using Originality.Storage;

namespace Originality.Server.Application;

/// <summary>
/// The short human reference of a complaint, <c>CP-000123</c>: the number storage gave it when it was
/// first saved (unique, in filing order), so cases filed in the same minute never look alike.
/// </summary>
public static class ComplaintReference
{
    private const string Prefix = "CP-";

    public static string Format(long number) => Prefix + number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Reads <c>CP-000123</c> (or <c>cp-123</c>) back into its number.</summary>
    public static bool TryParse(string? text, out long number)
    {
        number = 0;
        var t = text?.Trim();
        return t is not null && t.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            && long.TryParse(t.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
    }

    /// <summary>The references of <paramref name="complaints"/>, by id.</summary>
    public static async Task<IReadOnlyDictionary<ComplaintId, string>> OfAsync(OriginalityStore store, IEnumerable<Complaint> complaints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ids = complaints.Select(c => c.Id).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<ComplaintId, string>();
        }
        var numbers = await store.InSessionAsync(s => s.Complaints.NumbersAsync(ids, cancellationToken), cancellationToken).ConfigureAwait(false);
        return numbers.ToDictionary(n => n.Key, n => Format(n.Value));
    }

    /// <summary>The reference of one complaint, or its id when it has no number yet.</summary>
    public static string Of(IReadOnlyDictionary<ComplaintId, string> references, ComplaintId id) =>
        references.TryGetValue(id, out var reference) ? reference : id.ToString();
}
