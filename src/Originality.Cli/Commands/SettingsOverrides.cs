using System.Globalization;
using System.Reflection;
using Originality.Engine.Detection;

namespace Originality.Cli.Commands;

/// <summary>
/// <c>--set Name=Value</c> for the benchmarks: any detector parameter changed for one run, so each
/// can be chosen on the tuning split without a build per value.
/// </summary>
internal static class SettingsOverrides
{
    public static DetectorSettings Apply(IEnumerable<string>? assignments)
    {
        var settings = DetectorSettings.Default with { };
        foreach (var assignment in assignments ?? [])
        {
            var parts = assignment.Split('=', 2);
            var property = parts.Length == 2 ? typeof(DetectorSettings).GetProperty(parts[0].Trim(), BindingFlags.Public | BindingFlags.Instance) : null;
            if (property is null || !property.CanWrite)
            {
                throw new ArgumentException($"--set {assignment}: expected Name=Value with Name one of {string.Join(", ", typeof(DetectorSettings).GetProperties().Where(p => p.CanWrite).Select(p => p.Name))}.");
            }
            var text = parts[1].Trim();
            // Boxed apart: a conditional of int and double would make every value a double.
            object value = property.PropertyType == typeof(int)
                ? (object)int.Parse(text, CultureInfo.InvariantCulture)
                : text is "inf" or "infinity" ? double.PositiveInfinity : double.Parse(text, CultureInfo.InvariantCulture);
            property.SetValue(settings, value);
        }
        return settings;
    }
}
