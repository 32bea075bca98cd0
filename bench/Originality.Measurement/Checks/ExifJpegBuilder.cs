using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Originality.Measurement.Checks;

/// <summary>
/// Builds a small real JPEG (encoded by SkiaSharp) with exactly the EXIF tags given (TIFF
/// little-endian in an APP1 segment), for the tests and the labelled EXIF set.
/// </summary>
public sealed class ExifJpegBuilder
{
    private const ushort TagMake = 0x010F;
    private const ushort TagModel = 0x0110;
    private const ushort TagSoftware = 0x0131;
    private const ushort TagExifIfd = 0x8769;
    private const ushort TagDateTimeOriginal = 0x9003;
    private const ushort TagOffsetTimeOriginal = 0x9011;

    private readonly SortedDictionary<ushort, string> _ifd0 = [];
    private readonly SortedDictionary<ushort, string> _exif = [];

    private int _width = 64;
    private int _height = 48;
    private uint _color = 0xFFC87850;

    /// <summary>Sets IFD0 Make and Model.</summary>
    public ExifJpegBuilder Camera(string make, string model) { _ifd0[TagMake] = make; _ifd0[TagModel] = model; return this; }

    /// <summary>Sets IFD0 Software.</summary>
    public ExifJpegBuilder Software(string software) { _ifd0[TagSoftware] = software; return this; }

    /// <summary>Sets the size and colour of the encoded picture (default 64×48, orange).</summary>
    public ExifJpegBuilder Picture(int width, int height, uint argb) { _width = width; _height = height; _color = argb; return this; }

    /// <summary>Sets DateTimeOriginal (<c>yyyy:MM:dd HH:mm:ss</c>) and optionally OffsetTimeOriginal (<c>+08:00</c>).</summary>
    public ExifJpegBuilder TakenAt(string exifDateTime, string? offset = null)
    {
        _exif[TagDateTimeOriginal] = exifDateTime;
        if (offset is not null)
        {
            _exif[TagOffsetTimeOriginal] = offset;
        }
        return this;
    }

    /// <summary>An iPhone photo taken 2024-05-01 10:30 +08:00.</summary>
    public static ExifJpegBuilder PhonePhoto() => new ExifJpegBuilder().Camera("Apple", "iPhone 14").Software("17.1").TakenAt("2024:05:01 10:30:00", "+08:00");

    /// <summary>A JPEG with no EXIF at all, like a re-saved screenshot.</summary>
    public static byte[] PlainJpeg() => PlainJpeg(64, 48, 0xFFC87850);

    /// <summary>A JPEG of the given size with no EXIF: a colour with a lighter diagonal band, so it is not one flat block.</summary>
    public static byte[] PlainJpeg(int width, int height, uint argb)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(argb));
            using var paint = new SKPaint { Color = new SKColor(argb).WithAlpha(255).WithRed((byte)Math.Min(255, ((argb >> 16) & 0xFF) + 40)), StrokeWidth = Math.Max(2, width / 8f), IsAntialias = true };
            canvas.DrawLine(0, 0, width, height, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>The JPEG with the EXIF set so far.</summary>
    public byte[] Build()
    {
        var jpeg = PlainJpeg(_width, _height, _color);
        var tiff = Tiff();
        var payload = new byte[6 + tiff.Length];
        Encoding.ASCII.GetBytes("Exif\0\0").CopyTo(payload, 0);
        tiff.CopyTo(payload, 6);
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        // SOI, then our APP1, then the rest of the encoder's JPEG.
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    private byte[] Tiff()
    {
        var ifd0Entries = _ifd0.Count + (_exif.Count > 0 ? 1 : 0);
        var ifd0Size = 2 + (12 * ifd0Entries) + 4;
        var exifSize = _exif.Count > 0 ? 2 + (12 * _exif.Count) + 4 : 0;
        var ifd0At = 8;
        var exifAt = ifd0At + ifd0Size;
        var dataAt = exifAt + exifSize;
        var data = new List<byte>();
        var buffer = new byte[dataAt];
        "II"u8.CopyTo(buffer);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), (uint)ifd0At);

        var ifd0 = _ifd0.Select(e => (e.Key, (string?)e.Value)).ToList();
        if (_exif.Count > 0)
        {
            ifd0.Add((TagExifIfd, null));
        }
        WriteIfd(buffer, ifd0At, ifd0, exifAt, dataAt, data);
        if (_exif.Count > 0)
        {
            WriteIfd(buffer, exifAt, [.. _exif.Select(e => (e.Key, (string?)e.Value))], 0, dataAt, data);
        }
        return [.. buffer, .. data];
    }

    private static void WriteIfd(byte[] buffer, int at, List<(ushort Tag, string? Value)> entries, int exifAt, int dataAt, List<byte> data)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(at), (ushort)entries.Count);
        var p = at + 2;
        foreach (var (tag, value) in entries.OrderBy(e => e.Tag))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(p), tag);
            if (value is null)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(p + 2), 4); // LONG
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(p + 4), 1);
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(p + 8), (uint)exifAt);
            }
            else
            {
                var bytes = Encoding.UTF8.GetBytes(value + "\0");
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(p + 2), 2); // ASCII
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(p + 4), (uint)bytes.Length);
                if (bytes.Length <= 4)
                {
                    bytes.CopyTo(buffer, p + 8);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(p + 8), (uint)(dataAt + data.Count));
                    data.AddRange(bytes);
                    if (data.Count % 2 == 1)
                    {
                        data.Add(0);
                    }
                }
            }
            p += 12;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(p), 0);
    }
}
