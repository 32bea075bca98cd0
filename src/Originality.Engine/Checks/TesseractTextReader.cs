using System.Diagnostics;
using System.Globalization;
using SkiaSharp;

namespace Originality.Engine.Checks;

/// <summary>How <see cref="TesseractTextReader"/> runs the tesseract command.</summary>
public sealed record TesseractOptions
{
    /// <summary>Debian's tesseract-ocr with the eng and chi_sim models.</summary>
    public static TesseractOptions Default { get; } = new();

    /// <summary>The executable; Debian installs it as /usr/bin/tesseract.</summary>
    public string ExecutablePath { get; init; } = "/usr/bin/tesseract";

    /// <summary>The models, tesseract's <c>-l</c> argument.</summary>
    public string Languages { get; init; } = "eng+chi_sim";

    /// <summary>
    /// Page segmentation mode. 11 ("sparse text") because product pictures carry scattered
    /// labels and watermarks, not a page of running text.
    /// </summary>
    public int PageSegmentationMode { get; init; } = 11;

    /// <summary>
    /// Tesseract's binarisation: 2 is Sauvola's local threshold. The default global Otsu
    /// threshold loses text that crosses differently coloured regions of a product photo and
    /// light text on dark ground; on the labelled set Sauvola read those (docs/violations.md).
    /// </summary>
    public int ThresholdingMethod { get; init; } = 2;

    /// <summary>
    /// Pictures whose longer side is below this are enlarged first: tesseract reads small print
    /// badly. Kept low because enlarging 800 px pictures made it misread '.' as '-' on the labelled set.
    /// </summary>
    public int EnlargeBelowLongerSide { get; init; } = 640;

    /// <summary>
    /// Pictures darker than this mean luminance (0–1) are read as a negative: tesseract's models
    /// are trained on dark text on light ground and lose light text on dark ground.
    /// </summary>
    public double InvertBelowMeanLuminance { get; init; } = 0.45;

    /// <summary>Extra readings of copies rotated by these angles (degrees), for slanted watermarks; each costs a full OCR run.</summary>
    public IReadOnlyList<float> ExtraRotations { get; init; } = [];

