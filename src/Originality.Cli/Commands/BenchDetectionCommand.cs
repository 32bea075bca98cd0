using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Originality.Engine.Detection;
using Originality.Engine.Imaging;
using Originality.Engine.Matching;
using Spectre.Console;

namespace Originality.Cli.Commands;

/// <summary>
/// <c>originality bench vocabulary</c> trains the visual vocabulary on a corpus split;
/// <c>originality bench detection</c> measures the two-stage detector's recall per attack family and
/// its false matches on a split, next to plain PDQ in the same run.
/// </summary>
internal static partial class BenchDetectionCommand
{
    // "bannerFiller1=2", "textureFiller=0": which of the drawn fillers an attack put in the suspect.
    [System.Text.RegularExpressions.GeneratedRegex(@"[Ff]iller\d*=(-?\d+)")]
    private static partial System.Text.RegularExpressions.Regex FillerUse();

    // Where a paste attack put the original in the suspect, as its description records it (the last one for two attacks combined).
    [System.Text.RegularExpressions.GeneratedRegex(@"\bx=(-?[\d.]+) y=(-?[\d.]+) width=([\d.]+) height=([\d.]+)")]
    private static partial System.Text.RegularExpressions.Regex PastePlace();

    // Plain PDQ's conventional match radius, for the side-by-side column.
    private const int PlainRadius = 31;

    // Originals are reduced to this longer side before attacking: attacks keep their proportions, the run stays short.
    private const int OriginalSide = 1024;

    public static Command CreateVocabulary()
    {
        var corpus = new Option<DirectoryInfo>("--corpus") { Description = "Corpus folder (scripts/build-corpus.sh).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the vocabulary.", Required = true };
        var first = new Option<int>("--first") { DefaultValueFactory = _ => 64, Description = "First-level centroids." };
        var second = new Option<int>("--second") { DefaultValueFactory = _ => 64, Description = "Second-level centroids per first-level one." };
        var bits = new Option<int>("--bits") { DefaultValueFactory = _ => 4, Description = "Descriptor bits refining each leaf." };
        var command = new Command("vocabulary", "Train the visual vocabulary on the tuning split.") { corpus, output, first, second, bits };
        command.SetAction((parse, cancellationToken) =>
        {
            var files = Measurement.Corpus.Load(parse.GetValue(corpus)!.FullName, Measurement.CorpusSplit.Tuning).Select(p => p.Path).ToList();
            var sets = new ConcurrentBag<FeatureSet>();
            Parallel.ForEach(files, new ParallelOptions { CancellationToken = cancellationToken }, file =>
            {
                if (TryLoad(file) is { } image)
                {
                    sets.Add(PictureAnalysis.Of(image).ToRecord().Features);
                }
            });
            var watch = Stopwatch.StartNew();
            var vocabulary = VisualVocabulary.Train([.. sets.OrderBy(s => s.X.Length)], parse.GetValue(first), parse.GetValue(second), parse.GetValue(bits));
            File.WriteAllBytes(parse.GetValue(output)!.FullName, vocabulary.ToBytes());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sets.Count} pictures, {sets.Sum(s => s.Count)} descriptors, {vocabulary.WordCount} words, {watch.Elapsed.TotalSeconds:0.#} s"));
            return Task.FromResult(0);
        });
        return command;
    }

