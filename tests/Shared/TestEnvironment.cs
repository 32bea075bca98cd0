namespace Originality.Tests;

/// <summary>
/// Where the repository, the shared conformance data and the external parts the tests need are.
/// On CI (CI=true) a missing part fails the test; on a developer machine it is reported as a skip
/// reason through <see cref="Require"/>.
/// </summary>
internal static class TestEnvironment
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The project's <c>../shared</c> folder (spec, seeds, conformance data), never copied in.</summary>
    public static string SharedRoot => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string ConformancePath(params string[] parts) =>
        Path.Combine([SharedRoot, "conformance", .. parts]);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? PostgresConnectionString => Nonempty(Environment.GetEnvironmentVariable("ORIGINALITY_TEST_POSTGRES"));

    public static string? ChromiumPath => Nonempty(Environment.GetEnvironmentVariable("ORIGINALITY_CHROMIUM")) ?? Existing("/usr/bin/chromium");

    public static string? TesseractPath => Nonempty(Environment.GetEnvironmentVariable("ORIGINALITY_TESSERACT")) ?? Existing("/usr/bin/tesseract");

    /// <summary>
    /// Returns the value when present. When absent, throws: on CI as a failure, elsewhere with a
    /// message that names what to install (scripts/test.sh does it as root).
    /// </summary>
    public static string Require(string? value, string what)
    {
        if (value is not null)
        {
            return value;
        }
        throw new InvalidOperationException(
            $"{what} is not available. Run scripts/test.sh (as root it installs and starts it) or set its environment variable.");
    }

    private static string? Nonempty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string? Existing(string path) => File.Exists(path) ? path : null;

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Originality.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Originality.slnx not found above the test binaries.");
    }
}
