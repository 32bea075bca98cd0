using System.Diagnostics;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Filings;
using Originality.Domain.Members;
using Originality.Engine.Pdq;
using Originality.Server.Application;
using Originality.Server.Hosting;
using Originality.Server.Tests.Infrastructure;
using Originality.Storage;
using Xunit.Abstractions;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>
/// A measurement, not a check (docs/benchmarks.md, "Replica start-up"): the start of an index
/// replica over N certified filings on PostgreSQL, once from the database's rows and once from the
/// journal the first start wrote. Runs only with <c>ORIGINALITY_REPLICA_PICTURES=N</c>. The
/// filings are synthetic rows; their detection records are those of 16 real analysed pictures,
/// used in turn, so adding each to the detector costs what a real one does.
/// </summary>
public sealed class ReplicaStartupMeasurement(ITestOutputHelper output)
{
    private static readonly int Pictures = int.TryParse(Environment.GetEnvironmentVariable("ORIGINALITY_REPLICA_PICTURES"), out var n) ? n : 0;

    [ReplicaMeasurementFact]
    public async Task Replica_start_from_the_database_and_from_its_journal()
    {
        await using var server = new ServerFactory(Database.Postgres);
        var market = new Marketplace(server);
        var member = await market.MemberAsync("bulk");
        var folderId = await Marketplace.FolderAsync(member);
        var store = server.Service<OriginalityStore>();
        var records = Enumerable.Range(0, 16).Select(i => PictureIndex.Fingerprint(PdqFingerprinter.Fingerprint(TestPictures.Original(600 + i))).ToRecord()).ToList();
        var (owner, folder) = await store.InSessionAsync(async s => (
            (await s.Members.GetAsync(new MemberId(Guid.Parse(member.Id))))!,
            (await s.Folders.GetAsync(new FolderId(Guid.Parse(folderId))))!));

        var seeding = Stopwatch.StartNew();
        for (var start = 0; start < Pictures; start += 500)
        {
            var batch = Enumerable.Range(start, Math.Min(500, Pictures - start)).Select(i =>
            {
                var sha = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)));
                var evidence = new FilingEvidence(owner.Id, sha, records[i % 16].Pdq.Hash.ToString(), Instant.FromUnixTimeSeconds(1_700_000_000L + i), "p.png", 1000);
                return (Filing: Filing.Submit(FilingId.New(), owner, folder, evidence, MachineReview.NoMatch, TrialEligibility.Open).Value!, Record: records[i % 16]);
            }).ToList();
            await store.InSessionAsync(async s =>
            {
                foreach (var (filing, _) in batch)
                {
                    await s.Filings.SaveAsync(filing);
                }
            });
            await using var connection = await server.Service<ServerDatabase>().OpenAsync(CancellationToken.None);
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var (filing, record) in batch)
            {
                await connection.ExecuteAsync("INSERT INTO picture_fingerprints (content_sha256, data, computed_at) VALUES (@sha, @data, 0)",
                    new { sha = filing.State.Evidence.ContentSha256, data = record.ToBytes() }, transaction);
            }
            await transaction.CommitAsync();
        }
        output.WriteLine($"seeded {Pictures} filings in {seeding.Elapsed.TotalSeconds:0.0} s");

        var journal = Path.Combine(server.DataDirectoryForTests(), "measure", "replica.journal");
        var options = Options.Create(new ReplicaOptions { JournalPath = journal });
        var fromDatabase = await TimeLoadAsync(server, options);
        var journalBytes = new FileInfo(journal).Length;
        var fromJournal = await TimeLoadAsync(server, options);

        output.WriteLine($"{Pictures} pictures: from the database {fromDatabase.TotalSeconds:0.0} s; from the journal ({journalBytes / 1048576.0:0} MiB) {fromJournal.TotalSeconds:0.0} s");
    }

    private static async Task<TimeSpan> TimeLoadAsync(ServerFactory server, IOptions<ReplicaOptions> options)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        using var index = new PictureIndex(server.Service<OriginalityStore>(), server.Service<ListingStore>(), server.Service<FingerprintStore>(),
            server.Service<ServerMetrics>(), NullLogger<PictureIndex>.Instance, options);
        await index.LoadAsync(CancellationToken.None);
        Assert.True(index.Count >= Pictures);
        return clock.Elapsed;
    }
}

/// <summary>Runs only when ORIGINALITY_REPLICA_PICTURES is set.</summary>
public sealed class ReplicaMeasurementFactAttribute : FactAttribute
{
    public ReplicaMeasurementFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ORIGINALITY_REPLICA_PICTURES")))
        {
            Skip = "a measurement: set ORIGINALITY_REPLICA_PICTURES (filed pictures) to run it";
        }
    }
}
