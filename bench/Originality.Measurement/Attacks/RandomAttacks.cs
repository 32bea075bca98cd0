using Originality.Engine.Imaging;
using SkiaSharp;

namespace Originality.Measurement.Attacks;

/// <summary>
/// Attacked copies with parameters drawn uniformly over the whole ranges of issue 12, so a method
/// cannot be tuned on fixed points (the 70% crops and ±2.5°/±5° tilts of <see cref="CopyAttacks"/>).
/// </summary>
/// <remarks>
/// <para>
/// Deterministic: the same family, original, fillers and <see cref="Random"/> state give the same
/// pixels and description on a machine with the same fonts. Every drawn parameter is in
/// <see cref="AttackedCopy.Parameters"/>. Fonts are the installed DejaVu and Noto CJK faces;
/// without them text is drawn as bars covering the same pixels.
/// </para>
/// <para>
/// Ranges (see docs/measurements/robustness.md): crop 55–80% of the area with the two sides'
/// factors drawn log-uniformly under that area, a quarter of them at a corner; borders 5–20% of a
/// side; canvas 35–75% of the canvas (on the binding axis); collage 2–4; caption bands 5–30% of
/// the height, watermarks and stickers together 5–25% of the area (box areas, before rotation),
/// watermark opacity 30–70% at any angle; tilt 1–7° either way; colour factors 0.65–1.35, gamma
/// 0.7–1.43, hue ±90°; JPEG 15–95, short side 250–600, blur σ ≤ 2, stretch ≤ 20%; screenshot
/// 40–80% of the frame. Thread-safe (no shared mutable state apart from a font cache).
/// </para>
/// </remarks>
public static class RandomAttacks
{
    private static readonly DihedralVariant[] Turns =
    [
        DihedralVariant.Rotate90, DihedralVariant.Rotate180, DihedralVariant.Rotate270, DihedralVariant.FlipX,
        DihedralVariant.FlipY, DihedralVariant.FlipPlus1, DihedralVariant.FlipMinus1,
    ];

    /// <summary>Every family, <see cref="AttackFamily.Combined"/> last.</summary>
    public static IReadOnlyList<AttackFamily> Families { get; } = Enum.GetValues<AttackFamily>();

    /// <summary>The families <see cref="AttackFamily.Combined"/> chains.</summary>
    private static readonly AttackFamily[] Single = [.. Enum.GetValues<AttackFamily>().Where(f => f != AttackFamily.Combined)];

