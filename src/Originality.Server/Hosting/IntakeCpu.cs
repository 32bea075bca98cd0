using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Originality.Server.Hosting;

/// <summary>How many pictures a process decodes and analyses at once (<c>Intake:*</c>).</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>Pictures decoded or analysed at the same time; 0 is one per core.</summary>
    [Range(0, 256)]
    public int Concurrency { get; set; }
}

/// <summary>
/// Admission for the CPU work of filing (decoding, analysis, the copy detector's lookup): at most
/// <see cref="IntakeOptions.Concurrency"/> pictures at once, the others wait without a thread.
/// </summary>
/// <remarks>
/// Without it, 200 uploads at once run 200 analyses on as many pool threads, and every other
/// request's continuation — the holder of F-5's decision lock among them — gets a 1/200 share of a
/// core: measured on PostgreSQL, the lock's turn took 50 ms at the median and 20 s at the 99th
/// percentile, and every filer queued behind it. Queued here instead, the work runs at the speed
/// the cores allow, and the short steps between (the database, the lock's turn) keep theirs.
/// </remarks>
public sealed class IntakeCpu : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public IntakeCpu(IOptions<IntakeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var concurrency = options.Value.Concurrency > 0 ? options.Value.Concurrency : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(concurrency, concurrency);
    }

    /// <summary>Runs <paramref name="work"/> once a slot is free; its exception, if any, is the caller's.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return work();
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();
}
