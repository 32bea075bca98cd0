using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
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
