using Originality.Engine.Detection;

namespace Originality.Engine.Tests.Detection;

// The inverted file's scan tests sixteen postings at a time in vector registers and logs its votes
// for the count by rotation; both must give exactly what the plain definition gives.
public sealed class InvertedFileTests
{
    private const int Words = 64;
    private const int Pictures = 300;

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(3, 0)]
    [InlineData(4, 5)]
    [InlineData(5, 12)]
    public void Votes_and_their_count_by_rotation_are_those_of_the_plain_definition(int seed, int maxDistance)
    {
        var random = new Random(seed);
        var file = new InvertedFile(Words);
        var postings = new List<(int Word, ushort Code, int Slot)>();
        for (var slot = 0; slot < Pictures; slot++)
        {
            // A picture posts a word once or several times (repeated texture), in slot order as filing does.
            for (var k = random.Next(5, 60); k > 0; k--)
            {
                var word = random.Next(Words);
                var code = (ushort)random.Next(1 << 16);
                file.Add(word, code, slot);
                postings.Add((word, code, slot));
            }
        }
        // Query words sorted, a few repeated with other signatures; some close to a posting on purpose.
        var query = new List<(int Word, ushort Code)>();
        for (var k = 0; k < 120; k++)
        {
            if (random.Next(3) == 0)
            {
                var (word, code, _) = postings[random.Next(postings.Count)];
                query.Add((word, (ushort)(code ^ (1 << (4 + random.Next(12))) ^ random.Next(16))));
            }
            else
            {
                query.Add((random.Next(Words), (ushort)random.Next(1 << 16)));
            }
        }
        query.Sort((a, b) => a.Word.CompareTo(b.Word));
        var words = query.Select(q => q.Word).ToArray();
        var signatures = query.Select(q => q.Code).ToArray();
        var maxPostings = 400;

        var votes = new float[Pictures];
        var log = new VoteLog();
        var read = file.Vote(words, signatures, maxDistance, maxPostings, Pictures, votes, log);
        var rows = new int[Pictures];
        var chosen = Enumerable.Range(0, Pictures).Where(s => s % 3 == 0).ToArray();
        for (var r = 0; r < chosen.Length; r++)
        {
            rows[chosen[r]] = r + 1;
        }
        var sectors = new float[chosen.Length * PostingCode.Sectors];
        log.CountBySector(rows, sectors);

        var (expectedVotes, expectedSectors, expectedRead) = Plain(postings, words, signatures, maxDistance, maxPostings, rows, chosen.Length);
        Assert.Equal(expectedRead, read);
        Assert.Equal(expectedVotes, votes);
        Assert.Equal(expectedSectors, sectors);
        Assert.True(maxDistance < 3 || log.Count > 0, "the query was built to pass the signature test somewhere");
    }

    // The definition: per query word, each picture's first posting (in posting order) whose
    // signature is within the distance of any query signature of that word (the first of those)
    // votes once with the word's rarity; skipped words are those posted over maxPostings times.
    private static (float[] Votes, float[] Sectors, long Read) Plain(List<(int Word, ushort Code, int Slot)> postings, int[] words, ushort[] signatures, int maxDistance, int maxPostings, int[] rows, int chosen)
    {
        var votes = new float[Pictures];
        var sectors = new float[chosen * PostingCode.Sectors];
        long read = 0;
        foreach (var word in words.Distinct())
        {
            var list = postings.Where(p => p.Word == word).ToList();
            if (list.Count == 0 || list.Count > maxPostings)
            {
                continue;
            }
            read += list.Count;
            var weight = MathF.Log(1 + ((float)Pictures / list.Count));
            var group = words.Select((w, i) => (w, i)).Where(x => x.w == word).Select(x => signatures[x.i]).ToList();
            var voted = new HashSet<int>();
            foreach (var (_, code, slot) in list)
            {
                if (voted.Contains(slot))
                {
                    continue;
                }
                foreach (var signature in group)
                {
                    if (System.Numerics.BitOperations.PopCount((uint)(code ^ signature) >> 4) <= maxDistance)
                    {
                        voted.Add(slot);
                        votes[slot] += weight;
                        if (rows[slot] > 0)
                        {
                            sectors[((rows[slot] - 1) * PostingCode.Sectors) + ((signature - code) & 15)] += weight;
                        }
                        break;
                    }
                }
            }
        }
        return (votes, sectors, read);
    }
}
