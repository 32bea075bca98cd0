using System.Net;
using System.Net.Sockets;
using System.Text;
using Dapper;
using Originality.Evidence;
using Originality.Server.Application;
using Originality.Server.Hosting;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Evidence;

/// <summary>
/// Every signed tree head posted to a witness webhook, in order, a refused head again before the
/// next: from the process's own queue with the file log (SQLite), from the database's heads under
/// a leased cursor with the log in PostgreSQL (issue 11), where a dead process's lease is also
/// taken over. The clock is manual, so back-offs and leases run out when the test says.
/// </summary>
public abstract class TreeHeadWebhookWitnessTests(Database database) : IAsyncLifetime
{
    private const string Secret = "witness-secret";
    private readonly HttpListener _receiver = new();
    private ServerFactory? _server;

    protected ServerFactory Server => _server!;

    protected string Url { get; private set; } = "";

    public Task InitializeAsync()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/witness/";
        _receiver.Prefixes.Add(Url);
        _receiver.Start();
        _server = new ServerFactory(database, new Dictionary<string, string?>
        {
            ["Evidence:Witnesses:Webhooks:0"] = Url,
            ["Evidence:Witnesses:Secret"] = Secret,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _receiver.Close();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_head_is_posted_signed_and_a_refused_head_is_sent_again_before_the_next()
    {
        var market = new Marketplace(_server!);
        var alice = await market.MemberAsync("alice");
        var first = await Marketplace.FileAsync(alice, TestPictures.Original(81));
        (await alice.Client.GetAsync($"/api/certificates/{first}")).EnsureSuccessStatusCode();

        var refused = await ReceiveAsync(HttpStatusCode.InternalServerError);
        await Marketplace.FileAsync(alice, TestPictures.Original(82));
        (await market.Operator.PostJson("/api/clock/advance", new { minutes = 2 })).EnsureSuccessStatusCode();
        await _server!.Service<EvidenceService>().IssueIfDueAsync(CancellationToken.None);
        var retried = await ReceiveAsync(HttpStatusCode.OK);
        var next = await ReceiveAsync(HttpStatusCode.OK);

        Assert.Equal(1, SignedTreeHead.FromJson(refused.Body).Size);
        Assert.Equal(refused.Body, retried.Body);
        Assert.Equal(2, SignedTreeHead.FromJson(next.Body).Size);
        Assert.Equal(_server.Service<EvidenceService>().LatestHead!.ToJson(), next.Body);
        Assert.Equal(WebhookDispatcher.Sign(Secret, next.Body), next.Signature);
        Assert.Equal("evidence.tree-head", next.Event);
    }

    protected async Task<(string Body, string? Signature, string? Event)> ReceiveAsync(HttpStatusCode answer)
    {
        // Bounded so a missing delivery fails the test instead of hanging it.
        var context = await _receiver.GetContextAsync().WaitAsync(TimeSpan.FromMinutes(1));
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        context.Response.StatusCode = (int)answer;
        context.Response.Close();
        return (body, context.Request.Headers["X-Originality-Signature"], context.Request.Headers["X-Originality-Event"]);
    }
}

public sealed class TreeHeadWebhookWitnessOnSqliteTests() : TreeHeadWebhookWitnessTests(Database.Sqlite);

public sealed class TreeHeadWebhookWitnessOnPostgresTests() : TreeHeadWebhookWitnessTests(Database.Postgres)
{
    [Fact]
    public async Task A_process_that_died_holding_a_witness_loses_nothing_another_carries_on_from_the_cursor_when_its_lease_runs_out()
    {
        var market = new Marketplace(Server);
        var alice = await market.MemberAsync("alice");
        var first = await Marketplace.FileAsync(alice, TestPictures.Original(91));
        (await alice.Client.GetAsync($"/api/certificates/{first}")).EnsureSuccessStatusCode();
        var delivered = await ReceiveAsync(HttpStatusCode.OK);
        Assert.Equal(1, SignedTreeHead.FromJson(delivered.Body).Size);

        // Once this process has moved the cursor past head 1 and let the witness go…
        for (var attempt = 0; attempt < 600 && await CursorAsync() is not (null, > 0); attempt++)
        {
            await Task.Delay(50);
        }
        // …a process claimed the witness and was killed before it posted anything: its lease stands for ten minutes.
        var clock = Server.Service<TimeProvider>();
        await using (var connection = await Server.Service<ServerDatabase>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                "UPDATE evidence_witness_cursors SET claimed_by = 'dead/1', claimed_until = @until WHERE witness = @witness",
                new { until = clock.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds(), witness = Url });
        }
        await Marketplace.FileAsync(alice, TestPictures.Original(92));
        (await market.Operator.PostJson("/api/clock/advance", new { minutes = 2 })).EnsureSuccessStatusCode();
        await Server.Service<EvidenceService>().IssueIfDueAsync(CancellationToken.None);
        var heldBy = await CursorAsync();
        (await market.Operator.PostJson("/api/clock/advance", new { minutes = 9 })).EnsureSuccessStatusCode();
        var carriedOn = await ReceiveAsync(HttpStatusCode.OK);

        Assert.Equal("dead/1", heldBy.ClaimedBy);
        // The next head after the cursor, not the one already delivered again.
        Assert.Equal(2, SignedTreeHead.FromJson(carriedOn.Body).Size);
        Assert.Equal(Server.Service<EvidenceService>().LatestHead!.ToJson(), carriedOn.Body);
    }

    private async Task<(string? ClaimedBy, long DeliveredPosition)> CursorAsync()
    {
        await using var connection = await Server.Service<ServerDatabase>().OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<(string?, long)>(
            "SELECT claimed_by, delivered_position FROM evidence_witness_cursors WHERE witness = @witness", new { witness = Url });
    }
}
