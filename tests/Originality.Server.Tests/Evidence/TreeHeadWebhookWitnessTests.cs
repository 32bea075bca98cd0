using System.Net;
using System.Net.Sockets;
using System.Text;
using Originality.Evidence;
using Originality.Server.Application;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Evidence;

public sealed class TreeHeadWebhookWitnessTests : IAsyncLifetime
{
    private const string Secret = "witness-secret";
    private readonly HttpListener _receiver = new();
    private ServerFactory? _server;

    public Task InitializeAsync()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var url = $"http://127.0.0.1:{port}/witness/";
        _receiver.Prefixes.Add(url);
        _receiver.Start();
        _server = new ServerFactory(Database.Sqlite, new Dictionary<string, string?>
        {
            ["Evidence:Witnesses:Webhooks:0"] = url,
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

    private async Task<(string Body, string? Signature, string? Event)> ReceiveAsync(HttpStatusCode answer)
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
