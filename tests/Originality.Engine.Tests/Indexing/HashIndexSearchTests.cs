using FsCheck;
using FsCheck.Xunit;
using Originality.Engine.Hashing;
using Originality.Engine.Indexing;

namespace Originality.Engine.Tests.Indexing;

public sealed class HashIndexSearchTests
{
    private static readonly int[] Radii = [0, 1, 8, 16, 31, 40, 64];

    [Fact]
    public void Search_equals_brute_force_on_uniform_hashes_added_one_by_one()
    {
        var scenario = new IndexScenario(seed: 1).WithUniform(6000);

        scenario.AssertSearchesMatchBruteForce(queries: 60, Radii);
    }

    [Fact]
    public void Search_equals_brute_force_on_pdq_like_hashes_added_in_bulk_and_one_by_one()
    {
        var scenario = new IndexScenario(seed: 2).WithPdqLike(8000, seed: 3, bulk: true).WithPdqLike(3000, seed: 4);

        scenario.AssertSearchesMatchBruteForce(queries: 60, Radii);
    }

    [Fact]
    public void Near_duplicates_planted_at_distances_0_to_40_are_found_exactly_up_to_the_radius()
    {
        var scenario = new IndexScenario(seed: 5).WithPdqLike(5000, seed: 6, bulk: true);
        var centre = scenario.RandomStoredHash();
        scenario.WithPlantedAround(centre, copiesPerDistance: 3);

        foreach (var radius in new[] { 0, 10, 30, 31, 32, 40 })
        {
            var found = IndexScenario.Found(scenario.Index, centre, radius);

            Assert.Equal(scenario.BruteForce(centre, radius), found);
            Assert.True(found.Count(f => f.Distance <= radius) >= 3 * (radius + 1));
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(32)]
    public void Search_equals_brute_force_for_every_substring_count(int substrings)
    {
        var options = IndexScenario.SmallOptions with { Substrings = substrings };
        var scenario = new IndexScenario(seed: 7, options).WithPdqLike(6000, seed: 8, bulk: true).WithUniform(500);

        scenario.AssertSearchesMatchBruteForce(queries: 30, Radii);
    }

    [Fact]
    public void Search_equals_brute_force_when_segments_choose_between_tables_and_scans_by_cost()
    {
        var scenario = new IndexScenario(seed: 13, IndexScenario.CostBasedOptions).WithPdqLike(20000, seed: 14, bulk: true).WithUniform(3000);

        scenario.AssertSearchesMatchBruteForce(queries: 30, Radii);
    }

    [Fact]
    public void Default_options_with_a_large_segment_use_tables_and_agree_with_brute_force()
    {
        var scenario = new IndexScenario(seed: 9, HashIndexOptions.Default).WithPdqLike(150_000, seed: 10, bulk: true);

        scenario.AssertSearchesMatchBruteForce(queries: 20, 0, 31, 40);
        Assert.True(scenario.Index.GetStatistics().IndexBytesPerEntry <= 64);
    }

    [Property(MaxTest = 25)]
    public void Any_sequence_of_adds_and_removes_searches_like_brute_force(PositiveInt seed)
    {
        var scenario = new IndexScenario(seed.Get);
        var random = scenario.Random;
        for (var round = 0; round < 6; round++)
        {
            scenario.WithPdqLike(random.Next(50, 600), seed: random.Next(), bulk: random.Next(2) == 0);
            scenario.RemoveRandom(random.Next(0, scenario.Expected.Count / 2));
        }

        Assert.Equal(scenario.Expected.Count, scenario.Index.Count);
        scenario.AssertSearchesMatchBruteForce(queries: 8, 0, 12, 31, 45);
    }

    [Fact]
    public void Search_returns_hits_nearest_first_and_nearest_keeps_the_closest()
    {
        var scenario = new IndexScenario(seed: 11).WithUniform(2000);
        var centre = scenario.RandomStoredHash();
        scenario.WithPlantedAround(centre);

        var all = scenario.Index.Search(centre, 20);
        var nearest = scenario.Index.Nearest(centre, 5, 20);

        Assert.Equal(all.OrderBy(h => h.Distance).ThenBy(h => h.Key), all);
        Assert.Equal(all.Take(5), nearest);
    }

    [Fact]
    public void A_radius_beyond_256_finds_everything()
    {
        var scenario = new IndexScenario(seed: 12).WithUniform(300);

        var hits = new List<IndexHit>();
        scenario.Index.Search(Hash256.Zero, 1000, hits);

        Assert.Equal(300, hits.Count);
    }
}
