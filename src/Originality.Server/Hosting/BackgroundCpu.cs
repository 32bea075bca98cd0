using System.ComponentModel.DataAnnotations;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Originality.Server.Hosting;

/// <summary>How background picture work (listing scans) shares the CPU with requests (<c>Scanning:*</c>).</summary>
public sealed class ScanningOptions
{
    public const string Section = "Scanning";

    /// <summary>
    /// The Unix nice value of the scan threads (0 – 19): above requests' 0, the kernel gives a
    /// request's thread the core whenever both want it, and the scans every cycle no request
    /// wants. 0 scans at the requests' priority.
    /// </summary>
    [Range(0, 19)]
    public int Nice { get; set; } = 10;

    /// <summary>Scan threads of this process: listings scanned at the same time.</summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 1;
}

/// <summary>
/// Dedicated threads, at a lower scheduling priority than the request threads, that run the CPU
/// work of background scans (decoding, fingerprinting, the copy detector's lookup). Work queued
/// here cannot make filings, lookups and pages wait for a core: during a catalogue backfill they
/// keep their idle latency as long as the machine has any cycle they need (issue 11).
/// </summary>
/// <remarks>
/// A thread pool thread cannot be given a priority (an await resumes on any of them), hence
/// threads of our own. On Linux the priority is the thread's nice value (<c>setpriority</c> on
/// its thread id); .NET's <see cref="Thread.Priority"/> is ignored there. Elsewhere the threads
/// run at <see cref="ThreadPriority.BelowNormal"/>. Thread-safe.
/// </remarks>
public sealed class BackgroundCpu : IDisposable
{
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>();
    private readonly Thread[] _threads;
    private readonly ILogger<BackgroundCpu> _logger;
    private readonly int _nice;

    public BackgroundCpu(IOptions<ScanningOptions> options, ILogger<BackgroundCpu> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _nice = options.Value.Nice;
        _threads = [.. Enumerable.Range(0, options.Value.Threads).Select(i => new Thread(Run) { IsBackground = true, Name = "scan-cpu-" + i })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a scan thread; its exception, if any, is the task's.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _work.Writer.TryWrite(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                done.TrySetResult(work());
            }
#pragma warning disable CA1031 // Handed to the awaiting caller, which decides.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.TrySetException(ex);
            }
        });
        ObjectDisposedException.ThrowIf(!queued, this);
        return done.Task;
    }

    private void Run()
    {
        Lower();
        var reader = _work.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var work))
            {
                work();
            }
        }
    }

    private void Lower()
    {
        if (_nice == 0)
        {
            return;
        }
        if (OperatingSystem.IsLinux())
        {
            // PRIO_PROCESS with a thread id sets that one thread's nice value on Linux.
            if (NativeMethods.setpriority(0, (uint)NativeMethods.gettid(), _nice) != 0)
            {
                _logger.LogWarning("The scan thread's priority could not be lowered (errno {Errno}); scans compete with requests at equal priority", Marshal.GetLastPInvokeError());
            }
        }
        else
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        }
    }

    public void Dispose() => _work.Writer.TryComplete();

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int setpriority(int which, uint who, int prio);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int gettid();
    }
}
