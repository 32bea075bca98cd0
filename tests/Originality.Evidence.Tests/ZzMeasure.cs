using System.Diagnostics;
using Originality.Evidence;
using Xunit.Abstractions;
namespace Originality.Evidence.Tests;
public class ZzMeasure(ITestOutputHelper output)
{
    [Fact]
    public async Task Measure()
    {
        var sw = Stopwatch.StartNew();
        var tree = new MerkleTree();
        var leaf = new byte[100];
        for (var i = 0; i < 1 << 20; i++) { BitConverter.TryWriteBytes(leaf, (long)i); tree.AppendLeaf(leaf); }
        output.WriteLine($"1M appends of 100-byte leaves: {sw.ElapsedMilliseconds} ms, mem {GC.GetTotalMemory(false) / 1e6:F0} MB");
        sw.Restart(); var r = new Random(1);
        for (var i = 0; i < 10000; i++) { tree.InclusionProof(r.Next(1 << 19), (1 << 20) - r.Next(1000)); }
        output.WriteLine($"10k inclusion proofs: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        for (var i = 0; i < 10000; i++) { tree.ConsistencyProof(1 + r.Next(1 << 20), 1 << 20); }
        output.WriteLine($"10k consistency proofs: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        for (var i = 0; i < 10000; i++) { tree.RootHash((1 << 20) - r.Next(1 << 19)); }
        output.WriteLine($"10k roots: {sw.ElapsedMilliseconds} ms");
        using var dir = new TempDirectory();
        await using (var log = await FilingLog.OpenAsync(dir.File("f.log"), default))
        {
            sw.Restart();
            for (var i = 1; i <= 500; i++) await log.AppendAsync(FilingRecordBuilder.Numbered(i), default);
            output.WriteLine($"500 durable single appends: {sw.ElapsedMilliseconds} ms");
            var batch = Enumerable.Range(501, 100_000).Select(i => FilingRecordBuilder.Numbered(i)).ToList();
            sw.Restart();
            for (var i = 0; i < batch.Count; i += 1000) await log.AppendRangeAsync(batch.GetRange(i, 1000), default);
            output.WriteLine($"100k appends in batches of 1000: {sw.ElapsedMilliseconds} ms");
        }
        sw.Restart();
        await using (var log = await FilingLog.OpenAsync(dir.File("f.log"), default))
            output.WriteLine($"reopen {log.Count} filings: {sw.ElapsedMilliseconds} ms, file {new FileInfo(dir.File("f.log")).Length / 1e6:F1} MB");
    }
}
