using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Originality.Engine.Imaging;
using Originality.Engine.Pdq;

namespace Originality.Cli.Commands;

/// <summary>What <c>originality fingerprint</c> was asked to do.</summary>
/// <param name="Filing">Add the F-3 verdict.</param>
/// <param name="FullResolution">Hash every pixel instead of the scaled decode.</param>
internal sealed record FingerprintOptions(bool Filing = false, bool FullResolution = false);

/// <summary>The work behind <c>originality fingerprint</c>, separate from parsing so tests can call it.</summary>
internal static class FingerprintRunner
{
    // The CLI fingerprints any decodable picture, so it reads files larger than the 10 MB filing
    // limit; --filing reports that limit in the verdict instead.
    private static readonly ImageLimits ReadLimits = ImageLimits.Default with { MaxBytes = 256L * 1024 * 1024 };

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> PictureExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png" };

    /// <summary>Writes one JSON line per picture; returns the exit code (0: everything was processed).</summary>
    public static int Run(IEnumerable<string> paths, FingerprintOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        // One picture per core, lines still in input order and written as soon as they are ready.
        var lines = ExpandPaths(paths)
            .AsParallel()
            .AsOrdered()
            .WithMergeOptions(ParallelMergeOptions.NotBuffered)
            .Select(file => Describe(file, options));
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }
        output.Flush();
        return 0;
    }

    /// <summary>Files as given; directories walked (sorted, so output order is stable) for picture extensions.</summary>
    internal static IEnumerable<string> ExpandPaths(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                    .Where(f => PictureExtensions.Contains(Path.GetExtension(f)))
                    .Order(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    /// <summary>One JSON object (no newline) describing the file or why it could not be read.</summary>
    internal static string Describe(string path, FingerprintOptions options)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException
                ? "The file does not exist."
                : "The file cannot be read: " + e.Message;
            return Error(path, "unreadable", reason);
        }

        PdqFingerprint fingerprint;
        try
        {
            // By content: the extension is a filing rule (--filing), not a reason to refuse to hash.
            fingerprint = PdqFingerprinter.Fingerprint(bytes, fileName: null, options.FullResolution, ReadLimits);
        }
        catch (ImageRejectedException e)
        {
            return Error(path, e.Code, e.Reason);
        }

        var decoded = fingerprint.Decoded;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(bytes)));
            json.WriteNumber("width", decoded.OriginalWidth);
            json.WriteNumber("height", decoded.OriginalHeight);
            json.WriteString("pdq", fingerprint.Pdq.Hash.ToString());
            json.WriteNumber("quality", fingerprint.Pdq.Quality);
            if (options.Filing)
            {
                var verdict = FilingCheck.Check(Path.GetFileName(path), bytes.LongLength, decoded.Format, decoded.OriginalWidth, decoded.OriginalHeight);
                json.WriteStartObject("filing");
                json.WriteBoolean("accepted", verdict.Accepted);
                if (!verdict.Accepted)
                {
                    json.WriteString("code", verdict.Code);
                    json.WriteString("reason", verdict.Reason);
                }
                json.WriteNumber("scaledWidth", verdict.ScaledWidth);
                json.WriteNumber("scaledHeight", verdict.ScaledHeight);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Error(string path, string code, string reason)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteString("error", code);
            json.WriteString("reason", reason);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
