using NodaTime;
using Originality.Storage.Outbox;

namespace Originality.Storage.Tests.Suite;

public abstract partial class StorageSuite
{
    [Fact]
    public async Task Outbox_events_are_handed_out_in_order_and_once_delivered_never_again()
    {
        var first = await InSessionAsync(s => s.Outbox.EnqueueAsync("complaint.filed", """{"n":1}""", "c-1"));
        var second = await InSessionAsync(s => s.Outbox.EnqueueAsync("complaint.accepted", """{"n":2}""", "c-1"));
        var reader = new OutboxReader(Store, "webhooks-1");

        var batch = await reader.ClaimAsync(10, Duration.FromMinutes(1));
        foreach (var message in batch)
        {
            Assert.True(await reader.MarkDeliveredAsync(message.Sequence));
        }
        Clock.Advance(Duration.FromHours(1));
        var again = await reader.ClaimAsync(10, Duration.FromMinutes(1));

        Assert.Equal([first, second], batch.Select(m => m.EventId));
        Assert.Equal("""{"n":1}""", batch[0].Payload);
        Assert.Equal("complaint.filed", batch[0].Topic);
        Assert.Equal(Start, batch[0].CreatedAt);
        Assert.Empty(again);
        Assert.Equal(0, await reader.PendingCountAsync());
    }

    [Fact]
    public async Task An_outbox_event_claimed_by_a_reader_that_died_is_handed_out_again_after_its_lease()
    {
        var id = await InSessionAsync(s => s.Outbox.EnqueueAsync("sanction.ended", "{}"));
        var dead = new OutboxReader(Store, "dead");
        var alive = new OutboxReader(OpenSecondProcess(), "alive");

        var claimedByDead = await dead.ClaimAsync(10, Duration.FromMinutes(1));
        var whileLeased = await alive.ClaimAsync(10, Duration.FromMinutes(1));
        Clock.Advance(Duration.FromMinutes(1));
        var afterLease = await alive.ClaimAsync(10, Duration.FromMinutes(1));
        var lateAck = await dead.MarkDeliveredAsync(claimedByDead[0].Sequence);

        Assert.Equal(id, Assert.Single(claimedByDead).EventId);
        Assert.Empty(whileLeased);
        var redelivered = Assert.Single(afterLease);
        Assert.Equal(id, redelivered.EventId);
        Assert.Equal(2, redelivered.Attempts);
        Assert.False(lateAck);
    }

    [Fact]
    public async Task A_failed_outbox_delivery_is_retried_from_the_given_instant()
    {
        await InSessionAsync(s => s.Outbox.EnqueueAsync("complaint.withdrawn", "{}"));
        var reader = new OutboxReader(Store, "r");
        var message = Assert.Single(await reader.ClaimAsync(1, Duration.FromMinutes(1)));

        Assert.True(await reader.MarkFailedAsync(message.Sequence, "HTTP 503", Start + Duration.FromMinutes(10)));
        var tooSoon = await reader.ClaimAsync(1, Duration.FromMinutes(1));
        Clock.Advance(Duration.FromMinutes(10));
        var retried = await reader.ClaimAsync(1, Duration.FromMinutes(1));

        Assert.Empty(tooSoon);
        Assert.Equal(message.EventId, Assert.Single(retried).EventId);
    }
}
