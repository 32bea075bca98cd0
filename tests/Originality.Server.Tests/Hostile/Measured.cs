namespace Originality.Server.Tests.Hostile;

/// <summary>Shared arithmetic of the opt-in measurements.</summary>
internal static class Measured
{
    /// <summary>The nearest-rank percentile of an ascending array; 0 for none.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
