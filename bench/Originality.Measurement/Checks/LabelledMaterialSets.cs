using System.Globalization;
using Originality.Engine.Checks;

namespace Originality.Measurement.Checks;

/// <summary>One labelled input of a check that needs no OCR, with the findings that are right for it.</summary>
/// <param name="Name">Short name for reports.</param>
/// <param name="Input">The input as text for the mistakes list (the reason, the EXIF tags, the SKUs).</param>
/// <param name="Expected">The finding codes that are right for it.</param>
/// <param name="Run">Runs the check on the input.</param>
public sealed record LabelledCase(string Name, string Input, IReadOnlySet<string> Expected, Func<IReadOnlyList<CheckFinding>> Run);

/// <summary>
/// Small labelled sets for the checks that need no OCR: boilerplate reasons (V-6), source-file
/// EXIF (V-5) and SKU/category/licence materials (V-5). Each has a hand-made tuning part and a
/// held-out part generated from a seed with other phrasings and values; the checks were not
/// changed to fit the held-out part. Deterministic.
/// </summary>
public static class LabelledMaterialSets
{
    /// <summary>Codes measured on the reason sets.</summary>
    public static IReadOnlyList<string> ReasonCodes { get; } = [FindingCodes.ReasonBoilerplate];

    /// <summary>Codes measured on the EXIF sets.</summary>
    public static IReadOnlyList<string> ExifCodes { get; } =
        [FindingCodes.SourceWithoutExif, FindingCodes.SourceEditedOrScreenshot, FindingCodes.SourceExifIncomplete, FindingCodes.SourceTakenAfterClaim];

    /// <summary>Codes measured on the material sets.</summary>
    public static IReadOnlyList<string> MaterialCodes { get; } =
        [FindingCodes.SkuNotReplaced, FindingCodes.AuthorizationOtherCategory, FindingCodes.AiLicenceMissing, FindingCodes.StockWithoutLicence];

