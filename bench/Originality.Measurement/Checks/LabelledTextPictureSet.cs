using System.Globalization;
using Originality.Engine.Checks;

namespace Originality.Measurement.Checks;

/// <summary>A drawn picture with the findings the text checks should give for it.</summary>
/// <param name="Name">Short name for reports.</param>
/// <param name="Spec">What to draw.</param>
/// <param name="AiGenerated">Declared AI-generated (so the "AI Generated" label is required).</param>
/// <param name="Expected">The finding codes that are right for it (among <see cref="LabelledTextPictureSet.MeasuredCodes"/>).</param>
public sealed record LabelledPicture(string Name, TextPictureSpec Spec, bool AiGenerated, IReadOnlySet<string> Expected);

/// <summary>
/// A small labelled set of drawn pictures with and without each kind of text the V-5 checks look
/// for, in varied fonts, sizes, colours, backgrounds and slight rotations. Deterministic.
/// </summary>
public static class LabelledTextPictureSet
{
    /// <summary>The store id the set's pictures are checked for.</summary>
    public const string OwnStoreId = "AE-1234567";

    /// <summary>The finding codes measured on the set.</summary>
    public static IReadOnlyList<string> MeasuredCodes { get; } =
    [
        FindingCodes.ContactPhone, FindingCodes.ContactEmail, FindingCodes.ContactMessenger, FindingCodes.ContactUrl,
        FindingCodes.WatermarkOtherStore, FindingCodes.WatermarkWithoutStoreId, FindingCodes.AiLabelMissing,
    ];

    private const uint White = 0xFFFFFFFF;
    private const uint Grey = 0xFFEDEDED;
    private const uint Beige = 0xFFF3E9D2;
    private const uint Dark = 0xFF2B2B30;
    private const uint Black = 0xFF000000;
    private const uint Ink = 0xFF1A237E;
    private const uint Red = 0xFFB71C1C;
    private const uint Light = 0xFFFFFFFF;
    private const uint Faint = 0xFF8A8A8A;

