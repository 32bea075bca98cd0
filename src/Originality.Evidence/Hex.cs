namespace Originality.Evidence;

/// <summary>Lower-case hex, the only spelling the formats use; parsing accepts nothing else.</summary>
internal static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length % 2 != 0)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }
        bytes = Convert.FromHexString(text);
        return true;
    }
}