    /// <summary>The date the EXIF cases claim the picture already existed: 2024-06-01 00:00 +08:00.</summary>
    public static DateTimeOffset ClaimedExistingBy { get; } = new(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    private static LabelledCase Reason(string name, string reason, bool boilerplate) =>
        new(name, reason, boilerplate ? new HashSet<string> { FindingCodes.ReasonBoilerplate } : new HashSet<string>(), () => ReasonTextCheck.Check(reason));

    /// <summary>Hand-made reasons: 15 boilerplate and 15 concrete per language (60 in all).</summary>
    public static IReadOnlyList<LabelledCase> ReasonsTuning()
    {
        string[] zhBoilerplate =
        [
            "我司高度重视，深表歉意",
            "我司高度重视此事，深表歉意，今后一定注意。",
            "我们高度重视，非常抱歉，给您带来的不便敬请谅解。",
            "深表歉意！我们会加强内部管理，杜绝此类问题，恳请平台给予一次机会。",
            "非常抱歉，以后一定注意，保证不再犯，谢谢审核。",
            "我司已深刻认识到错误，认真整改，严格遵守平台规则，恳请审核通过。",
            "十分抱歉，我们非常重视，会立即整改，请谅解。",
            "深感歉意，今后会注意，不会再发生，感谢平台。",
            "我们已深刻认识到错误，深刻反省，望平台给予再给一次机会。",
            "本店高度重视此次违规，深表歉意，申请恢复，谢谢！",
            "非常重视，深感抱歉，严格遵守平台规定，请求恢复。",
            "我们十分重视，积极整改，加强审核，恳请通过，谢谢。",
            "诚恳地向平台道歉，深表歉意，望批准。",
            "我司高度重视，给您带来不便深感抱歉，今后一定注意，感谢您的理解。",
            "此次违规我们非常抱歉，保证不再犯，予以恢复，谢谢。",
        ];
        string[] zhConcrete =
        [
            "图3包装上的电话已删除",
            "主图右下角的水印已改为店铺ID，模特授权书见附件",
            "我司高度重视，深表歉意。4个SKU的主图已全部重拍，原图EXIF显示拍摄于2024年5月。",
            "详情页第二张图里的微信号已经去掉，换成了自己拍的产品图。",
            "原图由摄影师王磊在杭州工作室拍摄，RAW文件已上传。",
            "非常抱歉。红色和蓝色两个SKU的图片都换成了新拍的白底图。",
            "被判定侵权的模特图已全部下架，新图是我们仓库实拍。",
            "附件是场景授权书，授权类目为女装连衣裙，和商品类目一致。",
            "主图中他人品牌的标志已用新拍摄的图片替换，拍摄日期2024年4月12日。",
            "深表歉意。AI生成的背景图已加上AI Generated标识，并附上Midjourney商业授权。",
            "第1到第5张图是我们自己的工厂车间拍摄，附视频和原始文件。",
            "图2的网址水印已去掉，重新导出时保留了相机EXIF。",
            "我们重新拍摄了全部8张详情图，使用佳能EOS R6，原始文件见附件。",
            "库存图片的购买凭证和授权已上传，图片来自站酷海洛。",
            "谢谢审核。白色款SKU的主图原来用了别家店的图，现已换成自拍的图片。",
        ];
        string[] enBoilerplate =
        [
            "We attach great importance and deeply apologize.",
            "We attach great importance to this matter and we deeply apologize. It will not happen again. Thank you!",
            "We deeply apologize for the inconvenience. Please restore our product.",
            "We sincerely apologize. We will strengthen our management. Thank you for your understanding.",
            "Sorry for the inconvenience, we will strictly abide by the platform rules. Thanks.",
            "We are very sorry. This will not happen again. Please kindly restore.",
            "We attach great importance to this. We apologize for any inconvenience caused. Best regards.",
            "We have realized our mistake and we promise it will not happen again.",
            "Dear reviewer, we are sorry, we will comply with the rules. Kind regards.",
            "We deeply apologise. We hope you can approve. Thank you very much.",
            "We sincerely apologize for the inconvenience. We will strengthen management. Please restore the product.",
            "We apologize. We guarantee this will not happen again. Thanks.",
            "Our company attaches great importance to this issue, we are very sorry, please restore.",
            "We will strictly comply with the platform rules and we deeply apologize. Thank you.",
            "We hope the platform can approve, we will pay more attention in the future. Thank you!",
        ];
        string[] enConcrete =
        [
            "The phone number on the box in picture 3 was removed and all 4 SKU pictures were reshot.",
            "Logo of brand X removed from SKU-RED and SKU-BLUE.",
            "We deeply apologize. The main picture was replaced by a photo our photographer Tom Lee took in our Shenzhen studio; RAW files attached.",
            "The WeChat id in the second detail picture has been cropped out and the picture re-exported from the original.",
            "All 6 detail pictures were shot again on 12 April 2024 with a Sony A7 IV; the original files are attached.",
            "The watermark of the other store was removed; our own store id AE-1234567 is now in the corner.",
            "Sorry. The model release signed by Anna Kim for dresses is attached and matches the product category.",
            "The background of pictures 1-3 was made with Midjourney; we added the AI Generated label and attached the commercial licence.",
            "Stock photo licence from Shutterstock for image 448812 is attached.",
            "Thank you. The green and black variants now have their own photos taken in our warehouse.",
            "The website address printed on the packaging was covered and the packaging photographed again.",
            "Picture 5 was copied from a supplier catalogue; it is replaced with our own shot of the same kettle.",
            "Our factory workers are shown in the new pictures; their signed consent forms are attached.",
            "The email address in the size chart was deleted and the chart redrawn by our designer.",
            "We apologize. Lighting of the new main photo differs because it was shot outdoors in Hangzhou on 3 May.",
        ];
        var list = new List<LabelledCase>();
        list.AddRange(zhBoilerplate.Select((r, i) => Reason(Invariant($"zh-boilerplate-{i + 1}"), r, true)));
        list.AddRange(zhConcrete.Select((r, i) => Reason(Invariant($"zh-concrete-{i + 1}"), r, false)));
        list.AddRange(enBoilerplate.Select((r, i) => Reason(Invariant($"en-boilerplate-{i + 1}"), r, true)));
        list.AddRange(enConcrete.Select((r, i) => Reason(Invariant($"en-concrete-{i + 1}"), r, false)));
        return list;
    }

    /// <summary>
    /// Generated reasons, <paramref name="perKind"/> of each kind (zh/en × boilerplate/concrete):
    /// boilerplate from polite sentences worded otherwise than the tuning set (many not in the
    /// check's phrase list), concrete from templates with random pictures, items, people and dates,
    /// half of them wrapped in polite sentences.
    /// </summary>
    public static IReadOnlyList<LabelledCase> ReasonsHeldOut(int seed = 2026, int perKind = 8)
    {
        var random = new Random(seed);
        string Pick(params string[] options) => options[random.Next(options.Length)];
        string[] zhPolite =
        [
            "对于此次问题我们非常重视", "向平台表示诚挚的歉意", "我们一定吸取教训", "今后会更加规范经营", "请平台再给我们一个机会",
            "我们已经认识到问题的严重性", "十分感谢平台的监督", "我们会认真学习平台规则", "给平台添麻烦了，实在抱歉", "恳请恢复商品",
            "以后不会再出现类似情况", "希望平台能够理解", "我们保证规范上架", "衷心感谢",
        ];
        string[] enPolite =
        [
            "We take this very seriously", "Please accept our sincere apologies", "We have learned our lesson",
            "We will be more careful from now on", "Please give us another chance", "We are truly sorry for this",
            "We appreciate the platform's supervision", "We will study the platform rules carefully", "Kindly reinstate our listing",
            "Such a thing will never happen again", "We hope for your understanding", "Many thanks for your help",
        ];
        string Polite(string[] pool, string separator, int min, int max) =>
            string.Join(separator, pool.OrderBy(_ => random.Next()).Take(random.Next(min, max + 1)));
        string ZhFact() => Pick(
            $"第{random.Next(1, 9)}张图中的{Pick("电话号码", "二维码", "微信号", "网址")}已经删除",
            $"{Pick("黑色", "白色", "粉色", "灰色")}款SKU的图片已由{Pick("摄影师李娜", "运营小张", "我们的美工")}重新拍摄",
            $"新主图在{Pick("广州", "义乌", "苏州")}自有仓库拍摄，原始文件拍摄于2024年{random.Next(1, 6)}月{random.Next(1, 28)}日",
            $"附件是{Pick("模特", "场景")}授权书，授权类目为{Pick("童装", "家居", "箱包")}，与商品类目相同",
            $"原先使用的{Pick("供应商", "同行")}图片共{random.Next(2, 7)}张，已全部换成实拍图");
        string EnFact() => Pick(
            Invariant($"The {Pick("QR code", "phone number", "shop address", "Instagram handle")} in picture {random.Next(1, 9)} has been removed"),
            $"The {Pick("navy", "beige", "silver", "large")} variant was photographed again by {Pick("our photographer Maria", "Ken from our team", "a hired studio in Ningbo")}",
            Invariant($"Pictures {random.Next(1, 4)} to {random.Next(4, 9)} were taken with a {Pick("Nikon Z6", "Canon R5", "Pixel 8")} on {random.Next(1, 28)} March 2024; originals attached"),
            $"The {Pick("scene", "model")} authorization covering {Pick("toys", "kitchenware", "sportswear")} is attached and matches this listing",
            Invariant($"{random.Next(2, 7)} photos borrowed from the supplier were swapped for our own shots of the {Pick("lamp", "backpack", "mug")}"));
        var list = new List<LabelledCase>();
        for (var i = 0; i < perKind; i++)
        {
            list.Add(Reason(Invariant($"zh-boilerplate-{i + 1}"), Polite(zhPolite, "，", 2, 4) + "。", true));
        }
        for (var i = 0; i < perKind; i++)
        {
            var fact = ZhFact();
            list.Add(Reason(Invariant($"zh-concrete-{i + 1}"), i % 2 == 0 ? fact + "。" : Polite(zhPolite, "，", 1, 2) + "。" + fact + "。", false));
        }
        for (var i = 0; i < perKind; i++)
        {
            list.Add(Reason(Invariant($"en-boilerplate-{i + 1}"), Polite(enPolite, ". ", 2, 4) + ".", true));
        }
        for (var i = 0; i < perKind; i++)
        {
            var fact = EnFact();
            list.Add(Reason(Invariant($"en-concrete-{i + 1}"), i % 2 == 0 ? fact + "." : Polite(enPolite, ". ", 1, 2) + ". " + fact + ".", false));
        }
        return list;
    }

    private static LabelledCase Exif(string name, ExifJpegBuilder? builder, int width, int height, uint color, params string[] expected)
    {
        var file = builder is null ? ExifJpegBuilder.PlainJpeg(width, height, color) : builder.Picture(width, height, color).Build();
        var exif = SourceExif.Read(file);
        var input = exif.HasExif
            ? $"Make={exif.Make} Model={exif.Model} Software={exif.Software} DateTimeOriginal={exif.TakenAt?.ToString("s", CultureInfo.InvariantCulture)} Offset={exif.TakenAtOffset}"
            : "no EXIF";
        return new LabelledCase(name, input, new HashSet<string>(expected), () => SourceFileCheck.Check(name + ".jpg", file, ClaimedExistingBy));
    }

    /// <summary>Hand-made real JPEGs (12): complete camera EXIF, none, editor/screenshot Software, incomplete, taken after the claim.</summary>
    public static IReadOnlyList<LabelledCase> ExifTuning() =>
    [
        Exif("iphone-complete", ExifJpegBuilder.PhonePhoto(), 120, 90, 0xFF7A9CC6),
        Exif("canon-complete", new ExifJpegBuilder().Camera("Canon", "Canon EOS R6").Software("Firmware Version 1.8.1").TakenAt("2024:03:10 14:22:05"), 160, 120, 0xFF556B2F),
        Exif("huawei-complete", new ExifJpegBuilder().Camera("HUAWEI", "ELS-AN00").TakenAt("2024:05:30 09:12:44", "+08:00"), 96, 128, 0xFFD2B48C),
        Exif("lightroom-developed", new ExifJpegBuilder().Camera("SONY", "ILCE-7M4").Software("Adobe Lightroom Classic 13.2 (Windows)").TakenAt("2024:02:01 11:00:00"), 140, 100, 0xFF8B4513),
        Exif("no-exif-screenshot", null, 180, 320, 0xFFF0F0F0, FindingCodes.SourceWithoutExif),
        Exif("no-exif-resaved", null, 200, 150, 0xFF336699, FindingCodes.SourceWithoutExif),
        Exif("photoshop", ExifJpegBuilder.PhonePhoto().Software("Adobe Photoshop 25.0 (Windows)"), 120, 90, 0xFFAA3344, FindingCodes.SourceEditedOrScreenshot),
        Exif("snipaste", new ExifJpegBuilder().Software("Snipaste"), 150, 100, 0xFFEEEEEE, FindingCodes.SourceEditedOrScreenshot, FindingCodes.SourceExifIncomplete),
        Exif("meitu", ExifJpegBuilder.PhonePhoto().Software("美图秀秀"), 100, 100, 0xFFFFC0CB, FindingCodes.SourceEditedOrScreenshot),
        Exif("software-only", new ExifJpegBuilder().Software("17.1"), 64, 64, 0xFF999999, FindingCodes.SourceExifIncomplete),
        Exif("after-claim-offset", ExifJpegBuilder.PhonePhoto().TakenAt("2024:07:15 09:00:00", "+08:00"), 120, 90, 0xFF2E8B57, FindingCodes.SourceTakenAfterClaim),
        Exif("after-claim-no-offset", new ExifJpegBuilder().Camera("NIKON CORPORATION", "NIKON Z 6_2").TakenAt("2024:06:20 08:00:00"), 150, 100, 0xFF4682B4, FindingCodes.SourceTakenAfterClaim),
    ];

    /// <summary>
    /// Generated real JPEGs, <paramref name="perKind"/> of each kind, with other cameras, tools,
    /// dates and sizes than the tuning set.
    /// </summary>
    public static IReadOnlyList<LabelledCase> ExifHeldOut(int seed = 2026, int perKind = 2)
    {
        var random = new Random(seed);
        string Pick(params string[] options) => options[random.Next(options.Length)];
        (string Make, string Model)[] cameras =
            [("Xiaomi", "23127PN0CC"), ("samsung", "SM-S9180"), ("FUJIFILM", "X-T5"), ("OPPO", "PHZ110"), ("Panasonic", "DC-S5M2"), ("Google", "Pixel 8 Pro")];
        string[] editors = ["GIMP 2.10.36", "Canva", "PicsArt", "Snagit 2024", "ShareX", "Windows Snipping Tool", "Greenshot", "Fotor", "醒图", "Meitu"];
        string Before() => Invariant($"2024:{random.Next(1, 5):00}:{random.Next(1, 28):00} {random.Next(0, 24):00}:{random.Next(0, 60):00}:{random.Next(0, 60):00}");
        string After() => Invariant($"{Pick("2024", "2025")}:{random.Next(7, 13):00}:{random.Next(1, 28):00} {random.Next(0, 24):00}:{random.Next(0, 60):00}:00");
        ExifJpegBuilder Camera()
        {
            var (make, model) = cameras[random.Next(cameras.Length)];
            return new ExifJpegBuilder().Camera(make, model);
        }
        var kinds = new (string Kind, Func<ExifJpegBuilder?> Build, string[] Codes)[]
        {
            ("complete", () => random.Next(2) == 0 ? Camera().TakenAt(Before()) : Camera().TakenAt(Before(), Pick("+08:00", "+02:00", "-05:00")), []),
            ("no-exif", () => null, [FindingCodes.SourceWithoutExif]),
            ("editor", () => Camera().Software(editors[random.Next(editors.Length)]).TakenAt(Before()), [FindingCodes.SourceEditedOrScreenshot]),
            ("no-camera", () => new ExifJpegBuilder().TakenAt(Before()), [FindingCodes.SourceExifIncomplete]),
            ("no-time", () => Camera(), [FindingCodes.SourceExifIncomplete]),
            ("after-claim", () => random.Next(2) == 0 ? Camera().TakenAt(After()) : Camera().TakenAt(After(), Pick("+08:00", "+09:00")), [FindingCodes.SourceTakenAfterClaim]),
        };
        var list = new List<LabelledCase>();
        foreach (var (kind, build, codes) in kinds)
        {
            for (var i = 0; i < perKind; i++)
            {
                var color = 0xFF000000 | (uint)random.Next(0x1000000);
                list.Add(Exif(Invariant($"{kind}-{i + 1}"), build(), random.Next(48, 240), random.Next(48, 240), color, codes));
            }
        }
        return list;
    }

    private static LabelledCase Material(string name, string input, Func<IReadOnlyList<CheckFinding>> run, params string[] expected) =>
        new(name, input, new HashSet<string>(expected), run);

    private static LabelledCase Skus(string name, string[] product, string[] replaced, bool missing) =>
        Material(name, $"product [{string.Join(", ", product)}] replaced [{string.Join(", ", replaced)}]",
            () => MaterialChecks.MissingSkus(product, replaced), missing ? [FindingCodes.SkuNotReplaced] : []);

    private static LabelledCase Authorizations(string name, string category, AuthorizationDocument[] documents, bool other) =>
        Material(name, $"category {category}; " + string.Join("; ", documents.Select(d => $"{d.Kind} for {d.Category}")),
            () => MaterialChecks.AuthorizationsForOtherCategories(category, documents), other ? [FindingCodes.AuthorizationOtherCategory] : []);

    private static LabelledCase Licences(string name, bool ai, bool stock, string[] kinds) =>
        Material(name, $"ai={ai} stock={stock} licences [{string.Join(", ", kinds)}]",
            () => MaterialChecks.MissingLicences(ai, stock, kinds.Select(k => new AuthorizationDocument(k + ".pdf", k, "any"))),
            [.. (ai && !kinds.Contains(AuthorizationDocument.AiCommercialKind) ? new[] { FindingCodes.AiLicenceMissing } : []),
             .. (stock && !kinds.Contains(AuthorizationDocument.StockKind) ? new[] { FindingCodes.StockWithoutLicence } : [])]);

    /// <summary>Hand-made SKU, category and licence cases (12).</summary>
    public static IReadOnlyList<LabelledCase> MaterialsTuning() =>
    [
        Skus("all-skus", ["RED-S", "RED-M", "BLUE-S"], ["RED-S", "RED-M", "BLUE-S"], false),
        Skus("main-picture-only", ["RED-S", "RED-M", "BLUE-S"], ["RED-S"], true),
        Skus("skus-with-spaces", [" RED-S", "RED-M "], ["RED-S", "RED-M"], false),
        Skus("one-sku-missing", ["A1", "A2", "A3", "A4"], ["A1", "A2", "A4"], true),
        Authorizations("same-category", "Women's Dresses", [new("model.pdf", "model", "Women's Dresses")], false),
        Authorizations("same-category-other-case", "Women's Dresses", [new("model.pdf", "model", " women's dresses ")], false),
        Authorizations("other-category", "Women's Dresses", [new("scene.pdf", "scene", "Home Decor")], true),
        Authorizations("stock-licence-any-category", "Toys", [new("stock.pdf", "stock", "Everything")], false),
        Licences("ai-with-licence", true, false, ["ai-commercial"]),
        Licences("ai-without-licence", true, false, ["model"]),
        Licences("stock-without-licence", false, true, []),
        Licences("nothing-needed", false, false, []),
    ];

    private static readonly string[] LicenceKinds = [AuthorizationDocument.AiCommercialKind, AuthorizationDocument.StockKind, "model"];

    /// <summary>Generated SKU, category and licence cases, <paramref name="count"/> of each kind.</summary>
    public static IReadOnlyList<LabelledCase> MaterialsHeldOut(int seed = 2026, int count = 4)
    {
        var random = new Random(seed);
        string[] categories = ["Kitchenware", "Men's Shoes", "Pet Supplies", "Phone Cases", "Bedding"];
        var list = new List<LabelledCase>();
        for (var i = 0; i < count; i++)
        {
            var product = Enumerable.Range(1, random.Next(2, 7)).Select(n => Invariant($"SKU-{random.Next(100, 999)}-{n}")).ToArray();
            var dropped = random.Next(product.Length);
            var missing = i % 2 == 1;
            var replaced = missing ? product.Where((_, k) => k != dropped).ToArray() : product.Select(s => random.Next(3) == 0 ? " " + s : s).Reverse().ToArray();
            list.Add(Skus(Invariant($"skus-{i + 1}"), product, replaced, missing));
        }
        for (var i = 0; i < count; i++)
        {
            var category = categories[random.Next(categories.Length)];
            var other = i % 2 == 1;
            var granted = other ? categories.First(c => c != category) : (random.Next(2) == 0 ? category.ToUpperInvariant() : category + " ");
            list.Add(Authorizations(Invariant($"authorization-{i + 1}"), category, [new("auth.pdf", random.Next(2) == 0 ? "model" : "third-party", granted)], other));
        }
        for (var i = 0; i < count; i++)
        {
            // Alternate AI and stock pictures; the first two cases carry the needed licence, the last two do not.
            var ai = i % 2 == 0;
            var stock = !ai || random.Next(2) == 0;
            var licensed = i < count / 2;
            string[] kinds = [.. LicenceKinds.Where(k => licensed ? k != "model" || random.Next(2) == 0 : k == "model" && random.Next(2) == 0)];
            list.Add(Licences(Invariant($"licences-{i + 1}"), ai, stock, kinds));
        }
        return list;
    }

    /// <summary>Runs every case and scores each code the same way as the picture checks.</summary>
    public static (IReadOnlyList<CheckScore> Scores, IReadOnlyList<CheckMistake> Mistakes) Measure(IReadOnlyList<LabelledCase> cases, IReadOnlyList<string> codes)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(codes);
        var got = cases.Select(c => (Case: c, Codes: c.Run().Select(f => f.Code).ToHashSet(StringComparer.Ordinal))).ToList();
        var scores = new List<CheckScore>();
        var mistakes = new List<CheckMistake>();
        foreach (var code in codes)
        {
            int positives = 0, found = 0, negatives = 0, falseAlarms = 0;
            foreach (var (c, actualCodes) in got)
            {
                var expected = c.Expected.Contains(code);
                var actual = actualCodes.Contains(code);
                positives += expected ? 1 : 0;
                found += expected && actual ? 1 : 0;
                negatives += expected ? 0 : 1;
                falseAlarms += !expected && actual ? 1 : 0;
                if (expected != actual)
                {
                    mistakes.Add(new CheckMistake(c.Name, code, expected, c.Input));
                }
            }
            scores.Add(new CheckScore(code, positives, found, negatives, falseAlarms));
        }
        return (scores, mistakes);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