    /// <summary>
    /// The hand-made tuning set (35 pictures). The OCR settings (Sauvola threshold, reading dark
    /// pictures as negatives, no enlargement of 800 px pictures) were chosen on it, so its numbers
    /// are optimistic; <see cref="BuildHeldOut"/> measures fairly.
    /// </summary>
    public static IReadOnlyList<LabelledPicture> Build()
    {
        var list = new List<LabelledPicture>();
        var n = 0;
        void Add(string name, uint background, TextItem[] items, bool ai = false, params string[] expected) =>
            list.Add(new LabelledPicture(name, new TextPictureSpec(800, 600, background, items, ShapeSeed: ++n), ai, new HashSet<string>(expected)));
        static TextItem T(string text, string font, float size, float x = 40, float y = 300, float rotation = 0, uint color = Black) =>
            new(text, font, size, x, y, rotation, color);
        const string sans = TextPictures.DejaVuSans;
        const string bold = TextPictures.DejaVuSansBold;
        const string serif = TextPictures.DejaVuSerif;
        const string cjk = TextPictures.NotoSansCjk;
        const string cjkSerif = TextPictures.NotoSerifCjkBold;

        // Phone numbers
        Add("phone-cn-labelled", White, [T("Tel: +86 138 1234 5678", sans, 40)], false, FindingCodes.ContactPhone);
        Add("phone-cn-bare", Beige, [T("13812345678", bold, 44, 200, 500)], false, FindingCodes.ContactPhone);
        Add("phone-us", Grey, [T("Call +1 415 555 0123", serif, 36, 60, 120, 3)], false, FindingCodes.ContactPhone);
        Add("phone-landline-cjk", White, [T("客服电话 021-62345678", cjk, 38)], false, FindingCodes.ContactPhone);
        Add("phone-dark", Dark, [T("Hotline 400-820-8820", sans, 34, 50, 520, 0, Light)], false, FindingCodes.ContactPhone);
        // E-mail
        Add("email-plain", White, [T("sales@example.com", sans, 40)], false, FindingCodes.ContactEmail);
        Add("email-labelled", Beige, [T("Contact: lily.wang@shop-mail.cn", serif, 32, 30, 200, 0, Ink)], false, FindingCodes.ContactEmail);
        Add("email-rotated", White, [T("Email: info@factory.cn", sans, 36, 80, 300, -6)], false, FindingCodes.ContactEmail);
        // Messenger ids
        Add("wechat-cjk", White, [T("微信: shop_888", cjk, 40)], false, FindingCodes.ContactMessenger);
        Add("wechat-latin", Grey, [T("WeChat: lily2024", bold, 38, 60, 450)], false, FindingCodes.ContactMessenger);
        Add("vx", White, [T("VX: abc_123456", sans, 42, 300, 150, 0, Red)], false, FindingCodes.ContactMessenger);
        Add("qq", Beige, [T("QQ: 12345678", serif, 40)], false, FindingCodes.ContactMessenger);
        Add("whatsapp", White, [T("WhatsApp: +8613812345678", sans, 34)], false, FindingCodes.ContactMessenger, FindingCodes.ContactPhone);
        Add("wechat-same-number", White, [T("微信同号 13912345678", cjkSerif, 36)], false, FindingCodes.ContactMessenger, FindingCodes.ContactPhone);
        Add("wechat-dark", Dark, [T("WeChat ID: kevin_shop", sans, 36, 40, 100, 0, Light)], false, FindingCodes.ContactMessenger);
        // URLs
        Add("url-www", White, [T("www.best-shop.com", bold, 40)], false, FindingCodes.ContactUrl);
        Add("url-https", Grey, [T("https://shop.example.net/item", sans, 30, 40, 540)], false, FindingCodes.ContactUrl);
        // Watermarks
        Add("watermark-own-copyright", White, [T("© AE-1234567", sans, 30, 560, 570, 0, Faint)]);
        Add("watermark-own-plain", Beige, [T("AE-1234567", bold, 36, 40, 80)]);
        Add("watermark-other", White, [T("AE-7654321", sans, 32, 560, 570, 0, Faint)], false, FindingCodes.WatermarkOtherStore);
        Add("watermark-other-cjk", White, [T("店铺 AE-2345678 原创", cjk, 34, 300, 80)], false, FindingCodes.WatermarkOtherStore);
        Add("watermark-copyright-no-id", White, [T("© 2024 Sunny Studio", serif, 34, 420, 560, 0, Faint)], false, FindingCodes.WatermarkWithoutStoreId);
        Add("watermark-photo-by", Grey, [T("Photo by Lily Chen", sans, 32, 40, 560, -3)], false, FindingCodes.WatermarkWithoutStoreId);
        Add("watermark-cjk-copyright", White, [T("版权所有 盗图必究", cjk, 36, 200, 300, 0, Faint)], false, FindingCodes.WatermarkWithoutStoreId);
        // AI label
        Add("ai-labelled", White, [T("AI Generated", sans, 28, 600, 580)], true);
        Add("ai-labelled-bold-rotated", Beige, [T("Summer Dress", serif, 40, 40, 100), T("AI Generated", bold, 30, 40, 540, 4)], true);
        Add("ai-unlabelled", White, [T("Cotton T-shirt", sans, 40)], true, FindingCodes.AiLabelMissing);
        Add("ai-unlabelled-blank", Grey, [], true, FindingCodes.AiLabelMissing);
        Add("ai-labelled-dark", Dark, [T("AI Generated", sans, 32, 560, 570, 0, Light)], true);
        // Nothing to find
        Add("clean-cotton", White, [T("100% Cotton", bold, 44, 40, 100), T("Size: M L XL", sans, 36, 40, 500)]);
        Add("clean-cjk", Beige, [T("纯棉T恤 舒适透气", cjk, 42)]);
        Add("clean-date", White, [T("New Arrival 2024-05-01", serif, 38)]);
        Add("clean-dimensions", Grey, [T("Weight 1.5 kg, 30 x 40 cm", sans, 34, 40, 200)]);
        Add("clean-price", White, [T("包邮 限时特价 ¥199", cjkSerif, 40)]);
        Add("clean-blank", White, []);
        return list;
    }

