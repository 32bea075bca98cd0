using System.Globalization;
using System.Text;

namespace Originality.Measurement.Attacks;

/// <summary>
/// Draws an attack's parameters from the caller's <see cref="Random"/> and records every one, so
/// the copy's description and parameter table come from the very values that were used.
/// </summary>
/// <remarks>
/// Pixel-level randomness (noise, which text a caption shows) goes through <see cref="Rng"/>
/// directly and is not recorded: it is not a parameter anyone tunes against.
/// </remarks>
internal sealed class Draws(Random rng)
{
    private readonly List<(string Key, double Value, string Text)> _items = [];
    private string _prefix = "";

    public Random Rng { get; } = rng;

    /// <summary>Later keys are <c>family.name</c>.</summary>
    public void Begin(AttackFamily family) => _prefix = family.ToString().ToLowerInvariant();

    public double Uniform(string name, double min, double max)
    {
        var value = min + (Rng.NextDouble() * (max - min));
        Note(name, value);
        return value;
    }

    /// <summary>Uniform in log space: the natural draw for factors such as 0.7…1.43 that should be symmetric around 1.</summary>
    public double LogUniform(string name, double min, double max)
    {
        var value = Math.Exp(Math.Log(min) + (Rng.NextDouble() * (Math.Log(max) - Math.Log(min))));
        Note(name, value);
        return value;
    }

    public int Integer(string name, int min, int maxInclusive)
    {
        var value = Rng.Next(min, maxInclusive + 1);
        Note(name, value);
        return value;
    }

    public bool Chance(string name, double probability)
    {
        var yes = Rng.NextDouble() < probability;
        _items.Add((Key(name), yes ? 1 : 0, yes ? "yes" : "no"));
        return yes;
    }

    public T Choose<T>(string name, IReadOnlyList<T> options)
        where T : notnull
    {
        var index = Rng.Next(options.Count);
        _items.Add((Key(name), index, options[index].ToString() ?? ""));
        return options[index];
    }

    /// <summary>Records a value derived from the draws (pixel sizes, the effective area).</summary>
    public void Note(string name, double value) =>
        _items.Add((Key(name), value, value.ToString(Math.Abs(value - Math.Round(value)) < 1e-9 ? "0" : "0.###", CultureInfo.InvariantCulture)));

    public void NoteText(string name, double value, string text) => _items.Add((Key(name), value, text));

    public IReadOnlyDictionary<string, double> Parameters()
    {
        var table = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value, _) in _items)
        {
            table[key] = value;
        }
        return table;
    }

    /// <summary><c>crop: area=0.61 …; tilt: angle=-3.2 …</c>, families in the order they ran.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        string? family = null;
        foreach (var (key, _, value) in _items)
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            var (group, name) = (key[..dot], key[(dot + 1)..]);
            if (!string.Equals(group, family, StringComparison.Ordinal))
            {
                text.Append(family is null ? "" : "; ").Append(group).Append(':');
                family = group;
            }
            text.Append(' ').Append(name).Append('=').Append(value);
        }
        return text.ToString();
    }

    private string Key(string name) => _prefix + "." + name;
}
