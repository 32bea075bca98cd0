using Originality.Engine.Checks;
using Originality.Measurement.Checks;

namespace Originality.Engine.Tests.Checks;

public class SourceFileCheckTests
{
    private static readonly DateTimeOffset ClaimedJune2024 = new(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    private static IReadOnlyList<string> Codes(byte[] file, DateTimeOffset? claim = null) =>
        [.. SourceFileCheck.Check("IMG_0001.jpg", file, claim).Select(f => f.Code)];

    [Fact]
    public void The_builder_writes_EXIF_that_is_read_back()
    {
        var exif = SourceExif.Read(ExifJpegBuilder.PhonePhoto().Build());

        Assert.True(exif.HasExif);
        Assert.Equal("Apple", exif.Make);
        Assert.Equal("iPhone 14", exif.Model);
        Assert.Equal(new DateTime(2024, 5, 1, 10, 30, 0), exif.TakenAt);
        Assert.Equal(TimeSpan.FromHours(8), exif.TakenAtOffset);
    }

    [Fact]
    public void A_phone_photo_with_complete_EXIF_before_the_claim_passes()
    {
        Assert.Empty(Codes(ExifJpegBuilder.PhonePhoto().Build(), ClaimedJune2024));
    }

    [Fact]
    public void A_file_without_EXIF_like_a_screenshot_is_reported()
    {
        var finding = Assert.Single(SourceFileCheck.Check("screenshot.jpg", ExifJpegBuilder.PlainJpeg(), null));

        Assert.Equal(FindingCodes.SourceWithoutExif, finding.Code);
        Assert.Contains("screenshot", finding.Reason, StringComparison.Ordinal);
        Assert.Equal("screenshot.jpg", finding.Subject);
    }

    [Fact]
    public void A_file_that_is_not_a_picture_counts_as_without_EXIF()
    {
        Assert.Equal([FindingCodes.SourceWithoutExif], Codes("not a picture"u8.ToArray()));
    }

    [Theory]
    [InlineData("Adobe Photoshop 25.0 (Windows)")]
    [InlineData("Snipaste")]
    [InlineData("Screenshot")]
    [InlineData("美图秀秀")]
    public void EXIF_written_by_an_editor_or_screenshot_tool_contradicts_an_original(string software)
    {
        var file = ExifJpegBuilder.PhonePhoto().Software(software).Build();

        Assert.Equal([FindingCodes.SourceEditedOrScreenshot], Codes(file));
    }

    [Fact]
    public void EXIF_without_camera_or_shooting_time_is_incomplete()
    {
        var file = new ExifJpegBuilder().Software("17.1").Build();

        var finding = Assert.Single(SourceFileCheck.Check("a.jpg", file, null));
        Assert.Equal(FindingCodes.SourceExifIncomplete, finding.Code);
        Assert.Contains("camera make and model", finding.Reason, StringComparison.Ordinal);
        Assert.Contains("time the picture was taken", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shooting_time_after_the_claimed_date_is_reported()
    {
        var file = ExifJpegBuilder.PhonePhoto().TakenAt("2024:07:15 09:00:00", "+08:00").Build();

        var finding = Assert.Single(SourceFileCheck.Check("a.jpg", file, ClaimedJune2024));
        Assert.Equal(FindingCodes.SourceTakenAfterClaim, finding.Code);
        Assert.Contains("2024-07-15", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void With_its_offset_a_shooting_time_one_minute_after_the_claim_is_reported()
    {
        var file = ExifJpegBuilder.PhonePhoto().TakenAt("2024:06:01 00:01:00", "+08:00").Build();

        Assert.Equal([FindingCodes.SourceTakenAfterClaim], Codes(file, ClaimedJune2024));
    }

    [Fact]
    public void Without_an_offset_only_a_time_after_the_claim_in_every_zone_is_reported()
    {
        // The claim is 2024-05-31 16:00 UTC. Read in UTC+14, the easternmost zone, 2024-06-01 05:00
        // local is 2024-05-31 15:00 UTC (before the claim: not certain); 20:00 local is 06:00 UTC (after it in every zone).
        var uncertainFile = new ExifJpegBuilder().Camera("Canon", "EOS R6").TakenAt("2024:06:01 05:00:00").Build();
        var certainFile = new ExifJpegBuilder().Camera("Canon", "EOS R6").TakenAt("2024:06:01 20:00:00").Build();

        Assert.Empty(Codes(uncertainFile, ClaimedJune2024));
        Assert.Equal([FindingCodes.SourceTakenAfterClaim], Codes(certainFile, ClaimedJune2024));
    }
}