    /// <summary>
    /// A held-out set generated from a seed with other texts, fonts, sizes (20–44 px), colours,
    /// positions and rotations (±8°) than the tuning set; nothing was tuned on it.
    /// </summary>
    public static IReadOnlyList<LabelledPicture> BuildHeldOut(int seed = 2026, int perKind = 3)
    {
        var random = new Random(seed);
        string[] latinFonts = [TextPictures.DejaVuSans, TextPictures.DejaVuSansBold, TextPictures.DejaVuSerif, TextPictures.NotoSansCjk];
        string[] cjkFonts = [TextPictures.NotoSansCjk, TextPictures.NotoSerifCjkBold];
        (uint Background, uint Text)[] palettes =
        [
            (White, Black), (Grey, Ink), (Beige, Red), (0xFFDDE7F0, 0xFF333333), (Dark, Light), (0xFF0D3B66, 0xFFF4D35E), (White, Faint),
        ];
        string Digits(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + random.Next(10))));
        string Pick(params string[] options) => options[random.Next(options.Length)];
        string Name() => Pick("anna", "mike", "chen.li", "sunny_home", "best.deal", "zhang88", "rosa");
        string Mobile() => "1" + Pick("3", "5", "7", "8", "9") + Digits(9);
        string Spaced(string m) => $"{m[..3]} {m[3..7]} {m[7..]}";

        (string Kind, bool Ai, string[] Codes, Func<string> Text, bool Cjk)[] kinds =
        [
            ("phone", false, [FindingCodes.ContactPhone], () => Pick($"Tel {Spaced(Mobile())}", $"+49 30 {Digits(4)} {Digits(4)}", $"Mobile: {Mobile()}", $"+86-{Mobile()}"), false),
            ("phone-cjk", false, [FindingCodes.ContactPhone], () => Pick($"电话: 0755-{Digits(8)}", $"手机 {Mobile()}", $"热线 400-{Digits(3)}-{Digits(4)}"), true),
            ("email", false, [FindingCodes.ContactEmail], () => Pick($"{Name()}@{Pick("gmail.com", "163.com", "qq.com", "outlook.com")}", $"E-mail: {Name()}@shop{Digits(2)}.net"), false),
            ("wechat", false, [FindingCodes.ContactMessenger], () => Pick($"WeChat {Name()}{Digits(2)}", $"VX: {Name()}_{Digits(3)}"), false),
            ("wechat-cjk", false, [FindingCodes.ContactMessenger], () => Pick($"微信号: {Name()}{Digits(3)}", $"加微信 {Name()}{Digits(2)}"), true),
            ("qq", false, [FindingCodes.ContactMessenger], () => $"QQ {Digits(random.Next(6, 11)).TrimStart('0').PadLeft(6, '8')}", false),
            ("url", false, [FindingCodes.ContactUrl], () => Pick($"www.{Name().Replace('.', '-').Replace('_', '-')}.cn", $"http://{Name().Replace('.', '-').Replace('_', '-')}-store.com/shop"), false),
            ("watermark-other", false, [FindingCodes.WatermarkOtherStore], () => Pick($"AE-{Digits(7)}", $"© AE-{Digits(7)}"), false),
            ("watermark-no-id", false, [FindingCodes.WatermarkWithoutStoreId], () => Pick($"© 20{Digits(2)} {Pick("Lucky", "Moon", "Star")} Photo", "Copyright Fashion House"), false),
            ("watermark-own", false, [], () => Pick(OwnStoreId, $"© {OwnStoreId}"), false),
            ("ai-labelled", true, [], () => "AI Generated", false),
            ("ai-unlabelled", true, [FindingCodes.AiLabelMissing], () => Pick("Elegant Evening Gown", "Wireless Earbuds", "Leather Handbag"), false),
            ("clean", false, [], () => Pick("Free Shipping", "Waterproof IP68", "Size 35-42", "Made in 2023", "Pack of 12", "Only $19.99"), false),
            ("clean-cjk", false, [], () => Pick("新款上市 限量发售", "加厚保暖 冬季必备", "满199减20", "尺码 S M L"), true),
        ];

        var list = new List<LabelledPicture>();
        foreach (var kind in kinds)
        {
            for (var i = 0; i < perKind; i++)
            {
                var text = kind.Text();
                var (background, ink) = palettes[random.Next(palettes.Length)];
                var fonts = kind.Cjk ? cjkFonts : latinFonts;
                var font = fonts[random.Next(fonts.Length)];
                var size = random.Next(20, 45);
                // Rough width check keeps the text inside the picture: CJK glyphs are about one em, Latin about 0.62 em.
                var width = text.Sum(c => c > 0x2E80 ? size : size * 0.62f);
                var x = (float)(10 + (random.NextDouble() * Math.Max(0, 780 - width)));
                var y = (float)(size + 20 + (random.NextDouble() * (560 - size - 20)));
                var rotation = (float)((random.NextDouble() * 16) - 8);
                TextItem[] items = kind.Kind == "ai-labelled"
                    ? [new(Pick("Elegant Evening Gown", "Wireless Earbuds"), fonts[0], 36, 40, 80, 0, ink), new(text, font, size, x, Math.Max(y, 200), rotation, ink)]
                    : [new(text, font, size, x, y, rotation, ink)];
                list.Add(new LabelledPicture(
                    string.Create(CultureInfo.InvariantCulture, $"{kind.Kind}-{i + 1}"),
                    new TextPictureSpec(800, 600, background, items, ShapeSeed: random.Next()),
                    kind.Ai,
                    new HashSet<string>(kind.Codes)));
            }
        }
        return list;
    }
}