    public static Command CreateDetection()
    {
        var corpus = new Option<DirectoryInfo>("--corpus") { Description = "Corpus folder (scripts/build-corpus.sh).", Required = true };
        var split = new Option<string>("--split") { Description = "tune or heldout.", DefaultValueFactory = _ => "heldout" };
        var limit = new Option<int?>("--limit") { Description = "At most this many originals." };
        var copies = new Option<int>("--copies") { Description = "Attacked copies per original and family.", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the attack parameters.", DefaultValueFactory = _ => 1 };
        var parallel = new Option<int>("--parallel") { DefaultValueFactory = _ => Environment.ProcessorCount };
        var families = new Option<string?>("--families") { Description = "Comma-separated families (default: all)." };
        var set = new Option<string[]>("--set") { Description = "A detector parameter for this run, Name=Value (repeatable), e.g. ToneTolerance=inf." };
        var misses = new Option<DirectoryInfo?>("--misses") { Description = "Write each missed paste as a PNG: the suspect with the pasted original's place (green) and the pasted-region proposals (red)." };
        var command = new Command("detection", "Recall per attack family and false matches of the two-stage detector, next to plain PDQ.")
        {
            corpus, split, limit, copies, seed, parallel, families, set, misses,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(RunDetection(
            parse.GetValue(corpus)!.FullName, parse.GetValue(split)!, parse.GetValue(limit), parse.GetValue(copies), parse.GetValue(seed),
            parse.GetValue(parallel), parse.GetValue(families), SettingsOverrides.Apply(parse.GetValue(set)), parse.GetValue(misses), cancellationToken)));
        return command;
    }

    private static RgbImage? TryLoad(string file)
    {
        try
        {
            var decoded = ImageDecoder.Decode(File.ReadAllBytes(file), file, new DecodeOptions(MinShortSide: OriginalSide));
            return Measurement.Attacks.CopyAttacks.ScaleLongerSide(decoded.Image, OriginalSide);
        }
        catch (Exception ex) when (ex is ImageRejectedException or IOException)
        {
            return null;
        }
    }

    private static List<int> Probe(CopyIndex index, FeatureSet set, int i)
    {
        var words = new List<int>();
        index.Vocabulary.ProbeWords(set, i, index.Settings.FirstProbes, index.Settings.SecondProbes, words);
        return words;
    }

    private sealed record Outcome(string Family, int Source, bool Found, bool Candidate, bool PlainFound, int FalseMatches, int PlainFalse, int Candidates, double BestLog10Nfa, string Description);

    private static int RunDetection(string corpus, string split, int? limit, int copies, int seed, int parallel, string? familyFilter, DetectorSettings settings, DirectoryInfo? missesFolder, CancellationToken cancellationToken)
    {
        missesFolder?.Create();
        var corpusSplit = split == "tune" ? Measurement.CorpusSplit.Tuning : Measurement.CorpusSplit.HeldOut;
        var pictures = Measurement.Corpus.Load(corpus, corpusSplit).Take(limit ?? int.MaxValue).ToList();
        var files = pictures.Select(p => p.Path).ToList();
        var negativePictures = Directory.Exists(Path.Combine(corpus, Measurement.Corpus.NegativesFolder))
            ? Measurement.HardNegatives.Load(corpus, corpusSplit).Take(limit ?? int.MaxValue).ToList()
            : [];
        var sameSource = 0;
        // Debian ships some artwork twice in one folder (a mirrored stamp, the faces of one skybox, a
        // texture with another edge): a match between two such files is a true copy the corpus did not
        // know about. Counted apart, and listed, so the false-match count is not hidden behind it.
        bool SameFolder(Measurement.CorpusPicture a, Measurement.CorpusPicture b) =>
            a.Package == b.Package && Path.GetDirectoryName(a.Source) == Path.GetDirectoryName(b.Source);
        var negativeFiles = negativePictures.Select(p => p.Path).ToList();
        // Collage neighbours, textured canvases and screenshot content come from the other half of the
        // corpus: pictures that are not filed, so a copy of them in a collage is not a second true match.
        var fillerPictures = Measurement.Corpus.Load(corpus, corpusSplit == Measurement.CorpusSplit.Tuning ? Measurement.CorpusSplit.HeldOut : Measurement.CorpusSplit.Tuning)
            .Take(64).Select(p => (Picture: p, Image: TryLoad(p.Path))).Where(f => f.Image is not null).ToList();
        var fillerImages = fillerPictures.Select(f => f.Image!).ToList();
        var negativeMatches = 0;
        long negativeComparisons = 0;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var attacks = AttackSource.Families(familyFilter);
        var originals = new RgbImage?[files.Count];
        var records = new FiledRecord?[files.Count];
        var plain = new Engine.Pdq.PdqHash[files.Count];
        using var index = new CopyIndex(settings);
        var outcomes = new ConcurrentBag<Outcome>();
        long analysisTicks = 0, lookupTicks = 0;
        var watch = Stopwatch.StartNew();
        console.Progress().Start(ctx =>
        {
            var loading = ctx.AddTask("analysing originals", maxValue: files.Count);
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, i =>
            {
                originals[i] = TryLoad(files[i]);
                if (originals[i] is { } image)
                {
                    records[i] = PictureAnalysis.Of(image, settings).ToRecord(settings);
                    plain[i] = Engine.Pdq.PdqHasher.Hash(image);
                }
                loading.Increment(1);
            });
            for (var i = 0; i < files.Count; i++)
            {
                if (records[i] is { } record)
                {
                    index.Add(i, record);
                }
            }
            index.Compact();
            var work = new List<(int Source, string Family, int Copy)>();
            for (var i = 0; i < files.Count; i++)
            {
                if (originals[i] is null)
                {
                    continue;
                }
                foreach (var family in attacks)
                {
                    for (var c = 0; c < copies; c++)
                    {
                        work.Add((i, family, c));
                    }
                }
            }
            var negativesTask = ctx.AddTask("hard negatives", maxValue: negativeFiles.Count);
            Parallel.For(0, negativePictures.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, n =>
            {
                var file = negativeFiles[n];
                if (TryLoad(file) is { } image)
                {
                    var found = index.FindCopies(image, PictureAnalysis.Of(image, settings), out _);
                    Interlocked.Add(ref negativeComparisons, index.Count);
                    foreach (var m in found)
                    {
                        var related = SameFolder(negativePictures[n], pictures[(int)m.PictureId]);
                        Interlocked.Increment(ref related ? ref sameSource : ref negativeMatches);
                        Console.Error.WriteLine($"{(related ? "SAME-SOURCE" : "FALSE")} MATCH negative {Path.GetFileName(file)} -> {Path.GetFileName(files[(int)m.PictureId])} ({negativePictures[n].Source} / {pictures[(int)m.PictureId].Source}): {m.Evidence}");
                    }
                }
                negativesTask.Increment(1);
            });
            var task = ctx.AddTask("attacked copies", maxValue: work.Count);
            Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, item =>
            {
                var rng = new Random(Measurement.Attacks.StableSeed.Of(seed, item.Source, item.Family, item.Copy));
                var drawn = Enumerable.Range(0, 3).Select(_ => rng.Next(fillerImages.Count)).ToList();
                var fillers = drawn.Select(f => fillerImages[f]).ToList();
                var (suspectImage, description) = AttackSource.Apply(item.Family, originals[item.Source]!, rng, fillers);
                // The other pictures the suspect shows (collage neighbours, a textured canvas, a
                // screenshot's thumbnails), as the attack recorded them: a match of one of them to a
                // filed picture from its own package folder is shared artwork, not a false match.
                var shown = FillerUse().Matches(description).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
                    .Where(f => f >= 0).Select(f => fillerPictures[drawn[f]].Picture).ToList();
                var t0 = Stopwatch.GetTimestamp();
                var suspect = PictureAnalysis.Of(suspectImage, settings);
                var t1 = Stopwatch.GetTimestamp();
                var matches = index.FindCopies(suspectImage, suspect, out var statistics);
                Interlocked.Add(ref analysisTicks, t1 - t0);
                Interlocked.Add(ref lookupTicks, Stopwatch.GetTimestamp() - t1);
                var found = matches.Any(m => m.PictureId == item.Source);
                var falseHere = 0;
                foreach (var m in matches.Where(m => m.PictureId != item.Source))
                {
                    var related = SameFolder(pictures[item.Source], pictures[(int)m.PictureId]) || shown.Exists(f => SameFolder(f, pictures[(int)m.PictureId]));
                    if (related)
                    {
                        Interlocked.Increment(ref sameSource);
                    }
                    else
                    {
                        falseHere++;
                    }
                    Console.Error.WriteLine($"{(related ? "SAME-SOURCE" : "FALSE")} MATCH {item.Family} copy of {Path.GetFileName(files[item.Source])} -> {Path.GetFileName(files[(int)m.PictureId])} ({pictures[item.Source].Source} / {pictures[(int)m.PictureId].Source}){(shown.Count > 0 ? $" [shown beside: {string.Join(", ", shown.Select(f => f.Source))}]" : "")} in {m.SuspectRegion}: {m.Evidence}");
                }
                var plainFound = false;
                var plainFalse = 0;
                for (var j = 0; j < files.Count; j++)
                {
                    if (records[j] is null || !plain[j].IsUseful)
                    {
                        continue;
                    }
                    var d = suspect.Pdq.All.Where(v => v.IsUseful).Select(v => v.Hash.DistanceTo(plain[j].Hash)).DefaultIfEmpty(256).Min();
                    if (d <= PlainRadius)
                    {
                        if (j == item.Source)
                        {
                            plainFound = true;
                        }
                        else
                        {
                            plainFalse++;
                        }
                    }
                }
                var own = CopyIndex.Compare(suspect, records[item.Source]!);
                var pairs = PairVerifier.Pair(suspect.Features, records[item.Source]!.Features, settings);
                var indexedPairs = pairs.ToList();
                var sameWord = indexedPairs.Count(p => Probe(index, suspect.Features, p.Suspect).Contains(index.Vocabulary.WordOf(records[item.Source]!.Features, p.Original)));
                var sameSig = indexedPairs.Count(p => Probe(index, suspect.Features, p.Suspect).Contains(index.Vocabulary.WordOf(records[item.Source]!.Features, p.Original))
                    && System.Numerics.BitOperations.PopCount((uint)(ushort)suspect.Features.Descriptor(p.Suspect)[0] ^ (ushort)records[item.Source]!.Features.Descriptor(p.Original)[0]) <= settings.MaxSignatureDistance);
                description += $" [pairs {pairs.Count}, with indexed {indexedPairs.Count}, same word {sameWord}, voting {sameSig}]";
                // For a missed paste: did a proposal find the pasted rectangle, and does the pair
                // verify on exactly that rectangle? That tells a proposal's miss from verification's.
                if (!found && PastePlace().Matches(description) is { Count: > 0 } places)
                {
                    var p = places[^1].Groups;
                    double G(int g) => double.Parse(p[g].Value, CultureInfo.InvariantCulture);
                    var truth = new RelativeRect(G(1) / suspectImage.Width, G(2) / suspectImage.Height, G(3) / suspectImage.Width, G(4) / suspectImage.Height);
                    var proposals = PastedRegions.Find(suspectImage, settings.WorkingSide, settings.PastedRegions, settings.PasteEdgeStep, settings.PasteSideSupport);
                    var bestIou = proposals.Select(r => r.IntersectionOverUnion(truth)).DefaultIfEmpty(0).Max();
                    var exact = CopyIndex.Compare(suspectImage, truth, records[item.Source]!, settings);
                    if (missesFolder is not null)
                    {
                        WriteMiss(Path.Combine(missesFolder.FullName, $"{item.Family}-{item.Source}.png"), suspectImage, truth, proposals);
                    }
                    description += string.Create(CultureInfo.InvariantCulture,
                        $" [paste {G(3):0}x{G(4):0} px in {suspectImage.Width}x{suspectImage.Height}; proposals {proposals.Count}, best IoU {bestIou:0.00}; on the paste itself: log10 NFA {Math.Log10(Math.Max(1e-300, exact.FalseMatchBound)):0.#}, pairs {exact.Tentative}, inliers {exact.Inliers}, blocks {exact.AgreeingBlocks}/{exact.TexturedBlocks}, {exact.Verdict}]");
                }
                outcomes.Add(new Outcome(item.Family, item.Source, found, statistics.CandidateIds.Contains(item.Source), plainFound,
                    falseHere, plainFalse, statistics.Candidates, Math.Log10(Math.Max(1e-300, own.FalseMatchBound)),
                    string.Create(CultureInfo.InvariantCulture, $"{description}; pairs {own.Tentative}, inliers {own.Inliers}, scale {own.Scale:0.##}, blocks {own.AgreeingBlocks}/{own.TexturedBlocks}")));
                task.Increment(1);
            });
        });
        var nonCopies = (long)outcomes.Count * (records.Count(r => r is not null) - 1);
        Console.WriteLine(Report(outcomes, nonCopies, split, files.Count, watch.Elapsed));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Hard negatives: {negativeFiles.Count} pictures, {negativeComparisons} comparisons, {negativeMatches} false matches."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Matches between two different corpus files from the same package folder, the copy's original or a picture shown beside it and the match (shared artwork, listed on stderr as SAME-SOURCE, not counted above): {sameSource}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mean per suspect: analysis {Stopwatch.GetElapsedTime(0, analysisTicks).TotalMilliseconds / outcomes.Count:0.0} ms, lookup {Stopwatch.GetElapsedTime(0, lookupTicks).TotalMilliseconds / outcomes.Count:0.0} ms (wall time on {parallel} threads)."));
        return 0;
    }

    private static string Report(ConcurrentBag<Outcome> outcomes, long nonCopies, string split, int originals, TimeSpan elapsed)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"Split {split}: {originals} originals, {outcomes.Count} attacked copies, {nonCopies} non-copy comparisons, {elapsed.TotalSeconds:0} s.");
        sb.AppendLine();
        sb.AppendLine("| family | copies | plain PDQ recall | candidate recall | detector recall | median log10 NFA of the copy |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var group in outcomes.GroupBy(o => o.Family).OrderBy(g => AttackSource.Order(g.Key)))
        {
            var list = group.ToList();
            var median = list.Select(o => o.BestLog10Nfa).Order().ElementAt(list.Count / 2);
            sb.AppendLine(ci, $"| {group.Key} | {list.Count} | {list.Count(o => o.PlainFound) / (double)list.Count:0.000} | {list.Count(o => o.Candidate) / (double)list.Count:0.000} | {list.Count(o => o.Found) / (double)list.Count:0.000} | {median:0.#} |");
        }
        var all = outcomes.ToList();
        sb.AppendLine(ci, $"| overall | {all.Count} | {all.Count(o => o.PlainFound) / (double)all.Count:0.000} | {all.Count(o => o.Candidate) / (double)all.Count:0.000} | {all.Count(o => o.Found) / (double)all.Count:0.000} | |");
        sb.AppendLine();
        sb.AppendLine(ci, $"False matches: detector {all.Sum(o => o.FalseMatches)}, plain PDQ {all.Sum(o => o.PlainFalse)} of {nonCopies}; candidates per query: mean {all.Average(o => o.Candidates):0.0}, max {all.Max(o => o.Candidates)}.");
        sb.AppendLine();
        sb.AppendLine("Missed copies (the first 10 of each family):");
        foreach (var miss in all.Where(o => !o.Found).GroupBy(o => o.Family).OrderBy(g => AttackSource.Order(g.Key)).SelectMany(g => g.OrderBy(o => o.Source).Take(10)))
        {
            sb.AppendLine(ci, $"- {miss.Family} #{miss.Source} (candidate {miss.Candidate}, log10 NFA {miss.BestLog10Nfa:0.#}): {miss.Description}");
        }
        return sb.ToString();
    }

    private static void WriteMiss(string path, RgbImage image, RelativeRect truth, List<RelativeRect> proposals)
    {
        using var mat = OpenCvSharp.Mat.FromPixelData(image.Height, image.Width, OpenCvSharp.MatType.CV_8UC3, image.Pixels).Clone();
        OpenCvSharp.Cv2.CvtColor(mat, mat, OpenCvSharp.ColorConversionCodes.RGB2BGR);
        void Draw(RelativeRect r, OpenCvSharp.Scalar colour, int thickness)
        {
            var (x, y, w, h) = r.ToPixels(image.Width, image.Height);
            OpenCvSharp.Cv2.Rectangle(mat, new OpenCvSharp.Rect(x, y, w, h), colour, thickness);
        }
        Draw(truth, new OpenCvSharp.Scalar(0, 200, 0), 5);
        foreach (var r in proposals)
        {
            Draw(r, new OpenCvSharp.Scalar(0, 0, 255), 2);
        }
        OpenCvSharp.Cv2.ImWrite(path, mat);
    }
}