    /// <summary>
    /// An attacked copy of <paramref name="original"/> with parameters drawn from <paramref name="rng"/>.
    /// </summary>
    /// <param name="family">Which change.</param>
    /// <param name="original">The picture attacked.</param>
    /// <param name="rng">The source of every random choice; its state advances.</param>
    /// <param name="fillers">
    /// Other real pictures for collages, banners, textured canvases and screenshot content. Any
    /// that is the original (the same instance or the same pixels) is skipped, so a copy never
    /// contains its original twice; with none left, drawn stand-ins are used.
    /// </param>
    public static AttackedCopy Apply(AttackFamily family, RgbImage original, Random rng, IReadOnlyList<RgbImage> fillers)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(fillers);
        if (!Enum.IsDefined(family))
        {
            throw new ArgumentOutOfRangeException(nameof(family), family, "Unknown attack family.");
        }
        var draws = new Draws(rng);
        var pool = new Fillers(original, fillers);
        RgbImage image;
        if (family == AttackFamily.Combined)
        {
            draws.Begin(AttackFamily.Combined);
            // Stored as the families themselves (not indices among the remaining ones).
            var first = Single[rng.Next(Single.Length)];
            var others = Single.Where(f => f != first).ToArray();
            var second = others[rng.Next(others.Length)];
            draws.NoteText("first", (int)first, first.ToString());
            draws.NoteText("second", (int)second, second.ToString());
            image = Run(second, Run(first, original, draws, pool), draws, pool);
        }
        else
        {
            image = Run(family, original, draws, pool);
        }
        return new AttackedCopy(image, family, draws.Describe()) { Parameters = draws.Parameters() };
    }

    private static RgbImage Run(AttackFamily family, RgbImage image, Draws d, Fillers fillers)
    {
        d.Begin(family);
        return family switch
        {
            AttackFamily.Crop => Crop(image, d),
            AttackFamily.Border => Border(image, d),
            AttackFamily.Canvas => Canvas(image, d, fillers),
            AttackFamily.Collage => Collage(image, d, fillers),
            AttackFamily.Overlay => Overlay(image, d, fillers),
            AttackFamily.Dihedral => Dihedral(image, d),
            AttackFamily.Tilt => Tilt(image, d),
            AttackFamily.Colour => ColourChange(image, d),
            AttackFamily.Degrade => Degrade(image, d),
            AttackFamily.Screenshot => Screenshot(image, d, fillers),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Not a single family."),
        };
    }

    private static RgbImage Crop(RgbImage image, Draws d)
    {
        var area = d.Uniform("area", 0.55, 0.80);
        // Split ln(area) between the two sides: each factor lies in [area, 1] and their product is
        // the area, and the width and height get the same distribution (any aspect).
        var share = d.Uniform("widthShare", 0, 1);
        var fx = Math.Pow(area, share);
        var fy = area / fx;
        var w = Math.Clamp((int)Math.Round(image.Width * fx), 1, image.Width);
        var h = Math.Clamp((int)Math.Round(image.Height * fy), 1, image.Height);
        // Corners are the worst case for window-based methods: a quarter of the crops sit exactly there.
        double ax, ay;
        if (d.Chance("corner", 0.25))
        {
            ax = d.Integer("cornerX", 0, 1);
            ay = d.Integer("cornerY", 0, 1);
        }
        else
        {
            ax = d.Uniform("anchorX", 0, 1);
            ay = d.Uniform("anchorY", 0, 1);
        }
        var x = (int)Math.Round((image.Width - w) * ax);
        var y = (int)Math.Round((image.Height - h) * ay);
        d.Note("x", x);
        d.Note("y", y);
        d.Note("width", w);
        d.Note("height", h);
        d.Note("keptArea", (double)w * h / ((double)image.Width * image.Height));
        return Paint.Crop(image, x, y, w, h);
    }

    private static RgbImage Border(RgbImage image, Draws d)
    {
        double left, top, right, bottom;
        if (d.Chance("uniform", 0.5))
        {
            left = top = right = bottom = d.Uniform("side", 0.05, 0.20);
        }
        else
        {
            left = d.Uniform("left", 0.05, 0.20);
            top = d.Uniform("top", 0.05, 0.20);
            right = d.Uniform("right", 0.05, 0.20);
            bottom = d.Uniform("bottom", 0.05, 0.20);
        }
        var colour = BackgroundColour(d, "colour");
        var l = (int)Math.Round(left * image.Width);
        var r = (int)Math.Round(right * image.Width);
        var t = (int)Math.Round(top * image.Height);
        var b = (int)Math.Round(bottom * image.Height);
        d.Note("leftPx", l);
        d.Note("topPx", t);
        var width = image.Width + l + r;
        var height = image.Height + t + b;
        var pixels = new byte[3 * width * height];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = colour.Red;
            pixels[i + 1] = colour.Green;
            pixels[i + 2] = colour.Blue;
        }
        for (var y = 0; y < image.Height; y++)
        {
            Array.Copy(image.Pixels, 3 * image.Width * y, pixels, 3 * (((y + t) * width) + l), 3 * image.Width);
        }
        return new RgbImage(width, height, pixels);
    }

    private static RgbImage Canvas(RgbImage image, Draws d, Fillers fillers)
    {
        var scale = d.Uniform("scale", 0.35, 0.75);
        var aspect = d.LogUniform("aspect", 0.6, 2.2);
        // The canvas keeps the original's longer side, so the picture shrinks to `scale` of it.
        var longer = Math.Max(image.Width, image.Height);
        var (cw, ch) = aspect >= 1 ? (longer, (int)Math.Round(longer / aspect)) : ((int)Math.Round(longer * aspect), longer);
        var k = scale * Math.Min((double)cw / image.Width, (double)ch / image.Height);
        var pw = Math.Max(1, (int)Math.Round(image.Width * k));
        var ph = Math.Max(1, (int)Math.Round(image.Height * k));
        var px = (int)Math.Round((cw - pw) * d.Uniform("anchorX", 0, 1));
        var py = (int)Math.Round((ch - ph) * d.Uniform("anchorY", 0, 1));
        d.Note("x", px);
        d.Note("y", py);
        d.Note("width", pw);
        d.Note("height", ph);
        var background = d.Choose("background", ["white", "colour", "gradient", "texture"]);
        var texture = background == "texture" ? fillers.Take(d, "textureFiller") : null;
        var banner = d.Chance("banner", 0.4);
        var neighbours = new List<(RgbImage Picture, SKRect Cell)>();
        if (banner)
        {
            // Beside other pictures: every free strip left or right (or above or below) of the paste
            // that is at least 15% of the canvas holds another picture.
            var strips = new[]
            {
                SKRect.Create(0, 0, px, ch), SKRect.Create(px + pw, 0, cw - px - pw, ch),
                SKRect.Create(px, 0, pw, py), SKRect.Create(px, py + ph, pw, ch - py - ph),
            };
            for (var i = 0; i < strips.Length; i++)
            {
                var s = strips[i];
                if (s.Width >= 0.15 * cw && s.Height >= 0.15 * ch)
                {
                    var margin = 0.04f * Math.Min(s.Width, s.Height);
                    neighbours.Add((fillers.Take(d, "bannerFiller" + i), SKRect.Inflate(s, -margin, -margin)));
                }
            }
        }
        var colour = background switch
        {
            "white" => new SKColor((byte)d.Rng.Next(244, 256), (byte)d.Rng.Next(244, 256), (byte)d.Rng.Next(244, 256)),
            _ => Paint.Colour(d.Rng),
        };
        var second = Paint.Colour(d.Rng);
        return Paint.Render(cw, ch, colour, canvas =>
        {
            if (background == "gradient")
            {
                using var gradient = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(cw, ch), [colour, second], SKShaderTileMode.Clamp) };
                canvas.DrawRect(0, 0, cw, ch, gradient);
            }
            else if (texture is not null)
            {
                Paint.Cover(canvas, texture, SKRect.Create(0, 0, cw, ch));
            }
            foreach (var (picture, cell) in neighbours)
            {
                Paint.Picture(canvas, picture, Paint.Contain(picture, cell));
            }
            Paint.Picture(canvas, image, SKRect.Create(px, py, pw, ph));
        });
    }

    private static RgbImage Collage(RgbImage image, Draws d, Fillers fillers)
    {
        var count = d.Integer("count", 2, 4);
        var layout = d.Choose<string>("layout", count == 2 ? ["row", "column"] : ["row", "column", "grid"]);
        var position = d.Integer("position", 0, count - 1);
        var size = d.Uniform("size", 1.0, 1.5);
        var gutterShare = d.Uniform("gutter", 0, 0.03);
        // Cells have the original's aspect, so the original fills its cell and the fillers are cut to it.
        var (cols, rows) = layout switch
        {
            "row" => (count, 1),
            "column" => (1, count),
            _ => (2, 2),
        };
        var unitW = (double)image.Width;
        var unitH = (double)image.Height;
        var scale = size * Math.Max(image.Width, image.Height) / Math.Max(cols * unitW, rows * unitH);
        var cellW = (float)(unitW * scale);
        var cellH = (float)(unitH * scale);
        var gutter = (float)(gutterShare * Math.Max(cols * cellW, rows * cellH));
        var width = (int)Math.Round((cols * cellW) + ((cols + 1) * gutter));
        var height = (int)Math.Round((rows * cellH) + ((rows + 1) * gutter));
        var cells = new List<SKRect>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                cells.Add(SKRect.Create(gutter + (c * (cellW + gutter)), gutter + (r * (cellH + gutter)), cellW, cellH));
            }
        }
        if (layout == "grid" && count == 3)
        {
            // Three in a grid: two cells on top, one as wide as both below.
            cells = [cells[0], cells[1], SKRect.Create(cells[2].Left, cells[2].Top, cells[3].Right - cells[2].Left, cellH)];
        }
        var pictures = new RgbImage?[count];
        for (var i = 0; i < count; i++)
        {
            pictures[i] = i == position ? null : fillers.Take(d, "filler" + i);
        }
        var background = d.Chance("whiteGutter", 0.6) ? SKColors.White : Paint.Colour(d.Rng);
        var placed = Paint.Contain(image, cells[position]);
        d.Note("x", placed.Left);
        d.Note("y", placed.Top);
        d.Note("width", placed.Width);
        d.Note("height", placed.Height);
        return Paint.Render(width, height, background, canvas =>
        {
            for (var i = 0; i < count; i++)
            {
                if (pictures[i] is { } filler)
                {
                    Paint.Cover(canvas, filler, cells[i]);
                }
            }
            Paint.Picture(canvas, image, placed);
        });
    }

    private static RgbImage Overlay(RgbImage image, Draws d, Fillers fillers)
    {
        // Every non-empty combination of the three kinds of overlay, equally likely.
        var elements = d.Choose("elements", ["caption", "watermark", "stickers", "caption+watermark", "caption+stickers", "watermark+stickers", "caption+watermark+stickers"]);
        var caption = elements.Contains("caption", StringComparison.Ordinal);
        var watermark = elements.Contains("watermark", StringComparison.Ordinal);
        var stickers = elements.Contains("stickers", StringComparison.Ordinal);
        var (w, h) = ((float)image.Width, (float)image.Height);
        var steps = new List<Action<SKCanvas>>();
        if (caption)
        {
            var band = (float)(d.Uniform("captionHeight", 0.05, 0.30) * h);
            var atTop = d.Chance("captionTop", 0.4);
            var alpha = (byte)Math.Round(255 * d.Uniform("captionOpacity", 0.5, 1.0));
            var font = Paint.Fonts.Count == 0 ? null : d.Choose("captionFont", Paint.Fonts);
            var text = Paint.Text(d.Rng, font);
            var fill = Paint.Colour(d.Rng).WithAlpha(alpha);
            var ink = fill.Red + fill.Green + fill.Blue > 384 ? SKColors.Black : SKColors.White;
            var rect = SKRect.Create(0, atTop ? 0 : h - band, w, band);
            steps.Add(canvas =>
            {
                using var paint = new SKPaint { Color = fill };
                canvas.DrawRect(rect, paint);
                using var letters = new SKPaint { Color = ink, IsAntialias = true };
                Paint.FittedText(canvas, text, font, SKRect.Inflate(rect, -band * 0.1f, -band * 0.15f), letters);
            });
        }
        var cover = watermark || stickers ? d.Uniform("cover", 0.05, 0.25) : 0;
        var watermarkShare = watermark && stickers ? d.Uniform("watermarkShare", 0.3, 0.7) : watermark ? 1 : 0;
        if (watermark)
        {
            var area = cover * watermarkShare * w * h;
            var aspect = (float)d.Uniform("watermarkAspect", 1.2, 4.0);
            var bw = Math.Min(w, MathF.Sqrt((float)area * aspect));
            var bh = Math.Min(h, (float)area / bw);
            var cx = (float)d.Uniform("watermarkX", bw / 2, w - (bw / 2));
            var cy = (float)d.Uniform("watermarkY", bh / 2, h - (bh / 2));
            var angle = (float)d.Uniform("watermarkAngle", -180, 180);
            var opacity = d.Uniform("watermarkOpacity", 0.3, 0.7);
            var content = d.Choose("watermarkContent", ["text", "logo", "text+logo"]);
            var font = Paint.Fonts.Count == 0 ? null : d.Choose("watermarkFont", Paint.Fonts);
            var text = Paint.Text(d.Rng, font);
            var ink = d.Rng.Next(3) == 0 ? new SKColor(20, 20, 20) : SKColors.White;
            steps.Add(canvas =>
            {
                // Opacity is applied to the whole watermark at once, as an editor's layer opacity is.
                using var layer = new SKPaint { Color = SKColors.White.WithAlpha((byte)Math.Round(255 * opacity)) };
                canvas.SaveLayer(layer);
                canvas.RotateDegrees(angle, cx, cy);
                var box = SKRect.Create(cx - (bw / 2), cy - (bh / 2), bw, bh);
                using var paint = new SKPaint { Color = ink, IsAntialias = true };
                using var edge = new SKPaint { Color = ink == SKColors.White ? SKColors.Black : SKColors.White, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, bh / 30) };
                var textBox = box;
                if (content != "text")
                {
                    var ring = content == "logo" ? box : SKRect.Create(box.Left, box.Top, box.Height, box.Height);
                    using var stroke = new SKPaint { Color = ink, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, ring.Height / 10) };
                    canvas.DrawOval(SKRect.Inflate(ring, -ring.Height * 0.1f, -ring.Height * 0.1f), stroke);
                    canvas.DrawRect(SKRect.Inflate(ring, -ring.Width * 0.35f, -ring.Height * 0.35f), paint);
                    textBox = SKRect.Create(ring.Right, box.Top, box.Right - ring.Right, box.Height);
                }
                if (content != "logo" && textBox.Width > 4)
                {
                    Paint.FittedText(canvas, text, font, textBox, paint, edge);
                }
                canvas.Restore();
            });
        }
        if (stickers)
        {
            var count = d.Integer("stickerCount", 1, 3);
            var each = cover * (1 - watermarkShare) * w * h / count;
            for (var i = 0; i < count; i++)
            {
                var kind = d.Choose("sticker" + i, ["badge", "star", "tag", "logo"]);
                var aspect = kind == "tag" ? 2.2f : 1f;
                var sw = Math.Min(w, MathF.Sqrt((float)each * aspect));
                var sh = Math.Min(h, (float)each / sw);
                var x = (float)d.Uniform("sticker" + i + "X", 0, w - sw);
                var y = (float)d.Uniform("sticker" + i + "Y", 0, h - sh);
                var rect = SKRect.Create(x, y, sw, sh);
                var fill = Paint.Colour(d.Rng);
                var logo = kind == "logo" ? fillers.Take(d, "sticker" + i + "Filler") : null;
                var font = Paint.Fonts.Count == 0 ? null : Paint.Fonts[d.Rng.Next(Paint.Fonts.Count)];
                var text = kind == "tag" ? Paint.Text(d.Rng, font) : d.Rng.Next(2) == 0 ? "SALE" : "-" + d.Rng.Next(10, 70) + "%";
                steps.Add(canvas => Sticker(canvas, kind, rect, fill, logo, font, text));
            }
        }
        return Paint.Render(image.Width, image.Height, SKColors.White, canvas =>
        {
            Paint.Picture(canvas, image, SKRect.Create(0, 0, w, h));
            foreach (var step in steps)
            {
                step(canvas);
            }
        });
    }

    private static void Sticker(SKCanvas canvas, string kind, SKRect rect, SKColor fill, RgbImage? logo, string? font, string text)
    {
        using var paint = new SKPaint { Color = fill, IsAntialias = true };
        using var ink = new SKPaint { Color = fill.Red + fill.Green + fill.Blue > 384 ? SKColors.Black : SKColors.White, IsAntialias = true };
        switch (kind)
        {
            case "badge":
                canvas.DrawOval(rect, paint);
                break;
            case "star":
            {
                using var path = new SKPath();
                for (var p = 0; p < 24; p++)
                {
                    var radius = p % 2 == 0 ? 0.5f : 0.36f;
                    var a = p * MathF.PI / 12;
                    var point = new SKPoint(rect.MidX + (radius * rect.Width * MathF.Cos(a)), rect.MidY + (radius * rect.Height * MathF.Sin(a)));
                    if (p == 0)
                    {
                        path.MoveTo(point);
                    }
                    else
                    {
                        path.LineTo(point);
                    }
                }
                path.Close();
                canvas.DrawPath(path, paint);
                break;
            }
            case "tag":
                canvas.DrawRoundRect(rect, rect.Height / 5, rect.Height / 5, paint);
                break;
            default:
                // A small picture in a white frame, as a shop pastes its logo or a product thumbnail.
                canvas.DrawRect(rect, new SKPaint { Color = SKColors.White });
                Paint.Cover(canvas, logo!, SKRect.Inflate(rect, -rect.Width * 0.06f, -rect.Height * 0.06f));
                return;
        }
        Paint.FittedText(canvas, text, font, SKRect.Inflate(rect, -rect.Width * 0.18f, -rect.Height * 0.3f), ink);
    }

    private static RgbImage Dihedral(RgbImage image, Draws d)
    {
        var variant = Turns[d.Rng.Next(Turns.Length)];
        d.NoteText("variant", (int)variant, variant.ToString());
        return image.Transform(variant);
    }

    private static RgbImage Tilt(RgbImage image, Draws d)
    {
        var magnitude = d.Uniform("degrees", 1, 7);
        var angle = d.Chance("clockwise", 0.5) ? magnitude : -magnitude;
        d.Note("angle", angle);
        var crop = d.Choose("mode", ["fill", "crop"]) == "crop";
        var colour = crop ? SKColors.White : BackgroundColour(d, "fill");
        var rotated = Paint.Render(image.Width, image.Height, colour, canvas =>
        {
            canvas.RotateDegrees((float)angle, image.Width / 2f, image.Height / 2f);
            using var paint = new SKPaint { IsAntialias = true };
            Paint.Picture(canvas, image, SKRect.Create(0, 0, image.Width, image.Height), paint);
        });
        if (!crop)
        {
            return rotated;
        }
        var (rw, rh) = LargestUprightRectangle(image.Width, image.Height, angle * Math.PI / 180);
        // One pixel in from each side: the rotated edge is antialiased against the background.
        var cw = Math.Max(1, (int)Math.Floor(rw) - 2);
        var ch = Math.Max(1, (int)Math.Floor(rh) - 2);
        d.Note("width", cw);
        d.Note("height", ch);
        return Paint.Crop(rotated, (image.Width - cw) / 2, (image.Height - ch) / 2, cw, ch);
    }

    /// <summary>
    /// Width and height of the largest axis-aligned rectangle inside a <paramref name="w"/> ×
    /// <paramref name="h"/> rectangle turned by <paramref name="radians"/> about its centre.
    /// </summary>
    /// <remarks>
    /// For a centred rectangle of half-sides (a, b), the rotated rectangle contains it when
    /// a·cos + b·sin ≤ W/2 and a·sin + b·cos ≤ H/2 (W the longer side). Maximising a·b: if the
    /// short side is small against the long one, the first constraint never binds and the optimum
    /// touches the short sides at its corners (a·sin = b·cos = h/4 … giving the "half the short
    /// side" case); otherwise both bind and the linear system solves directly.
    /// </remarks>
    internal static (double Width, double Height) LargestUprightRectangle(double w, double h, double radians)
    {
        var sin = Math.Abs(Math.Sin(radians));
        var cos = Math.Abs(Math.Cos(radians));
        var longer = Math.Max(w, h);
        var shorter = Math.Min(w, h);
        if (sin < 1e-12)
        {
            return (w, h);
        }
        if (shorter <= 2 * sin * cos * longer || Math.Abs(sin - cos) < 1e-10)
        {
            // Only the short sides bind: a triangle-corner optimum at half the short side.
            var half = 0.5 * shorter;
            return w >= h ? (half / sin, half / cos) : (half / cos, half / sin);
        }
        var cos2 = (cos * cos) - (sin * sin);
        return (((w * cos) - (h * sin)) / cos2, ((h * cos) - (w * sin)) / cos2);
    }

    private static RgbImage ColourChange(RgbImage image, Draws d)
    {
        var brightness = d.Chance("brightnessOn", 0.5) ? d.Uniform("brightness", 0.65, 1.35) : 1;
        var contrast = d.Chance("contrastOn", 0.5) ? d.Uniform("contrast", 0.65, 1.35) : 1;
        var saturationMode = d.Choose("saturationMode", ["none", "saturation", "grey"]);
        var saturation = saturationMode switch
        {
            "saturation" => d.Uniform("saturation", 0.65, 1.35),
            "grey" => 0,
            _ => 1,
        };
        var hue = d.Chance("hueOn", 0.3) ? d.Uniform("hue", -90, 90) : 0;
        var gamma = d.Chance("gammaOn", 0.4) ? d.LogUniform("gamma", 0.7, 1 / 0.7) : 1;
        if (brightness == 1 && contrast == 1 && saturation == 1 && hue == 0 && gamma == 1)
        {
            // Nothing chosen: change the brightness, the most common edit.
            brightness = d.Uniform("brightness", 0.65, 1.35);
        }
        var src = image.Pixels;
        double mean = 0;
        for (var i = 0; i < src.Length; i += 3)
        {
            mean += (0.299 * src[i]) + (0.587 * src[i + 1]) + (0.114 * src[i + 2]);
        }
        mean = brightness * mean / (src.Length / 3);
        // Hue turns the chroma plane (YIQ's I and Q) about the luma axis.
        var (hs, hc) = Math.SinCos(hue * Math.PI / 180);
        var curve = new byte[256];
        for (var v = 0; v < 256; v++)
        {
            curve[v] = ToByte(255 * Math.Pow(v / 255.0, gamma));
        }
        var dst = new byte[src.Length];
        for (var i = 0; i < src.Length; i += 3)
        {
            double r = src[i] * brightness, g = src[i + 1] * brightness, b = src[i + 2] * brightness;
            r = mean + ((r - mean) * contrast);
            g = mean + ((g - mean) * contrast);
            b = mean + ((b - mean) * contrast);
            var y = (0.299 * r) + (0.587 * g) + (0.114 * b);
            var ci = (0.596 * r) - (0.274 * g) - (0.322 * b);
            var cq = (0.211 * r) - (0.523 * g) + (0.312 * b);
            (ci, cq) = (saturation * ((ci * hc) - (cq * hs)), saturation * ((ci * hs) + (cq * hc)));
            dst[i] = curve[ToByte(y + (0.956 * ci) + (0.621 * cq))];
            dst[i + 1] = curve[ToByte(y - (0.272 * ci) - (0.647 * cq))];
            dst[i + 2] = curve[ToByte(y - (1.106 * ci) + (1.703 * cq))];
        }
        return new RgbImage(image.Width, image.Height, dst);
    }

    private static RgbImage Degrade(RgbImage image, Draws d)
    {
        if (d.Chance("stretchOn", 0.4))
        {
            var factor = d.Uniform("stretch", 1.0, 1.2);
            var horizontal = d.Choose("stretchAxis", ["x", "y"]) == "x";
            image = horizontal
                ? image.Resize((int)Math.Round(image.Width * factor), image.Height)
                : image.Resize(image.Width, (int)Math.Round(image.Height * factor));
        }
        if (d.Chance("downscaleOn", 0.6))
        {
            var side = d.Integer("shortSide", 250, 600);
            var shorter = Math.Min(image.Width, image.Height);
            // Never up: a smaller original is left at its size (the note says so).
            if (side < shorter)
            {
                var k = (double)side / shorter;
                image = image.Resize(Math.Max(1, (int)Math.Round(image.Width * k)), Math.Max(1, (int)Math.Round(image.Height * k)));
            }
            d.Note("downscaled", side < shorter ? 1 : 0);
        }
        var filter = d.Choose("filter", ["none", "blur", "sharpen"]);
        if (filter == "blur")
        {
            image = Blur(image, (float)d.Uniform("sigma", 0.3, 2.0));
        }
        else if (filter == "sharpen")
        {
            image = Sharpen(image, d.Uniform("amount", 0.3, 1.5));
        }
        if (d.Chance("noiseOn", 0.5))
        {
            image = Noise(image, d.Uniform("noise", 2, 12), d.Rng);
        }
        return CopyAttacks.Jpeg(image, d.Integer("quality", 15, 95));
    }

    private static RgbImage Blur(RgbImage image, float sigma) =>
        Paint.Render(image.Width, image.Height, SKColors.Black, canvas =>
        {
            using var filter = SKImageFilter.CreateBlur(sigma, sigma, SKShaderTileMode.Clamp);
            using var paint = new SKPaint { ImageFilter = filter };
            Paint.Picture(canvas, image, SKRect.Create(0, 0, image.Width, image.Height), paint);
        });

    /// <summary>Unsharp mask: the picture plus <paramref name="amount"/> times its difference from a σ 1 blur.</summary>
    private static RgbImage Sharpen(RgbImage image, double amount)
    {
        var blurred = Blur(image, 1f).Pixels;
        var src = image.Pixels;
        var dst = new byte[src.Length];
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = ToByte(src[i] + (amount * (src[i] - blurred[i])));
        }
        return new RgbImage(image.Width, image.Height, dst);
    }

    private static RgbImage Noise(RgbImage image, double sigma, Random rng)
    {
        var src = image.Pixels;
        var dst = new byte[src.Length];
        for (var i = 0; i < src.Length; i++)
        {
            // Box–Muller: one normal deviate per channel value.
            var u = 1 - rng.NextDouble();
            var v = rng.NextDouble();
            dst[i] = ToByte(src[i] + (sigma * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v)));
        }
        return new RgbImage(image.Width, image.Height, dst);
    }

    private static RgbImage Screenshot(RgbImage image, Draws d, Fillers fillers)
    {
        var phone = d.Choose("device", ["desktop", "phone"]) == "phone";
        var aspect = phone ? 1 / d.Uniform("aspect", 1.9, 2.2) : d.Uniform("aspect", 1.3, 1.8);
        var size = d.Uniform("size", 1.0, 1.5);
        var longer = size * Math.Max(image.Width, image.Height);
        var (fw, fh) = aspect >= 1 ? ((int)Math.Round(longer), (int)Math.Round(longer / aspect)) : ((int)Math.Round(longer * aspect), (int)Math.Round(longer));
        var scale = d.Uniform("scale", 0.40, 0.80);
        var k = scale * Math.Min((double)fw / image.Width, (double)fh / image.Height);
        var pw = Math.Max(1, (int)Math.Round(image.Width * k));
        var ph = Math.Max(1, (int)Math.Round(image.Height * k));
        var bar = (float)(fh * d.Uniform("titleBar", 0.03, 0.06));
        var margin = (float)(0.01 * Math.Max(fw, fh));
        // A side bar only where it leaves room for the picture beside it.
        var room = fw - pw - (3 * margin);
        var sidebar = !phone && room > 0.1 * fw && d.Chance("sidebar", 0.6) ? (float)(d.Uniform("sidebarShare", 0.1, 0.25) * Math.Min(room, 0.25 * fw) / 0.25) : 0f;
        var minX = sidebar + margin;
        var minY = bar + margin;
        var px = (int)Math.Round(minX + ((fw - pw - margin - minX) * d.Uniform("anchorX", 0, 1)));
        var py = (int)Math.Round(minY + ((fh - ph - margin - minY) * d.Uniform("anchorY", 0, 1)));
        d.Note("x", px);
        d.Note("y", py);
        d.Note("width", pw);
        d.Note("height", ph);
        var dark = d.Chance("dark", 0.25);
        var thumbnails = sidebar > 0 && d.Chance("thumbnails", 0.5) ? new[] { fillers.Take(d, "thumbnailFiller0"), fillers.Take(d, "thumbnailFiller1") } : [];
        var font = Paint.Fonts.Count == 0 ? null : d.Choose("font", Paint.Fonts);
        var rng = d.Rng;
        var accent = Paint.Colour(rng);
        var texts = Enumerable.Range(0, 8).Select(_ => Paint.Text(rng, font)).ToArray();
        var page = dark ? new SKColor(30, 30, 34) : SKColors.White;
        var chrome = dark ? new SKColor(52, 52, 58) : new SKColor(232, 232, 236);
        var ink = dark ? new SKColor(220, 220, 220) : new SKColor(40, 40, 40);
        return Paint.Render(fw, fh, page, canvas =>
        {
            using var fill = new SKPaint { Color = chrome, IsAntialias = true };
            using var letters = new SKPaint { Color = ink, IsAntialias = true };
            using var button = new SKPaint { Color = accent, IsAntialias = true };
            using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
            // Title bar (or a phone's status bar) with window buttons and a title.
            canvas.DrawRect(0, 0, fw, bar, fill);
            SKColor[] dots = [new(0xFF, 0x5F, 0x57), new(0xFE, 0xBC, 0x2E), new(0x28, 0xC8, 0x40)];
            for (var i = 0; i < 3; i++)
            {
                using var dot = new SKPaint { Color = dots[i], IsAntialias = true };
                canvas.DrawCircle(bar * (0.7f + (i * 0.8f)), bar / 2, bar * 0.28f, dot);
            }
            Paint.FittedText(canvas, texts[0], font, SKRect.Create(fw * 0.3f, bar * 0.15f, fw * 0.4f, bar * 0.7f), letters);
            if (sidebar > 0)
            {
                canvas.DrawRect(0, bar, sidebar, fh - bar, fill);
                var line = Math.Max(8, fh / 28f);
                var y = bar + line;
                foreach (var thumb in thumbnails)
                {
                    var cell = SKRect.Create(sidebar * 0.1f, y, sidebar * 0.8f, sidebar * 0.6f);
                    Paint.Cover(canvas, thumb, cell);
                    y += cell.Height + (line / 2);
                }
                for (var t = 1; t < texts.Length && y + line < fh; t++, y += line * 1.6f)
                {
                    Paint.FittedText(canvas, texts[t], font, SKRect.Create(sidebar * 0.08f, y, sidebar * 0.84f, line), letters);
                }
            }
            // Text and buttons in the page around the picture; the picture is drawn last, on top, whole.
            var content = SKRect.Create(minX, minY, fw - minX - margin, fh - minY - margin);
            var row = Math.Max(10, fh / 22f);
            for (var t = 0; t < 6; t++)
            {
                var y = content.Top + (rng.NextSingle() * Math.Max(1, content.Height - row));
                var x = content.Left + (rng.NextSingle() * content.Width * 0.5f);
                var wide = content.Width * (0.2f + (0.3f * rng.NextSingle()));
                if (t % 3 == 2)
                {
                    var r = SKRect.Create(x, y, wide * 0.6f, row * 1.3f);
                    canvas.DrawRoundRect(r, row / 3, row / 3, button);
                    Paint.FittedText(canvas, phone ? "Buy now" : texts[(t + 3) % texts.Length], font, SKRect.Inflate(r, -row * 0.2f, -row * 0.2f), white);
                }
                else
                {
                    Paint.FittedText(canvas, texts[(t + 1) % texts.Length], font, SKRect.Create(x, y, wide, row), letters);
                }
            }
            Paint.Picture(canvas, image, SKRect.Create(px, py, pw, ph));
        });
    }

    private static SKColor BackgroundColour(Draws d, string name)
    {
        var kind = d.Choose(name, ["white", "black", "grey", "colour"]);
        var colour = kind switch
        {
            "white" => SKColors.White,
            "black" => SKColors.Black,
            "grey" => Grey((byte)d.Rng.Next(96, 224)),
            _ => Paint.Colour(d.Rng),
        };
        d.Note(name + "Rgb", (colour.Red << 16) | (colour.Green << 8) | colour.Blue);
        return colour;
    }

    private static SKColor Grey(byte level) => new(level, level, level);

    private static byte ToByte(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);

    /// <summary>The caller's fillers without the original, remembered by their index in the caller's list.</summary>
    private sealed class Fillers
    {
        private readonly List<(int Index, RgbImage Picture)> _usable = [];

        public Fillers(RgbImage original, IReadOnlyList<RgbImage> fillers)
        {
            for (var i = 0; i < fillers.Count; i++)
            {
                var f = fillers[i];
                if (f is not null && !ReferenceEquals(f, original) && !SamePixels(f, original))
                {
                    _usable.Add((i, f));
                }
            }
        }

        /// <summary>A random usable filler; its index in the caller's list is recorded as <paramref name="name"/> (−1 for a drawn stand-in).</summary>
        public RgbImage Take(Draws d, string name)
        {
            if (_usable.Count == 0)
            {
                d.Note(name, -1);
                return Paint.Procedural(d.Rng, 480, 360);
            }
            var (index, picture) = _usable[d.Rng.Next(_usable.Count)];
            d.Note(name, index);
            return picture;
        }

        private static bool SamePixels(RgbImage a, RgbImage b) =>
            a.Width == b.Width && a.Height == b.Height && a.Pixels.AsSpan().SequenceEqual(b.Pixels);
    }
}
