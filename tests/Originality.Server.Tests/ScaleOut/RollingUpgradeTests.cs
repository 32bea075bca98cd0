using System.Net;
using System.Security.Cryptography;
using Originality.Evidence;
using Originality.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>
/// docs/operations.md, "Rolling upgrades across a migration", carried out with two real builds:
/// three processes of an older build (<c>ORIGINALITY_OLD_SERVER</c>: its
/// <c>Originality.Server.dll</c>; <c>scripts/rolling-upgrade-test.sh REV</c> builds one from git)
/// on one PostgreSQL, then replaced one by one by this build, which migrates the schema on its
/// first start. Meanwhile the old processes keep filing, certifying and scanning on the newer
/// schema and stay ready; an old process that restarts refuses the newer schema.
/// </summary>
public sealed class RollingUpgradeTests(ITestOutputHelper output)
{
    private static readonly string? OldServer = Environment.GetEnvironmentVariable("ORIGINALITY_OLD_SERVER") is { Length: > 0 } path ? path : null;

    [RollingUpgradeFact]
    public async Task Old_processes_keep_serving_on_the_migrated_schema_while_they_are_replaced_one_by_one()
    {
        var cluster = new ServerCluster { InitialServerDll = OldServer };
        await cluster.InitializeAsync();
        try
        {
            var alice = await cluster.MemberAsync("alice-up");
            var bob = await cluster.MemberAsync("bob-up", via: 1);
            var before = TestPictures.Original(6101, 1200, 1000);
            var filedBefore = await ServerCluster.UploadAsync(alice, 0, await ServerCluster.FolderAsync(alice, 0), ("before.png", before));
            Assert.Equal("certified", filedBefore.GetProperty("outcome").GetString());

            // The first process of this build: it migrates, the old two keep serving.
            var upgraded = cluster.Processes[2];
            upgraded.Kill();
            upgraded.ServerDll = null;
            await upgraded.StartAsync();
            var during = TestPictures.Original(6102, 1200, 1000);
            var filedOnOld = await ServerCluster.UploadAsync(alice, 0, await ServerCluster.FolderAsync(alice, 0), ("during.png", during));
            var copyOnNew = await ServerCluster.UploadAsync(bob, 2, await ServerCluster.FolderAsync(bob, 2), ("copy.jpg", TestPictures.Copy(before, 0.85)));
            var copyOnOld = await ServerCluster.UploadAsync(bob, 1, await ServerCluster.FolderAsync(bob, 1), ("copy.jpg", TestPictures.Copy(during, 0.85)));
            var listingOnOld = await PushAsync(cluster, 0, bob, "L-old", TestPictures.Copy(before, 0.9));
            var listingOnNew = await PushAsync(cluster, 2, bob, "L-new", TestPictures.Copy(during, 0.9));
            await ScannedAsync(cluster, listingOnOld);
            await ScannedAsync(cluster, listingOnNew);
            var oldReady = await Task.WhenAll(cluster.Processes.Take(2).Select(p => p.Anonymous.GetAsync("/health/ready")));

            // An old process that restarts now refuses the newer schema.
            var restarted = cluster.Processes[1];
            restarted.Kill();
            var refused = await Record.ExceptionAsync(restarted.StartAsync);
            output.WriteLine(refused?.Message.Split('\n')[0] ?? "the old build started");

            // The rest replaced: every certificate verifies on every process, the old ones' filings included.
            foreach (var process in cluster.Processes.Take(2))
            {
                process.Kill();
                process.ServerDll = null;
                await process.StartAsync();
            }
            using var key = EvidencePublicKey.FromPem(await cluster.Processes[0].Anonymous.GetStringAsync("/api/evidence/public-key"));

            Assert.Equal("certified", filedOnOld.GetProperty("outcome").GetString());
            Assert.Equal(("not-original", "not-original"), (copyOnNew.GetProperty("code").GetString(), copyOnOld.GetProperty("code").GetString()));
            Assert.All(oldReady, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.IsType<InvalidOperationException>(refused);
            foreach (var (filing, picture) in new[] { (filedBefore, before), (filedOnOld, during) })
            {
                for (var p = 0; p < ServerCluster.Size; p++)
                {
                    var certificate = await (await alice.Clients[p].GetAsync($"/api/certificates/{filing.GetProperty("filingId").GetString()}")).ReadJson(HttpStatusCode.OK);
                    Assert.True(CertificateVerifier.Verify(certificate.GetRawText(), key, SHA256.HashData(picture)).Succeeded);
                }
            }
            var warnings = await (await bob.Clients[0].GetAsync("/api/warnings")).ReadJson(HttpStatusCode.OK);
            Assert.Equal(2, warnings.GetArrayLength());
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static async Task<string> PushAsync(ServerCluster cluster, int via, ClusterMember seller, string listingId, byte[] main)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(listingId), "listingId" },
            { new StringContent(seller.Id), "sellerId" },
            { new StringContent("apparel"), "category" },
        };
        form.Add(new ByteArrayContent(main), "main", "main.jpg");
        return (await (await cluster.Processes[via].Operator.PostAsync("/api/listings", form)).ReadJson(HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
    }

    private static async Task ScannedAsync(ServerCluster cluster, string id)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            var listing = await (await cluster.Processes[attempt % 2].Operator.GetAsync($"/api/listings/{id}")).ReadJson(HttpStatusCode.OK);
            if (listing.GetProperty("state").GetString() == "scanned")
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Listing {id} was not scanned.");
    }
}

public sealed class RollingUpgradeFactAttribute : FactAttribute
{
    public RollingUpgradeFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ORIGINALITY_OLD_SERVER")))
        {
            Skip = "needs an older build: set ORIGINALITY_OLD_SERVER to its Originality.Server.dll (scripts/rolling-upgrade-test.sh builds one)";
        }
    }
}
