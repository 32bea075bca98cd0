using Originality.Fuzz;
using SharpFuzz;

// originality-fuzz TARGET            run under afl-fuzz (input on stdin / the file afl gives)
// originality-fuzz TARGET --replay DIR...  run every file of the folders once, print failures, exit 1 if any
// originality-fuzz --seeds DIR       (re)write the seed corpus
if (args.Length >= 2 && args[0] == "--seeds")
{
    Seeds.Write(args[1]);
    return 0;
}
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: originality-fuzz {{{string.Join('|', FuzzTargets.All.Keys)}}} [--replay DIR...] | --seeds DIR");
    return 2;
}
if (args.Length >= 2 && args[1] == "--replay")
{
    var failures = 0;
    var files = args.Skip(2).Where(Directory.Exists).SelectMany(d => Directory.GetFiles(d)).Order(StringComparer.Ordinal).ToList();
    foreach (var file in files)
    {
        try
        {
            target(File.ReadAllBytes(file));
        }
#pragma warning disable CA1031 // Replay reports every failure and goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failures++;
            Console.Error.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
        }
    }
    Console.WriteLine($"{args[0]}: {files.Count} inputs replayed, {failures} failed");
    return failures == 0 ? 0 : 1;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    target(memory.ToArray());
});
return 0;
