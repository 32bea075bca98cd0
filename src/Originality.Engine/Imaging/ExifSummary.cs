using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.IO;

namespace Originality.Engine.Imaging;

/// <summary>The EXIF facts the product keeps about a picture; every field may be absent.</summary>
/// <param name="CameraMake">IFD0 Make.</param>
/// <param name="CameraModel">IFD0 Model.</param>
/// <param name="OriginalDateTime">DateTimeOriginal as written by the camera (local time, no zone).</param>
/// <param name="Software">IFD0 Software (editing tools write it).</param>
/// <param name="HasGps">Whether a GPS position is present.</param>
/// <param name="Orientation">EXIF orientation 1..8; 1 when absent or invalid.</param>
public sealed record ExifSummary(
    string? CameraMake,
    string? CameraModel,
    DateTime? OriginalDateTime,
    string? Software,
    bool HasGps,
    int Orientation)
{
    /// <summary>No EXIF at all.</summary>
    public static ExifSummary None { get; } = new(null, null, null, null, false, 1);

    /// <summary>Reads the summary from a JPEG's APP1 EXIF segment; malformed metadata gives <see cref="None"/>.</summary>
    /// <exception cref="CorruptImageException">The metadata reader failed in a way it does not report as malformed metadata.</exception>
    internal static ExifSummary ReadJpeg(byte[] encoded) => Guarded(() =>
    {
        using var stream = new MemoryStream(encoded, writable: false);
        // Only the APP1 EXIF segment is parsed: the other readers cost time and give nothing we keep.
        // JPEG segments are at most 64 KB each, so no length read here can ask for more than that.
        return JpegMetadataReader.ReadMetadata(stream, [new ExifReader()]);
    });

    /// <summary>
    /// Reads the summary from the TIFF structure of a PNG eXIf chunk (empty: no EXIF). Only that
    /// chunk is parsed, never the compressed text or ICC chunks, which could inflate without bound.
    /// </summary>
    /// <exception cref="CorruptImageException">The metadata reader failed in a way it does not report as malformed metadata.</exception>
    internal static ExifSummary ReadTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.IsEmpty)
        {
            return None;
        }
        var copy = tiff.ToArray();
        return Guarded(() => new ExifReader().Extract(new ByteArrayReader(copy)));
    }

    private static ExifSummary Guarded(Func<IReadOnlyList<MetadataExtractor.Directory>> read)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = read();
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException)
        {
            // The reader's own report of malformed metadata: the EXIF is only advisory, so the picture is read without it.
            return None;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else (OutOfMemoryException on a huge declared length, a null reference in
            // the reader, ...) means the reader lost control of the input: refuse the file.
            throw new CorruptImageException("The file's metadata (EXIF) is damaged and cannot be read.", e, ImageRejectionCodes.UnreadableMetadata);
        }
        try
        {
            return FromDirectories(directories);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CorruptImageException("The file's metadata (EXIF) is damaged and cannot be read.", e, ImageRejectionCodes.UnreadableMetadata);
        }
    }

    private static ExifSummary FromDirectories(IReadOnlyList<MetadataExtractor.Directory> directories)
    {
        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();

        var orientation = 1;
        if (ifd0 is not null && ifd0.TryGetInt32(ExifDirectoryBase.TagOrientation, out var o) && o is >= 1 and <= 8)
        {
            orientation = o;
        }

        DateTime? taken = null;
        if (sub?.GetString(ExifDirectoryBase.TagDateTimeOriginal) is { } text
            && DateTime.TryParseExact(text.Trim().TrimEnd('\0'), "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            taken = parsed;
        }

        return new ExifSummary(
            Clean(ifd0?.GetString(ExifDirectoryBase.TagMake)),
            Clean(ifd0?.GetString(ExifDirectoryBase.TagModel)),
            taken,
            Clean(ifd0?.GetString(ExifDirectoryBase.TagSoftware)),
            gps is not null && gps.ContainsTag(GpsDirectory.TagLatitude) && gps.ContainsTag(GpsDirectory.TagLongitude),
            orientation);
    }

    private static string? Clean(string? s)
    {
        var t = s?.Trim().TrimEnd('\0').Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }
}