    /// <summary>Longest time one tesseract run may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>The OCR run failed (tesseract missing, crashed, timed out, or the picture could not be decoded).</summary>
public sealed class TextReadingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TextReadingException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Reads text by running the <c>tesseract</c> command (Debian's tesseract-ocr) on the picture,
/// passed on standard input, and parsing its TSV output (words with boxes).
/// </summary>
/// <remarks>
/// A process per picture keeps native OCR out of the service's address space and needs no
/// binding library. <c>OMP_THREAD_LIMIT=1</c> stops tesseract from taking every core, so
/// concurrency is the caller's choice. Thread-safe.
/// </remarks>
public sealed class TesseractTextReader(TesseractOptions options) : ITextReader
{
    /// <summary>A reader with <see cref="TesseractOptions.Default"/>.</summary>
    public TesseractTextReader()
        : this(TesseractOptions.Default)
    {
    }

    /// <inheritdoc/>
    public async Task<OcrText> ReadAsync(ReadOnlyMemory<byte> picture, CancellationToken cancellationToken)
    {
        var (png, scale) = Prepare(picture.Span, 0);
        var text = Unscale(await RunAsync(png, cancellationToken).ConfigureAwait(false), scale);
        foreach (var angle in options.ExtraRotations)
        {
            var (rotated, _) = Prepare(picture.Span, angle);
            // Boxes of a rotated reading are in the rotated frame; only the words matter to the checks.
            text = text.Merge(await RunAsync(rotated, cancellationToken).ConfigureAwait(false));
        }
        return text;
    }

    private (byte[] Png, float Scale) Prepare(ReadOnlySpan<byte> encoded, float angle)
    {
        using var bitmap = SKBitmap.Decode(encoded)
            ?? throw new TextReadingException("The picture could not be decoded for text reading.");
        var longer = Math.Max(bitmap.Width, bitmap.Height);
        var scale = longer < options.EnlargeBelowLongerSide ? Math.Min(3f, (float)options.EnlargeBelowLongerSide / longer) : 1f;
        var invert = MeanLuminance(bitmap) < options.InvertBelowMeanLuminance;
        if (scale <= 1f && angle == 0 && !invert)
        {
            using var same = SKImage.FromBitmap(bitmap);
            using var data = same.Encode(SKEncodedImageFormat.Png, 100);
            return (data.ToArray(), 1f);
        }
        var w = bitmap.Width * scale;
        var h = bitmap.Height * scale;
        var radians = angle * MathF.PI / 180f;
        var outW = (int)MathF.Ceiling((MathF.Abs(w * MathF.Cos(radians)) + MathF.Abs(h * MathF.Sin(radians))));
        var outH = (int)MathF.Ceiling((MathF.Abs(w * MathF.Sin(radians)) + MathF.Abs(h * MathF.Cos(radians))));
        using var surface = SKSurface.Create(new SKImageInfo(outW, outH, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new TextReadingException("Could not allocate a picture for text reading.");
        var canvas = surface.Canvas;
        canvas.Clear(invert ? SKColors.Black : SKColors.White);
        canvas.Translate(outW / 2f, outH / 2f);
        canvas.RotateDegrees(angle);
        canvas.Translate(-w / 2f, -h / 2f);
        using var image = SKImage.FromBitmap(bitmap);
        using var paint = new SKPaint();
        if (invert)
        {
            paint.ColorFilter = SKColorFilter.CreateColorMatrix(
            [
                -1, 0, 0, 0, 1,
                0, -1, 0, 0, 1,
                0, 0, -1, 0, 1,
                0, 0, 0, 1, 0,
            ]);
        }
        canvas.DrawImage(image, new SKRect(0, 0, w, h), new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
        using var snapshot = surface.Snapshot();
        using var encodedPng = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return (encodedPng.ToArray(), scale);
    }

    // A sample of about 10 000 pixels is plenty for a mean.
    private static double MeanLuminance(SKBitmap bitmap)
    {
        var step = Math.Max(1, (int)Math.Sqrt((double)bitmap.Width * bitmap.Height / 10_000));
        double sum = 0;
        var n = 0;
        for (var y = 0; y < bitmap.Height; y += step)
        {
            for (var x = 0; x < bitmap.Width; x += step)
            {
                var c = bitmap.GetPixel(x, y);
                sum += ((0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue)) / 255.0;
                n++;
            }
        }
        return n == 0 ? 1 : sum / n;
    }

    private static OcrText Unscale(OcrText text, float scale) =>
        scale == 1f
            ? text
            : new OcrText(text.Words.Select(w => w with
            {
                Left = (int)(w.Left / scale),
                Top = (int)(w.Top / scale),
                Width = (int)(w.Width / scale),
                Height = (int)(w.Height / scale),
            }));

    private async Task<OcrText> RunAsync(byte[] png, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.ExecutablePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "stdin", "stdout", "-l", options.Languages, "--psm", options.PageSegmentationMode.ToString(CultureInfo.InvariantCulture),
            "-c", "thresholding_method=" + options.ThresholdingMethod.ToString(CultureInfo.InvariantCulture), "tsv" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new TextReadingException($"Could not start {options.ExecutablePath}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new TextReadingException($"Could not start {options.ExecutablePath}; install Debian's tesseract-ocr with eng and chi_sim.", e);
        }
        using (process)
        {
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.StandardInput.BaseStream.WriteAsync(png, timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                var tsv = await stdout.ConfigureAwait(false);
                var errors = await stderr.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    throw new TextReadingException($"tesseract exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {errors.Trim()}");
                }
                return OcrText.ParseTsv(tsv);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Kill(process);
                throw new TextReadingException($"tesseract took longer than {options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
