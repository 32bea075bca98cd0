using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using Originality.Server.Tests.Infrastructure;
using Originality.Tests;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>A member of the cluster's marketplace: its id, and one authenticated client per process.</summary>
public sealed record ClusterMember(string Id, string StoreId, string ApiKey, IReadOnlyList<HttpClient> Clients);

/// <summary>
/// Three real server processes (the built <c>Originality.Server.dll</c>, started with
/// <c>dotnet</c>, each with its own data folder and port) on one fresh PostgreSQL database, with
/// the system clock and one shared evidence signing key from configuration. What each process
/// writes to its console is kept, and shown when it fails to start.
/// </summary>
public sealed class ServerCluster : IAsyncLifetime
{
    public const int Size = 3;
    public const string OperatorKey = "cluster-operator-key-0123456789";

    private static int _storeSequence = 5_000_000;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "originality-cluster-tests", Guid.NewGuid().ToString("N"));
    private readonly List<ServerProcess> _processes = [];
    private string? _adminConnectionString;
    private string? _database;

    public string ConnectionString { get; private set; } = "";

    /// <summary>The signing key every process is configured with (PKCS#8 PEM).</summary>
    public string SigningKeyPem { get; } = GenerateKey();

    public IReadOnlyList<ServerProcess> Processes => _processes;

    /// <summary>The server every process starts with (another build's <c>Originality.Server.dll</c>); null: this build's.</summary>
    public string? InitialServerDll { get; init; }

    /// <summary>Further command-line settings for every process (<c>--Key=value</c>), set before <see cref="InitializeAsync"/>.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    public async Task InitializeAsync()
    {
        _adminConnectionString = TestEnvironment.Require(TestEnvironment.PostgresConnectionString, "PostgreSQL (ORIGINALITY_TEST_POSTGRES)");
        _database = "originality_cluster_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE {_database}";
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _database }.ConnectionString;
        for (var i = 0; i < Size; i++)
        {
            _processes.Add(new ServerProcess(this, i, Path.Combine(_root, "p" + i)) { ServerDll = InitialServerDll });
        }
        // Started together: the migration lock and the evidence log's lock are part of what is tested.
        await Task.WhenAll(_processes.Select(p => p.StartAsync()));
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Kill();
        }
        NpgsqlConnection.ClearAllPools();
        if (_database is not null && _adminConnectionString is not null)
        {
            await using var admin = new NpgsqlConnection(_adminConnectionString);
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned with the rest of the temp folder.
        }
    }

    /// <summary>Registers a member through process <paramref name="via"/> and gives it a client on every process.</summary>
    public async Task<ClusterMember> MemberAsync(string nickname, int via = 0)
    {
        var storeId = "AE-" + Interlocked.Increment(ref _storeSequence).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        var response = await _processes[via].Operator.PostJson("/api/members", new { nickname, storeId, storeLevel = 3, categories = new[] { "apparel" } });
        var created = await response.ReadJson(HttpStatusCode.Created);
        var key = created.GetProperty("apiKey").GetString()!;
        return new ClusterMember(created.GetProperty("member").GetProperty("id").GetString()!, storeId, key, [.. _processes.Select(p => p.Client(key))]);
    }

    /// <summary>Creates a folder through process <paramref name="via"/>.</summary>
    public static async Task<string> FolderAsync(ClusterMember member, int via)
    {
        var folder = await (await member.Clients[via].PostJson("/api/folders", new { name = "Folder " + Guid.NewGuid().ToString("N")[..8] })).ReadJson(HttpStatusCode.Created);
        return folder.GetProperty("id").GetString()!;
    }

    /// <summary>Uploads one file into a folder through process <paramref name="via"/>; returns the file's outcome.</summary>
    public static async Task<JsonElement> UploadAsync(ClusterMember member, int via, string folderId, (string Name, byte[] Content) file)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file.Content);
        part.Headers.ContentType = new MediaTypeHeaderValue(file.Name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
        form.Add(part, "files", file.Name);
        var result = await (await member.Clients[via].PostAsync($"/api/folders/{folderId}/pictures", form)).ReadJson(HttpStatusCode.OK);
        return result.GetProperty("files")[0];
    }

    /// <summary>
    /// Waits until every process reports its index replica caught up with the database and at the
    /// same position, and that position past <paramref name="after"/>; returns how long it took.
    /// </summary>
    public async Task<TimeSpan> ConvergedAsync(long after, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            var positions = await Task.WhenAll(_processes.Select(p => p.ReplicaAsync()));
            last = string.Join(", ", positions.Select(p => $"{p.Filings}/{p.ListingPictures} behind {p.Behind}"));
            if (positions.All(p => p.Behind == 0 && p.Filings + p.ListingPictures > after) && positions.Distinct().Count() == 1)
            {
                return clock.Elapsed;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"The replicas did not converge within {timeout.TotalSeconds} s: {last}");
    }

    /// <summary>The replicas' common position now (the sum of both feeds' positions, as <see cref="ConvergedAsync"/> compares).</summary>
    public async Task<long> PositionAsync()
    {
        var replica = await _processes[0].ReplicaAsync();
        return replica.Filings + replica.ListingPictures;
    }

    private static string GenerateKey()
    {
        using var key = Originality.Evidence.EvidenceSigningKey.Generate();
        return key.ToPkcs8Pem();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string ServerDll()
    {
        // The server's own build output, in the configuration these tests were built in.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Originality.Server", "bin", configuration, "net10.0", "Originality.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/Originality.Server first.", dll);
    }
}

/// <summary>One server process of the cluster: started, stopped, killed and restarted on its port.</summary>
public sealed class ServerProcess
{
    private readonly ServerCluster _cluster;
    private readonly string _dataDirectory;
    private readonly StringBuilder _output = new();
    private Process? _process;

    internal ServerProcess(ServerCluster cluster, int index, string dataDirectory)
    {
        _cluster = cluster;
        Index = index;
        _dataDirectory = dataDirectory;
        Port = ServerCluster.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
        Operator = Client(ServerCluster.OperatorKey);
        Anonymous = Client(null);
    }

    public int Index { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public HttpClient Operator { get; }

    public HttpClient Anonymous { get; }

    /// <summary>The build this process starts (a path to <c>Originality.Server.dll</c>); null: this build's. Takes effect at the next start.</summary>
    public string? ServerDll { get; set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    public async Task StartAsync()
    {
        var dll = ServerDll ?? ServerCluster.ServerDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new List<string>
        {
            dll,
            "--urls", BaseAddress.ToString().TrimEnd('/'),
            "--Storage:Provider=Postgres",
            "--Storage:ConnectionString=" + _cluster.ConnectionString,
            "--Storage:DataDirectory=" + _dataDirectory,
            "--Security:OperatorKey=" + ServerCluster.OperatorKey,
            "--Limits:RequestsPerMinute=100000",
            "--Evidence:SigningKey=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(_cluster.SigningKeyPem)),
        }.Concat(_cluster.ExtraArguments))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_gcServer"] = "0";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Server process {Index} exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var ready = await Anonymous.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Server process {Index} did not become ready:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine dies.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    /// <summary>The replica's position and lag from <c>/health/ready</c>.</summary>
    public async Task<(long Filings, long ListingPictures, long Behind)> ReplicaAsync()
    {
        using var response = await Anonymous.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var data = body.GetProperty("checks").GetProperty("replica").GetProperty("data");
        return (data.GetProperty("filingsPosition").GetInt64(), data.GetProperty("listingPicturesPosition").GetInt64(), data.GetProperty("changesBehind").GetInt64());
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
