using System.Security.Cryptography;
using System.Text;

namespace Originality.Server.Security;

/// <summary>
/// Issues and hashes API keys. Keys carry 256 random bits, so a plain SHA-256 is enough to store
/// them: there is nothing to brute-force that a slow hash would protect.
/// </summary>
public static class ApiKeys
{
    public static string Issue(string role)
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return $"ok_{role}_{Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
    }

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares in constant time so a key cannot be guessed byte by byte from timing.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
