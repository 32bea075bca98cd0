using Originality.Server.Tests.Infrastructure;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>
/// F-5, one first filer: two members upload near-duplicates at the same moment on one process.
/// Exactly one is certified and the other is not original, in every round (before the decision
/// was serialised, both were certified in most rounds).
/// </summary>
public abstract class FirstFilerRaceTests(Database database) : MarketplaceTest(database)
{
    public const int Rounds = 20;

    [Fact]
    public async Task Two_members_uploading_near_duplicates_at_the_same_moment_get_exactly_one_certificate()
    {
        var alice = await Market.MemberAsync("alice");
        var bob = await Market.MemberAsync("bob");
        var aliceFolder = await Marketplace.FolderAsync(alice);
        var bobFolder = await Marketplace.FolderAsync(bob);

        var outcomes = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var (first, second) = RacePictures.Pair(round);
            var pair = await RacePictures.RaceAsync(
                () => Marketplace.UploadAsync(alice, aliceFolder, first),
                () => Marketplace.UploadAsync(bob, bobFolder, second));
            outcomes.Add($"round {round}: {RacePictures.Outcome(pair.A)} / {RacePictures.Outcome(pair.B)}");
        }

        Assert.All(outcomes, o => Assert.True(RacePictures.ExactlyOneCertified(o), string.Join("\n", outcomes)));
    }
}

public sealed class FirstFilerRaceOnSqliteTests() : FirstFilerRaceTests(Database.Sqlite);

public sealed class FirstFilerRaceOnPostgresTests() : FirstFilerRaceTests(Database.Postgres);

/// <summary>The pictures and the starting gun of the F-5 race, shared by the one- and three-process tests.</summary>
public static class RacePictures
{
    /// <summary>Even rounds: the very same file; odd rounds: the picture and a scaled, recompressed copy of it.</summary>
    public static ((string, byte[]) First, (string, byte[]) Second) Pair(int round)
    {
        var original = TestPictures.Original(7000 + round, 1200, 1000);
        return (("a.png", original), round % 2 == 0 ? ("b.png", original) : ("b.jpg", TestPictures.Copy(original, 0.85, 85)));
    }

    /// <summary>Starts both uploads together, as close to the same moment as two threads can.</summary>
    public static async Task<(T A, T B)> RaceAsync<T>(Func<Task<T>> a, Func<Task<T>> b)
    {
        using var gun = new Barrier(2);
        var ta = Task.Run(async () => { gun.SignalAndWait(); return await a(); });
        var tb = Task.Run(async () => { gun.SignalAndWait(); return await b(); });
        var results = await Task.WhenAll(ta, tb);
        return (results[0], results[1]);
    }

    public static bool ExactlyOneCertified(string round) =>
        round.Contains("certified / not-original", StringComparison.Ordinal) || round.Contains("not-original / certified", StringComparison.Ordinal);

    /// <summary>An upload's first file as "certified" or its refusal code.</summary>
    public static string Outcome(System.Text.Json.JsonElement upload)
    {
        var file = upload.GetProperty("files")[0];
        return file.GetProperty("outcome").GetString() == "certified" ? "certified" : file.GetProperty("code").GetString()!;
    }
}
