namespace Originality.Engine.Imaging;

/// <summary>The result of <see cref="ImageDecoder.Decode"/>.</summary>
/// <param name="Image">The pixels, oriented upright when orientation was applied, possibly scaled (see <see cref="DecodeOptions.MinShortSide"/>).</param>
/// <param name="Format">The format found in the content.</param>
/// <param name="OriginalWidth">Full-resolution width, after orientation when it was applied.</param>
/// <param name="OriginalHeight">Full-resolution height, after orientation when it was applied.</param>
/// <param name="Exif">EXIF facts.</param>
public sealed record DecodedImage(RgbImage Image, ImageFormatKind Format, int OriginalWidth, int OriginalHeight, ExifSummary Exif);
