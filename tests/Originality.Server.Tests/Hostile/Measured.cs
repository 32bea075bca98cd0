using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Originality.Server.Hosting;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Hostile;

/// <summary>A measurement, not a check of every build: runs only when its environment variable is set.</summary>
public abstract class MeasurementFactAttribute : FactAttribute
{
    protected MeasurementFactAttribute(string variable, string hint)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            Skip = $"a measurement: set {variable} {hint}";
        }
    }
}

/// <summary>Shared parts of the opt-in measurements.</summary>
internal static class Measured
{
    /// <summary>The nearest-rank percentile of an ascending array; 0 for none.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>The real host on Kestrel, listening on a loopback port; its address is set for its clients.</summary>
    public static (ServerFactory Server, string Address) StartOnLoopback(Database database)
    {
        var server = new ServerFactory(database, kestrel: true);
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        server.KestrelAddress = new Uri(address);
        return (server, address);
    }
}

/// <summary>
/// Hears the server's filing stage histogram (originality.filing.stage.duration) through a
/// <see cref="MeterListener"/>, so a measurement's breakdown is the one an operator sees in /metrics.
/// </summary>
internal sealed class FilingStageListener : IDisposable
{
    private readonly MeterListener _listener = new();

    /// <param name="onStage">Called with each stage's name and milliseconds, on the thread that recorded it.</param>
    public FilingStageListener(Action<string, double> onStage)
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName && instrument.Name == "originality.filing.stage.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "stage")
                {
                    onStage((string)tag.Value!, value * 1000);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The p50, p99 and mean of each stage heard, as rows of a markdown table.</summary>
    public static IEnumerable<string> Rows(IEnumerable<(string Stage, double Ms)> stages) =>
        stages.GroupBy(s => s.Stage).Select(g =>
        {
            var times = g.Select(s => s.Ms).Order().ToArray();
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"| {g.Key} | {Measured.Percentile(times, 0.5):0.0} | {Measured.Percentile(times, 0.99):0.0} | {times.Average():0.0} |");
        });

    public void Dispose() => _listener.Dispose();
}
