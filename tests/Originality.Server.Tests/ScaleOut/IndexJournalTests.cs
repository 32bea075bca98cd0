using NodaTime;
using Originality.Domain;
using Originality.Engine.Hashing;
using Originality.Server.Application;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>The index replica's local journal: read back whole, a damaged tail cut, entries past the database dropped.</summary>
public sealed class IndexJournalTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "originality-journal-" + Guid.NewGuid().ToString("N"), "replica.journal");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    private static JournalEntry Entry(int i) => new(
        i, i / 2, i % 2 == 0 ? IndexedSource.Filing : IndexedSource.Listing, "ref-" + i, new MemberId(Guid.NewGuid()),
        Instant.FromUnixTimeSeconds(1_700_000_000 + i), Hash256.TryParse(new string((char)('a' + (i % 6)), 64), out var h) ? h : default,
        i % 3 == 0 ? null : [.. Enumerable.Range(0, 100 + i).Select(b => (byte)b)]);

    private List<JournalEntry> Read(long maxFiling = long.MaxValue, long maxListing = long.MaxValue)
    {
        var read = new List<JournalEntry>();
        using var journal = IndexJournal.Open(_path, maxFiling, maxListing, read.Add);
        return read;
    }

    [Fact]
    public void Entries_appended_are_read_back_in_order_with_their_records()
    {
        using (var journal = IndexJournal.Open(_path, long.MaxValue, long.MaxValue, _ => { }))
        {
            for (var i = 0; i < 10; i++)
            {
                journal.Append(Entry(i));
            }
        }

        var read = Read();

        Assert.Equal(10, read.Count);
        for (var i = 0; i < 10; i++)
        {
            var expected = Entry(i);
            Assert.Equal((expected.FilingPosition, expected.ListingPosition, expected.Source, expected.Reference, expected.FirstSeenAt, expected.Hash),
                (read[i].FilingPosition, read[i].ListingPosition, read[i].Source, read[i].Reference, read[i].FirstSeenAt, read[i].Hash));
            Assert.Equal(expected.Record, read[i].Record);
        }
    }

    [Fact]
    public void A_torn_or_damaged_tail_is_cut_and_what_came_before_stays()
    {
        using (var journal = IndexJournal.Open(_path, long.MaxValue, long.MaxValue, _ => { }))
        {
            for (var i = 0; i < 5; i++)
            {
                journal.Append(Entry(i));
            }
        }
        var length = new FileInfo(_path).Length;
        using (var file = new FileStream(_path, FileMode.Open))
        {
            file.SetLength(length - 3);
        }

        var afterTear = Read();
        var bytes = File.ReadAllBytes(_path);
        bytes[^20] ^= 0xFF;
        File.WriteAllBytes(_path, bytes);
        var afterDamage = Read();

        Assert.Equal(4, afterTear.Count);
        Assert.Equal(3, afterDamage.Count);
        Assert.Equal(["ref-0", "ref-1", "ref-2"], afterDamage.Select(e => e.Reference));
    }

    [Fact]
    public void Entries_written_past_the_databases_positions_are_dropped_as_after_a_restore()
    {
        using (var journal = IndexJournal.Open(_path, long.MaxValue, long.MaxValue, _ => { }))
        {
            for (var i = 0; i < 8; i++)
            {
                journal.Append(Entry(i));
            }
        }

        var read = Read(maxFiling: 4, maxListing: 100);
        var again = Read();

        Assert.Equal(5, read.Count);
        Assert.Equal(5, again.Count);
    }

    [Fact]
    public void A_file_that_is_not_a_journal_is_started_afresh()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, "not a journal at all");

        Assert.Empty(Read());
        Assert.Equal(8, new FileInfo(_path).Length);
    }
}
