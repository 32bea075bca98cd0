using Originality.Evidence;

namespace Originality.Evidence.Tests;

public class FilingLogTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<FilingLog> LogWith(string path, int count)
    {
        var log = await FilingLog.OpenAsync(path, None);
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(FilingRecordBuilder.Numbered(i), None);
        }
        return log;
    }

    [Fact]
    public async Task Reopened_log_has_the_same_filings_and_root()
    {
        using var dir = new TempDirectory();
        byte[] root;
        await using (var log = await LogWith(dir.File("filings.log"), 7))
        {
            root = log.RootHash(7);
        }

        await using var reopened = await FilingLog.OpenAsync(dir.File("filings.log"), None);

        Assert.Equal(7, reopened.Count);
        Assert.Equal(root, reopened.RootHash(7));
        Assert.Equal(0, reopened.RecoveredTornBytes);
        Assert.Equal(FilingRecordBuilder.Numbered(4), await reopened.ReadRecordAsync(3, None));
        Assert.Equal(3, reopened.FindLeafIndex(4));
    }

    [Fact]
    public async Task A_crash_at_any_byte_of_the_last_append_reopens_with_or_without_that_filing()
    {
        using var dir = new TempDirectory();
        var path = dir.File("filings.log");
        long lengthBefore;
        byte[] rootBefore, rootAfter;
        await using (var log = await LogWith(path, 5))
        {
            lengthBefore = new FileInfo(path).Length;
            rootBefore = log.RootHash(5);
            await log.AppendAsync(FilingRecordBuilder.Numbered(6), None);
            rootAfter = log.RootHash(6);
        }
        var complete = await File.ReadAllBytesAsync(path);
        var torn = dir.File("torn.log");

        for (var cut = lengthBefore; cut <= complete.Length; cut++)
        {
            await File.WriteAllBytesAsync(torn, complete.AsMemory(0, (int)cut).ToArray());

            await using var reopened = await FilingLog.OpenAsync(torn, None);

            var expectNew = cut == complete.Length;
            Assert.Equal(expectNew ? 6 : 5, reopened.Count);
            Assert.Equal(expectNew ? rootAfter : rootBefore, reopened.RootHash(reopened.Count));
            Assert.Equal(expectNew ? complete.Length : lengthBefore, new FileInfo(torn).Length);
        }
    }

    [Fact]
    public async Task A_torn_tail_is_cut_off_so_the_next_append_follows_the_last_whole_filing()
    {
        using var dir = new TempDirectory();
        var path = dir.File("filings.log");
        await (await LogWith(path, 3)).DisposeAsync();
        await using (var append = new FileStream(path, FileMode.Append))
        {
            await append.WriteAsync(new byte[100]);
        }

        await using (var reopened = await FilingLog.OpenAsync(path, None))
        {
            Assert.Equal(100, reopened.RecoveredTornBytes);
            await reopened.AppendAsync(FilingRecordBuilder.Numbered(4), None);
        }
        await using var again = await FilingLog.OpenAsync(path, None);

        Assert.Equal(4, again.Count);
        Assert.Equal(0, again.RecoveredTornBytes);
    }

    [Fact]
    public async Task A_torn_tail_can_be_kept_for_a_check_and_no_append_lands_until_it_is_dropped()
    {
        using var dir = new TempDirectory();
        var path = dir.File("filings.log");
        await (await LogWith(path, 3)).DisposeAsync();
        var valid = new FileInfo(path).Length;
        await using (var append = new FileStream(path, FileMode.Append))
        {
            await append.WriteAsync(new byte[100]);
        }

        await using var reopened = await FilingLog.OpenAsync(path, recoverTornTail: false, None);

        Assert.Equal((3, 100, 0, valid), (reopened.Count, reopened.PendingTornBytes, reopened.RecoveredTornBytes, reopened.ValidLength));
        Assert.Equal(valid + 100, new FileInfo(path).Length);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reopened.AppendAsync(FilingRecordBuilder.Numbered(4), None));
        reopened.DropTornTail();
        Assert.Equal((0, 100), (reopened.PendingTornBytes, reopened.RecoveredTornBytes));
        Assert.Equal(valid, new FileInfo(path).Length);
        Assert.Equal(3, await reopened.AppendAsync(FilingRecordBuilder.Numbered(4), None));
    }

    [Fact]
    public async Task A_crash_while_creating_the_file_leaves_an_empty_log()
    {
        using var dir = new TempDirectory();
        var path = dir.File("filings.log");
        await File.WriteAllBytesAsync(path, "ORIG"u8.ToArray());

        await using var log = await FilingLog.OpenAsync(path, None);

        Assert.Equal(0, log.Count);
    }

    [Fact]
    public async Task A_file_that_is_not_a_log_is_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("filings.log");
        await File.WriteAllTextAsync(path, "hello world, not a log");

        await Assert.ThrowsAsync<EvidenceLogCorruptException>(() => FilingLog.OpenAsync(path, None));
    }

    [Fact]
    public async Task Sequence_numbers_must_increase()
    {
        using var dir = new TempDirectory();
        await using var log = await LogWith(dir.File("filings.log"), 3);

        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(FilingRecordBuilder.Numbered(3), None));
        Assert.Equal(3, log.Count);
    }

    [Fact]
    public async Task A_second_writer_cannot_open_the_same_log()
    {
        using var dir = new TempDirectory();
        await using var log = await LogWith(dir.File("filings.log"), 1);

        await Assert.ThrowsAsync<IOException>(() => FilingLog.OpenAsync(dir.File("filings.log"), None));
    }

    [Fact]
    public async Task Log_matching_the_stored_filings_is_reported_consistent()
    {
        using var dir = new TempDirectory();
        await using var log = await LogWith(dir.File("filings.log"), 10);

        var audit = log.VerifyAgainst(Enumerable.Range(1, 10).Select(i => FilingRecordBuilder.Numbered(i)));

        Assert.True(audit.IsConsistent, audit.Message);
        Assert.Equal(10, audit.CheckedFilings);
    }

    [Fact]
    public async Task A_changed_stored_filing_is_reported_at_its_position()
    {
        using var dir = new TempDirectory();
        await using var log = await LogWith(dir.File("filings.log"), 10);
        var stored = Enumerable.Range(1, 10).Select(i => FilingRecordBuilder.Numbered(i)).ToList();
        stored[6] = FilingRecordBuilder.Numbered(7, salt: "edited");

        var audit = log.VerifyAgainst(stored);

        Assert.Equal(LogAuditOutcome.FilingDiffers, audit.Outcome);
        Assert.Equal(6, audit.FirstMismatchIndex);
    }

    [Fact]
    public async Task Missing_and_extra_stored_filings_are_reported()
    {
        using var dir = new TempDirectory();
        await using var log = await LogWith(dir.File("filings.log"), 5);

        var tooFew = log.VerifyAgainst(Enumerable.Range(1, 3).Select(i => FilingRecordBuilder.Numbered(i)));
        var tooMany = await log.VerifyAgainstAsync(Enumerable.Range(1, 6).Select(i => FilingRecordBuilder.Numbered(i)).ToAsyncEnumerable(), None);

        Assert.Equal((LogAuditOutcome.LogAhead, 3L), (tooFew.Outcome, tooFew.FirstMismatchIndex!.Value));
        Assert.Equal((LogAuditOutcome.LogBehind, 5L), (tooMany.Outcome, tooMany.FirstMismatchIndex!.Value));
    }

    [Fact]
    public async Task A_batch_append_gives_the_same_tree_as_single_appends()
    {
        using var dir = new TempDirectory();
        await using var single = await LogWith(dir.File("single.log"), 9);
        await using var batch = await FilingLog.OpenAsync(dir.File("batch.log"), None);

        var first = await batch.AppendRangeAsync(Enumerable.Range(1, 9).Select(i => FilingRecordBuilder.Numbered(i)).ToList(), None);

        Assert.Equal(0, first);
        Assert.Equal(single.RootHash(9), batch.RootHash(9));
    }

    [Fact]
    public async Task Concurrent_appends_all_land_exactly_once()
    {
        using var dir = new TempDirectory();
        await using var log = await FilingLog.OpenAsync(dir.File("filings.log"), None);
        var next = 0L;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                // The sequence number is taken inside the retry so concurrent appends stay ordered.
                while (true)
                {
                    var sequence = Interlocked.Increment(ref next);
                    try
                    {
                        await log.AppendAsync(FilingRecordBuilder.Numbered(sequence), None);
                        break;
                    }
                    catch (ArgumentException)
                    {
                    }
                }
            }
        })));

        Assert.Equal(200, log.Count);
    }
}
