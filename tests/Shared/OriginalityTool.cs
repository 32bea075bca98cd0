using System.Diagnostics;
using System.Text;

namespace Originality.Tests;

/// <summary>
/// Runs the built <c>originality</c> tool (copied next to the tests by the project reference) as its
/// own process, as a user or an auditor would.
/// </summary>
internal static class OriginalityTool
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "originality.dll");
        Assert.True(File.Exists(tool), $"The CLI was not built next to the tests: {tool}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await output, await error);
    }
}