/// <summary>How one check did on the labelled set.</summary>
/// <param name="Code">The finding code.</param>
/// <param name="Positives">Pictures where the finding is right.</param>
/// <param name="Found">Of those, how many got it.</param>
/// <param name="Negatives">Pictures where it is wrong.</param>
/// <param name="FalseAlarms">Of those, how many got it anyway.</param>
public sealed record CheckScore(string Code, int Positives, int Found, int Negatives, int FalseAlarms)
{
    /// <summary>Positives not found.</summary>
    public int Missed => Positives - Found;

    /// <summary>Pictures the check got right (found where due, silent where not).</summary>
    public int Right => Found + (Negatives - FalseAlarms);
}

/// <summary>One wrong answer on the labelled set.</summary>
/// <param name="Picture">The picture's name.</param>
/// <param name="Code">The finding code.</param>
/// <param name="Missed">True for a miss, false for a false alarm.</param>
/// <param name="OcrText">What OCR read.</param>
public sealed record CheckMistake(string Picture, string Code, bool Missed, string OcrText);

/// <summary>Runs the picture text checks over a labelled set.</summary>
public static class CheckMeasurement
{
    /// <summary>OCRs and checks every picture, one at a time, and scores each measured code.</summary>
    public static async Task<(IReadOnlyList<CheckScore> Scores, IReadOnlyList<CheckMistake> Mistakes)> RunAsync(
        ITextReader reader, IReadOnlyList<LabelledPicture> pictures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(pictures);
        var got = new List<(LabelledPicture Picture, HashSet<string> Codes, string Text)>();
        foreach (var picture in pictures)
        {
            var png = TextPictures.DrawPng(picture.Spec);
            var text = await reader.ReadAsync(png, cancellationToken).ConfigureAwait(false);
            var findings = PictureTextCheck.Check(text, new PictureTextRules(picture.Name, LabelledTextPictureSet.OwnStoreId, picture.AiGenerated));
            got.Add((picture, findings.Select(f => f.Code).ToHashSet(StringComparer.Ordinal), text.Text.Replace('\n', ' ')));
        }
        var scores = new List<CheckScore>();
        var mistakes = new List<CheckMistake>();
        foreach (var code in LabelledTextPictureSet.MeasuredCodes)
        {
            int positives = 0, found = 0, negatives = 0, falseAlarms = 0;
            foreach (var (picture, codes, text) in got)
            {
                var expected = picture.Expected.Contains(code);
                var actual = codes.Contains(code);
                if (expected)
                {
                    positives++;
                    found += actual ? 1 : 0;
                }
                else
                {
                    negatives++;
                    falseAlarms += actual ? 1 : 0;
                }
                if (expected != actual)
                {
                    mistakes.Add(new CheckMistake(picture.Name, code, expected, text));
                }
            }
            scores.Add(new CheckScore(code, positives, found, negatives, falseAlarms));
        }
        return (scores, mistakes);
    }
}
