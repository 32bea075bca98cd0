using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Originality.Storage.Sql;

/// <summary>
/// Serializes the domain's persisted-state records (<c>MemberState</c>, <c>FilingState</c> …) to
/// the JSON <c>state</c> column. The state record is the domain's contract with storage: whatever
/// it holds round-trips, so a new field needs no schema change; the columns beside it only exist
/// for lookups and constraints.
/// </summary>
internal static class StateJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException("Stored state is null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            WriteIndented = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters = { new DomainValueConverterFactory(), new JsonStringEnumConverter() },
        };
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>
/// Writes the domain's small value types (ids over a Guid, nicknames, store ids, categories …) as
/// plain JSON strings and reads them back through their own constructor or parser, so validation
/// stays in the domain.
/// </summary>
internal sealed class DomainValueConverterFactory : JsonConverterFactory
{
    private static readonly Assembly DomainAssembly = typeof(Originality.Domain.MemberId).Assembly;

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsValueType && !typeToConvert.IsEnum && typeToConvert.Assembly == DomainAssembly
        && (GuidConstructor(typeToConvert) is not null || StringFactory(typeToConvert) is not null);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        if (GuidConstructor(typeToConvert) is { } ctor)
        {
            return (JsonConverter)Activator.CreateInstance(typeof(GuidValueConverter<>).MakeGenericType(typeToConvert), ctor)!;
        }
        return (JsonConverter)Activator.CreateInstance(typeof(StringValueConverter<>).MakeGenericType(typeToConvert), StringFactory(typeToConvert)!)!;
    }

    private static ConstructorInfo? GuidConstructor(Type type) =>
        type.GetProperty("Value")?.PropertyType == typeof(Guid) ? type.GetConstructor([typeof(Guid)]) : null;

    private static readonly string[] FactoryNames = ["Parse", "Of"];

    private static MethodInfo? StringFactory(Type type) =>
        FactoryNames
            .Select(name => type.GetMethod(name, BindingFlags.Public | BindingFlags.Static, [typeof(string)]))
            .FirstOrDefault(m => m is not null && m.ReturnType == type);

    private sealed class GuidValueConverter<T>(ConstructorInfo ctor) : JsonConverter<T>
    {
        private readonly PropertyInfo _value = typeof(T).GetProperty("Value")!;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            (T)ctor.Invoke([reader.GetGuid()]);

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue((Guid)_value.GetValue(value)!);
    }

    private sealed class StringValueConverter<T>(MethodInfo factory) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException("Expected a string for " + typeof(T).Name + ".");
            try
            {
                return (T)factory.Invoke(null, [text])!;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw new JsonException("Stored " + typeof(T).Name + " is not valid: " + ex.InnerException.Message, ex.InnerException);
            }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value!.ToString());
    }
}
