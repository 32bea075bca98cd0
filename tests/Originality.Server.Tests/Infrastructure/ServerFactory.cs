using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Originality.Tests;

namespace Originality.Server.Tests.Infrastructure;

/// <summary>Which database a test host runs on.</summary>
public enum Database
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real host on a fresh database: a temporary SQLite folder, or a fresh PostgreSQL database
/// created on the server of <see cref="TestEnvironment.PostgresConnectionString"/> and dropped at
/// the end. The clock is manual, starting at <see cref="Start"/>.
/// </summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    public const string OperatorKey = "test-operator-key-0123456789";

    /// <summary>Monday 2 March 2026, 10:00 Beijing time: far from holidays, so working days are plain.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "originality-server-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;
    private readonly string? _postgresDatabase;
    private readonly string? _adminConnectionString;
    private readonly bool _ownsDatabase = true;

    /// <summary>
    /// A host on <paramref name="database"/>; with <paramref name="existingPostgresDatabase"/>, on that
    /// PostgreSQL database, which the caller created and drops (a restart on the same data).
    /// </summary>
    public ServerFactory(Database database, IDictionary<string, string?>? settings = null, bool kestrel = false, string? existingPostgresDatabase = null)
    {
        DatabaseKind = database;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _dataDirectory,
            ["Security:OperatorKey"] = OperatorKey,
            ["Clock:Mode"] = "Manual",
            ["Clock:Start"] = Start.ToString("O"),
            ["Limits:RequestsPerMinute"] = "100000",
        };
        if (database == Database.Postgres)
        {
            _adminConnectionString = TestEnvironment.Require(TestEnvironment.PostgresConnectionString, "PostgreSQL (ORIGINALITY_TEST_POSTGRES)");
            _ownsDatabase = existingPostgresDatabase is null;
            _postgresDatabase = existingPostgresDatabase ?? "originality_server_" + Guid.NewGuid().ToString("N")[..16];
            if (_ownsDatabase)
            {
                using var admin = new NpgsqlConnection(_adminConnectionString);
                admin.Open();
                using var create = admin.CreateCommand();
                create.CommandText = $"CREATE DATABASE {_postgresDatabase}";
                create.ExecuteNonQuery();
            }
            _settings["Storage:Provider"] = "Postgres";
            _settings["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _postgresDatabase }.ConnectionString;
            // The log is in the database there, and every process must sign with a configured key.
            _settings["Evidence:SigningKey"] = TestSigningKey;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public Database DatabaseKind { get; }

    /// <summary>The PostgreSQL connection string the host is given; null on SQLite.</summary>
    public string? PostgresConnectionString => _settings.GetValueOrDefault("Storage:ConnectionString");

    /// <summary>One evidence signing key for the test run (PEM), as configuration would give it.</summary>
    public static string TestSigningKey { get; } = GenerateSigningKey();

    private static string GenerateSigningKey()
    {
        using var key = Originality.Evidence.EvidenceSigningKey.Generate();
        return key.ToPkcs8Pem();
    }

    /// <summary>The real address when the host listens with Kestrel (browser tests).</summary>
    public Uri? KestrelAddress { get; set; }

    public string DataDirectoryForTests() => _dataDirectory;

    private readonly StartupErrorLog _startupErrors = new();

    /// <summary>
    /// Starts the host, which must refuse to start, and returns everything it said about why: the
    /// exception the start threw and every error it logged. The framework's test host can lose the
    /// start's exception in a race (when the start fails before it looks at the host, it throws
    /// <see cref="ObjectDisposedException"/> instead); the host's own log of the failure is always there.
    /// </summary>
    public string StartFailure()
    {
        var e = Assert.ThrowsAny<Exception>(() => CreateClient());
        return e + Environment.NewLine + string.Join(Environment.NewLine, _startupErrors.Errors);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(_startupErrors));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that sends <paramref name="key"/> as its bearer token.</summary>
    public HttpClient ClientWithKey(string? key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = KestrelAddress ?? new Uri("http://localhost") });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    public HttpClient Operator() => ClientWithKey(OperatorKey);

    public HttpClient Anonymous() => ClientWithKey(null);

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_ownsDatabase && _postgresDatabase is not null && _adminConnectionString is not null)
        {
            await using var admin = new NpgsqlConnection(_adminConnectionString);
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background task: the temp folder is cleaned later.
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>Keeps every error the host logs, with its exception, for <see cref="ServerFactory.StartFailure"/>.</summary>
internal sealed class StartupErrorLog : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();

    public IEnumerable<string> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(StartupErrorLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log._errors.Enqueue(formatter(state, exception) + Environment.NewLine + exception);
            }
        }
    }
}

/// <summary>Reads JSON from responses and asserts their status with the body in the message.</summary>
public static class HttpAssertions
{
    public static async Task<T> ReadAs<T>(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public static async Task<System.Text.Json.JsonElement> ReadJson(this HttpResponseMessage response, System.Net.HttpStatusCode expected) =>
        await response.ReadAs<System.Text.Json.JsonElement>(expected);

    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> PostJson<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, Json);
}
