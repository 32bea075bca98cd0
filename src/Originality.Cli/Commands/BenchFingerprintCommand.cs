using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Originality.Engine.Imaging;
using Originality.Engine.Pdq;
using SkiaSharp;

namespace Originality.Cli.Commands;

/// <summary>
/// <c>originality bench fingerprint [--count N] [--photos DIR]</c>: decode + PDQ per second on one
/// thread for 1000×1000 and 2000×2000 JPEGs made from real photos, full decode against scaled decode.
/// </summary>
internal static class BenchFingerprintCommand
{
    private static readonly int[] Sides = [1000, 2000];

    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Pictures fingerprinted per size and mode.", DefaultValueFactory = _ => 100 };
        var photos = new Option<DirectoryInfo?>("--photos") { Description = "Folder of source photos (default: ../shared/conformance/pdq)." };
        var quality = new Option<int>("--jpeg-quality") { Description = "JPEG quality of the generated pictures.", DefaultValueFactory = _ => 90 };
        var command = new Command("fingerprint", "Fingerprints per second per core on 1000x1000 and 2000x2000 JPEGs, full vs scaled decode.")
        {
            count, photos, quality,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var folder = parse.GetValue(photos)?.FullName ?? FindConformancePhotos();
            if (folder is null || !Directory.Exists(folder))
            {
                parse.InvocationConfiguration.Error.WriteLine("No source photos: pass --photos DIR (the repository's ../shared/conformance/pdq is used when present).");
                return 2;
            }
            Run(folder, Math.Max(1, parse.GetValue(count)), parse.GetValue(quality), output);
            return 0;
        });
        return command;
    }

    private static void Run(string folder, int count, int jpegQuality, TextWriter output)
    {
        var sources = SourcePhotos(folder);
        output.WriteLine(Invariant($"# bench fingerprint: {sources.Count} source photos from {folder}, JPEG quality {jpegQuality}, {count} pictures per row, one thread, {Environment.ProcessorCount} logical CPUs, load average {LoadAverage()}"));
        output.WriteLine("| size | decode | decoded to | avg file | decode ms | hash ms | pictures/s (wall) | pictures/s (CPU time) | detection analysis ms | intake/s (decode, PDQ, detection; CPU time) |");
        output.WriteLine("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var side in Sides)
        {
            var jpegs = sources.Select(s => MakeJpeg(s, side, jpegQuality)).ToList();
            foreach (var (mode, minShortSide) in new (string, int?)[] { ("full", null), ("scaled (short side >= 512)", 512), ($"scaled (short side >= {PdqFingerprinter.FastMinShortSide}, product default)", PdqFingerprinter.FastMinShortSide) })
            {
                var row = Measure(jpegs, count, new DecodeOptions(MinShortSide: minShortSide));
                var product = minShortSide == PdqFingerprinter.FastMinShortSide;
                var intake = product ? MeasureIntake(jpegs, count, new DecodeOptions(MinShortSide: minShortSide)) : default;
                output.WriteLine(Invariant(
                    $"| {side}x{side} | {mode} | {row.DecodedSize} | {jpegs.Average(j => j.Length) / 1024:0} KB | {row.DecodeMs:0.00} | {row.HashMs:0.00} | {row.WallPerSecond:0.0} | {row.CpuPerSecond:0.0} | {(product ? Invariant($"{intake.AnalysisMs:0.00}") : "")} | {(product ? Invariant($"{intake.CpuPerSecond:0.0}") : "")} |"));
            }
            output.WriteLine(Invariant($"| {side}x{side} | `djpeg -scale 1/4` (Debian's libjpeg-turbo, one process per picture) | | | | | {Djpeg(jpegs, count)} | | | |"));
        }
    }

    // The whole intake of an upload: decode, PDQ and the copy detector's analysis (keypoints of the
    // picture and its mirror image, dihedral PDQ of the working picture, thumbnail).
    private static (double AnalysisMs, double CpuPerSecond) MeasureIntake(List<byte[]> jpegs, int count, DecodeOptions options)
    {
        Engine.Detection.PictureAnalysis.Of(ImageDecoder.Decode(jpegs[0], options: options).Image);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var analysisTicks = 0L;
        for (var i = 0; i < count; i++)
        {
            var decoded = ImageDecoder.Decode(jpegs[i % jpegs.Count], options: options);
            PdqHasher.Hash(decoded.Image);
            var t0 = Stopwatch.GetTimestamp();
            Engine.Detection.PictureAnalysis.Of(decoded.Image);
            analysisTicks += Stopwatch.GetTimestamp() - t0;
        }
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return (analysisTicks * 1000.0 / Stopwatch.Frequency / count, count / cpu);
    }

    // The reference decoder on the same files, for comparison in the same run; "n/a" without djpeg.
    private static string Djpeg(List<byte[]> jpegs, int count)
    {
        var folder = Directory.CreateTempSubdirectory("originality-djpeg");
        try
        {
            var files = jpegs.Select((j, i) => { var f = Path.Combine(folder.FullName, $"{i}.jpg"); File.WriteAllBytes(f, j); return f; }).ToList();
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                using var djpeg = Process.Start(new ProcessStartInfo("djpeg", ["-scale", "1/4", "-outfile", "/dev/null", files[i % files.Count]]) { RedirectStandardError = true });
                djpeg!.WaitForExit();
            }
            return Invariant($"{count / wall.Elapsed.TotalSeconds:0.0}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "n/a (no djpeg: apt-get install libjpeg-turbo-progs)";
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private sealed record Row(string DecodedSize, double DecodeMs, double HashMs, double WallPerSecond, double CpuPerSecond);

    private static Row Measure(List<byte[]> jpegs, int count, DecodeOptions options)
    {
        // Warm up the JIT and Skia before timing.
        var sample = ImageDecoder.Decode(jpegs[0], options: options);
        PdqHasher.Hash(sample.Image);

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var decodeTicks = 0L;
        var hashTicks = 0L;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var decoded = ImageDecoder.Decode(jpegs[i % jpegs.Count], options: options);
            var t1 = Stopwatch.GetTimestamp();
            PdqHasher.Hash(decoded.Image);
            hashTicks += Stopwatch.GetTimestamp() - t1;
            decodeTicks += t1 - t0;
        }
        wall.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return new Row(
            Invariant($"{sample.Image.Width}x{sample.Image.Height}"),
            decodeTicks * 1000.0 / Stopwatch.Frequency / count,
            hashTicks * 1000.0 / Stopwatch.Frequency / count,
            count / wall.Elapsed.TotalSeconds,
            count / cpu);
    }

    /// <summary>Distinct photos with a shorter side of at least 800 px, as decoded upright.</summary>
    private static List<RgbImage> SourcePhotos(string folder)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var photos = new List<RgbImage>();
        foreach (var file in FingerprintRunner.ExpandPaths([folder]))
        {
            var bytes = File.ReadAllBytes(file);
            if (!seen.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))))
            {
                continue;
            }
            try
            {
                var (_, width, height) = ImageDecoder.Inspect(bytes);
                if (Math.Min(width, height) >= 800)
                {
                    photos.Add(ImageDecoder.Decode(bytes).Image);
                }
            }
            catch (ImageRejectedException)
            {
                // Not a usable source photo.
            }
        }
        if (photos.Count == 0)
        {
            throw new InvalidOperationException($"No photo with a shorter side of at least 800 px in {folder}.");
        }
        return photos;
    }

    /// <summary>The centre square of the photo, resized to side × side and encoded as JPEG.</summary>
    private static byte[] MakeJpeg(RgbImage photo, int side, int quality)
    {
        var square = Math.Min(photo.Width, photo.Height);
        using var bitmap = photo.ToBitmap();
        using var crop = new SKBitmap(square, square, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.ExtractSubset(crop, SKRectI.Create((photo.Width - square) / 2, (photo.Height - square) / 2, square, square));
        using var resized = crop.Resize(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new InvalidOperationException("Skia could not resize.");
        using var data = resized.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    private static string? FindConformancePhotos()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Originality.slnx")))
                {
                    var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance", "pdq"));
                    if (Directory.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }
        return null;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
