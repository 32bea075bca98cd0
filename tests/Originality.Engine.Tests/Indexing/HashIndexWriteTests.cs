using Originality.Engine.Hashing;
using Originality.Engine.Indexing;
using Originality.Measurement;

namespace Originality.Engine.Tests.Indexing;

public sealed class HashIndexWriteTests
{
    private static readonly Hash256 SomeHash = Hash256.Parse("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22");

    [Fact]
    public void Adding_a_key_that_is_present_is_refused()
    {
        var index = new HashIndex();
        index.Add(SomeHash, 7);

        Assert.Throws<ArgumentException>(() => index.Add(Hash256.Zero, 7));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Bulk_adding_a_repeated_or_present_key_adds_nothing()
    {
        var index = new HashIndex();
        index.Add(SomeHash, 7);

        Assert.Throws<ArgumentException>(() => index.AddRange([Hash256.Zero, SomeHash], [1, 1]));
        Assert.Throws<ArgumentException>(() => index.AddRange([Hash256.Zero, SomeHash], [1, 7]));
        Assert.Equal(1, index.Count);
        Assert.False(index.Contains(1));
    }

    [Fact]
    public void Entries_may_share_a_hash()
    {
        var index = new HashIndex();
        index.Add(SomeHash, 1);
        index.Add(SomeHash, 2);

        Assert.Equal([1L, 2L], index.Search(SomeHash, 0).Select(h => h.Key));
    }

    [Fact]
    public void Removed_entries_are_not_found_and_their_keys_can_be_added_again()
    {
        var scenario = new IndexScenario(seed: 20).WithPdqLike(3000, seed: 21, bulk: true).WithUniform(1000);
        var removedInSegment = scenario.Expected.First();
        var removedInBuffer = scenario.Expected.Last();
        var index = scenario.Index;

        Assert.True(index.Remove(removedInSegment.Key));
        Assert.True(index.Remove(removedInBuffer.Key));
        Assert.False(index.Remove(removedInBuffer.Key));
        Assert.DoesNotContain(index.Search(removedInSegment.Value, 0), h => h.Key == removedInSegment.Key);
        Assert.DoesNotContain(index.Search(removedInBuffer.Value, 0), h => h.Key == removedInBuffer.Key);

        index.Add(SomeHash, removedInSegment.Key);
        index.Add(removedInBuffer.Value, removedInBuffer.Key);

        Assert.Equal(scenario.Expected.Count, index.Count);
        Assert.Contains(index.Search(SomeHash, 0), h => h.Key == removedInSegment.Key);
        Assert.DoesNotContain(index.Search(removedInSegment.Value, 0), h => h.Key == removedInSegment.Key);
        Assert.True(index.TryGetHash(removedInBuffer.Key, out var readded));
        Assert.Equal(removedInBuffer.Value, readded);
    }

    [Fact]
    public void Removing_most_entries_and_compacting_keeps_exactly_the_rest()
    {
        var scenario = new IndexScenario(seed: 22).WithPdqLike(5000, seed: 23, bulk: true).WithUniform(700).RemoveRandom(4200);

        scenario.Index.Compact();

        var statistics = scenario.Index.GetStatistics();
        Assert.Equal(1500, statistics.Count);
        Assert.Equal(1500, statistics.StoredEntries);
        Assert.Equal(1, statistics.Segments);
        scenario.AssertSearchesMatchBruteForce(queries: 20, 0, 31);
    }

    [Fact]
    public async Task Removals_during_background_merges_are_kept_and_merges_complete()
    {
        var scenario = new IndexScenario(seed: 28);
        for (var round = 0; round < 12; round++)
        {
            // Each round seals buffers and starts merges; removals land while they may be running.
            scenario.WithPdqLike(700, seed: round).RemoveRandom(150);
            scenario.AssertSearchesMatchBruteForce(queries: 3, 0, 31);
        }
        var before = scenario.Index.GetStatistics().Segments;

        await scenario.Index.WaitForBackgroundMergesAsync();

        var after = scenario.Index.GetStatistics();
        Assert.Equal(scenario.Expected.Count, after.Count);
        Assert.True(after.Segments <= before);
        // Settled sizes fall by more than half from one segment to the next.
        Assert.True(after.Segments <= 1 + Math.Log2(after.Count), $"{after.Segments} segments after merging settled");
        scenario.AssertSearchesMatchBruteForce(queries: 20, 0, 16, 31, 40);
        foreach (var (key, hash) in scenario.Expected)
        {
            Assert.True(scenario.Index.TryGetHash(key, out var stored));
            Assert.Equal(hash, stored);
        }
    }

    [Fact]
    public void Removing_an_unknown_key_changes_nothing()
    {
        var scenario = new IndexScenario(seed: 24).WithUniform(500);

        Assert.False(scenario.Index.Remove(long.MinValue));
        Assert.Equal(500, scenario.Index.Count);
    }

    [Fact]
    public async Task Readers_during_writes_find_every_entry_present_throughout()
    {
        var scenario = new IndexScenario(seed: 25).WithPdqLike(4000, seed: 26, bulk: true);
        var stable = scenario.Expected.ToArray();
        var index = scenario.Index;
        using var stop = new CancellationTokenSource();
        var churn = new SyntheticPdqHashes(seed: 27, clusters: 64);

        // The writer adds and removes its own keys, forcing buffer seals, merges and compactions.
        var writer = Task.Run(() =>
        {
            var live = new Queue<long>();
            for (long key = 1_000_000_000; key < 1_000_020_000; key++)
            {
                index.Add(churn.Next(), key);
                live.Enqueue(key);
                if (live.Count > 3000)
                {
                    index.Remove(live.Dequeue());
                }
                if (key % 7000 == 0)
                {
                    index.Compact();
                }
            }
            stop.Cancel();
        });
        var missed = 0;
        var searches = 0;
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var random = new Random(r);
            var hits = new List<IndexHit>();
            while (!stop.IsCancellationRequested || searches < 200)
            {
                var (key, hash) = stable[random.Next(stable.Length)];
                hits.Clear();
                index.Search(SyntheticPdqHashes.FlipBits(hash, random.Next(32), random), 31, hits);
                if (!hits.Exists(h => h.Key == key) || !index.Contains(key))
                {
                    Interlocked.Increment(ref missed);
                }
                Interlocked.Increment(ref searches);
            }
        })).ToArray();

        await writer;
        await Task.WhenAll(readers);

        Assert.Equal(0, missed);
        Assert.True(searches >= 200);
        Assert.Equal(stable.Length + 3000, index.Count);
    }
}
