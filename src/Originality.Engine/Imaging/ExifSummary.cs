using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Jpeg;

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

    /// <summary>Reads the summary from an encoded picture; unreadable metadata gives <see cref="None"/>.</summary>
    internal static ExifSummary Read(byte[] encoded, ImageFormatKind format)
    {
        try
        {
            using var stream = new MemoryStream(encoded, writable: false);
            // For JPEG only the APP1 EXIF segment is parsed: the other readers cost time and give nothing we keep.
            IReadOnlyList<MetadataExtractor.Directory> directories = format == ImageFormatKind.Jpeg
                ? JpegMetadataReader.ReadMetadata(stream, [new ExifReader()])
                : ImageMetadataReader.ReadMetadata(stream);
            return FromDirectories(directories);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException)
        {
            return None;
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
