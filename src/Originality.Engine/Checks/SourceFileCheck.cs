using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace Originality.Engine.Checks;

/// <summary>The EXIF facts of a source file that the check looks at; null when absent.</summary>
/// <param name="HasExif">Whether the file carries any EXIF block.</param>
/// <param name="Make">IFD0 Make.</param>
/// <param name="Model">IFD0 Model.</param>
/// <param name="Software">IFD0 Software.</param>
/// <param name="TakenAt">DateTimeOriginal, camera local time.</param>
/// <param name="TakenAtOffset">OffsetTimeOriginal when the camera wrote it.</param>
public sealed record SourceExif(bool HasExif, string? Make, string? Model, string? Software, DateTime? TakenAt, TimeSpan? TakenAtOffset)
{
    // EXIF 2.31 OffsetTimeOriginal, e.g. "+08:00".
    private const int TagOffsetTimeOriginal = 0x9011;

    /// <summary>Reads the EXIF of an encoded picture (JPEG, PNG eXIf, …); unreadable metadata counts as none.</summary>
    public static SourceExif Read(ReadOnlyMemory<byte> file)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            using var stream = new MemoryStream(file.ToArray(), writable: false);
            directories = ImageMetadataReader.ReadMetadata(stream);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException)
        {
            return new SourceExif(false, null, null, null, null, null);
        }
        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var hasExif = directories.Any(d => d is ExifDirectoryBase && d.TagCount > 0);
        DateTime? taken = null;
        if (sub?.GetString(ExifDirectoryBase.TagDateTimeOriginal) is { } text
            && DateTime.TryParseExact(Clean(text), "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            taken = parsed;
        }
        TimeSpan? offset = null;
        if (sub?.GetString(TagOffsetTimeOriginal) is { } o
            && TimeSpan.TryParseExact(Clean(o)?.TrimStart('+'), @"hh\:mm", CultureInfo.InvariantCulture, out var parsedOffset))
        {
            offset = Clean(o)!.StartsWith('-') ? -parsedOffset : parsedOffset;
        }
        return new SourceExif(hasExif,
            Clean(ifd0?.GetString(ExifDirectoryBase.TagMake)),
            Clean(ifd0?.GetString(ExifDirectoryBase.TagModel)),
            Clean(ifd0?.GetString(ExifDirectoryBase.TagSoftware)),
            taken, offset);
    }

    private static string? Clean(string? s)
    {
        var t = s?.Trim().TrimEnd('\0').Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }
}

/// <summary>
/// V-5: an original source file must carry complete EXIF that does not contradict the claim
/// ([002]: "勿用手机截图代替原始文件…截图无GPS/时间戳,直接驳回").
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class SourceFileCheck
{
    // Substrings of EXIF Software values written by screenshot tools and picture editors. A camera
    // or phone writes its firmware version there; raw developers (Lightroom, Capture One) keep the
    // camera's EXIF and are not listed, since developing a raw file is how originals are made.
    private static readonly string[] EditorsAndScreenshotTools =
    [
        "screenshot", "screen shot", "snipping", "snip & sketch", "snagit", "lightshot", "greenshot", "sharex",
        "snipaste", "截图", "截屏", "photoshop", "gimp", "canva", "picsart", "meitu", "美图", "fotor", "pixlr",
        "paint.net", "mspaint", "affinity photo", "illustrator", "photopea", "醒图", "xingtu", "remini", "facetune",
    ];

    // EXIF time is camera-local with no zone unless OffsetTimeOriginal is present. Zones run from
    // UTC-12 to UTC+14, so without an offset the earliest instant the local time can mean is 14 h
    // before it read as UTC; only a time after the claim even then is a certain contradiction.
    private static readonly TimeSpan EasternmostOffset = TimeSpan.FromHours(14);

    /// <summary>Checks one source file.</summary>
    /// <param name="fileName">The file's name, used in the findings.</param>
    /// <param name="file">The encoded file.</param>
    /// <param name="claimedExistingBy">When the seller says the picture already existed (e.g. first published); null for no claim.</param>
    public static IReadOnlyList<CheckFinding> Check(string fileName, ReadOnlyMemory<byte> file, DateTimeOffset? claimedExistingBy)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Check(fileName, SourceExif.Read(file), claimedExistingBy);
    }

    /// <summary>Checks EXIF already read.</summary>
    public static IReadOnlyList<CheckFinding> Check(string fileName, SourceExif exif, DateTimeOffset? claimedExistingBy)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(exif);
        if (!exif.HasExif)
        {
            return
            [
                new CheckFinding(FindingCodes.SourceWithoutExif, "V-5",
                    $"\"{fileName}\" has no EXIF information, as screenshots and re-saved copies do. Upload the original file from the camera or phone, with its EXIF.",
                    fileName),
            ];
        }
        var findings = new List<CheckFinding>();
        if (exif.Software is { } software && EditorsAndScreenshotTools.Any(t => software.Contains(t, StringComparison.OrdinalIgnoreCase)))
        {
            findings.Add(new CheckFinding(FindingCodes.SourceEditedOrScreenshot, "V-5",
                $"\"{fileName}\" was saved by \"{software}\", a screenshot tool or picture editor, so it is not the original file. Upload the file as the camera or phone wrote it.",
                fileName, software));
        }
        var missing = new List<string>();
        if (exif.Make is null && exif.Model is null)
        {
            missing.Add("the camera make and model");
        }
        if (exif.TakenAt is null)
        {
            missing.Add("the time the picture was taken");
        }
        if (missing.Count > 0)
        {
            findings.Add(new CheckFinding(FindingCodes.SourceExifIncomplete, "V-5",
                $"The EXIF of \"{fileName}\" is incomplete: {string.Join(" and ", missing)} is missing. Upload the original file with complete EXIF.",
                fileName));
        }
        if (exif.TakenAt is { } taken && claimedExistingBy is { } claim && IsAfter(taken, exif.TakenAtOffset, claim))
        {
            var takenText = taken.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var claimText = claim.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            findings.Add(new CheckFinding(FindingCodes.SourceTakenAfterClaim, "V-5",
                $"The EXIF of \"{fileName}\" says it was taken on {takenText}, after {claimText}, the date you claim the picture already existed. Upload the file that was really taken first.",
                fileName, takenText));
        }
        return findings;
    }

    private static bool IsAfter(DateTime taken, TimeSpan? offset, DateTimeOffset claim) =>
        offset is { } o
            ? new DateTimeOffset(DateTime.SpecifyKind(taken, DateTimeKind.Unspecified), o) > claim
            : new DateTimeOffset(DateTime.SpecifyKind(taken, DateTimeKind.Unspecified), EasternmostOffset) > claim;
}
