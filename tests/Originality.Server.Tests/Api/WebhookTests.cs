using System.Net;
using System.Net.Sockets;
using System.Text;
using Originality.Server.Application;
using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.Api;

public sealed class WebhookTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new(Database.Sqlite);
    private readonly HttpListener _receiver = new();
    private string _url = "";

    public Task InitializeAsync()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _url = $"http://127.0.0.1:{port}/hooks/";
        _receiver.Prefixes.Add(_url);
        _receiver.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _receiver.Close();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Events_reach_the_operators_webhook_signed_with_its_secret_and_a_failed_delivery_is_retried()
    {
        var market = new Marketplace(_server);
        (await market.Operator.PostJson("/api/webhooks", new { url = _url, secret = "s3cret" })).EnsureSuccessStatusCode();
        var alice = await market.MemberAsync("alice");
        await Marketplace.FileAsync(alice, TestPictures.Original(51));

        // The first delivery is answered 500, so the event must come again.
        var first = await _receiver.GetContextAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var firstId = first.Request.Headers["X-Originality-Event-Id"];
        first.Response.StatusCode = 500;
        first.Response.Close();
        // The retry waits for its back-off on the service's (manual) clock: move it on until the event comes again.
        HttpListenerContext? again = null;
        var pending = _receiver.GetContextAsync();
        for (var attempt = 0; attempt < 120 && again is null; attempt++)
        {
            (await market.Operator.PostJson("/api/clock/advance", new { minutes = 1 })).EnsureSuccessStatusCode();
            if (await Task.WhenAny(pending, Task.Delay(500)) != pending)
            {
                continue;
            }
            var context = await pending;
            if (context.Request.Headers["X-Originality-Event-Id"] == firstId)
            {
                again = context;
            }
            else
            {
                context.Response.StatusCode = 200;
                context.Response.Close();
                pending = _receiver.GetContextAsync();
            }
        }
        Assert.NotNull(again);
        using var reader = new StreamReader(again.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        again.Response.StatusCode = 200;
        again.Response.Close();

        Assert.Equal("filing.certified", again.Request.Headers["X-Originality-Event"]);
        Assert.Equal(WebhookDispatcher.Sign("s3cret", body), again.Request.Headers["X-Originality-Signature"]);
        Assert.Contains(alice.Id, body, StringComparison.Ordinal);
    }
}
