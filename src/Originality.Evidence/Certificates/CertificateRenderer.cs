using System.Globalization;
using System.Net;
using System.Text;

namespace Originality.Evidence;

/// <summary>
/// The human-readable page of a filing certificate: thumbnail, filing time in Beijing time and
/// UTC, the hashes, and how to check it all without trusting the platform.
/// </summary>
public static class CertificateRenderer
{
    private static readonly TimeZoneInfo Beijing = FindBeijing();

    /// <summary>
    /// A complete HTML document for <paramref name="certificate"/>. <paramref name="thumbnailDataUri"/>
    /// is a <c>data:image/...</c> URI of the picture's thumbnail, or null for a placeholder;
    /// <paramref name="certificateUrl"/> and <paramref name="publicKeyUrl"/> are shown as download links when given.
    /// </summary>
    public static string RenderHtml(FilingCertificate certificate, string? thumbnailDataUri, string? certificateUrl = null, string? publicKeyUrl = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var record = certificate.Record;
        var head = certificate.TreeHead;
        var utc = record.FiledAt.UtcDateTime;
        var beijing = TimeZoneInfo.ConvertTimeFromUtc(utc, Beijing);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>Filing certificate #{record.Sequence} / 首次备案证明</title>\n");
        html.Append("<style>body{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
            + "table{border-collapse:collapse}th{text-align:left;padding:.25rem 1rem .25rem 0;vertical-align:top}"
            + "td{padding:.25rem 0}code{word-break:break-all;font-size:.9em}"
            + ".thumb{width:12rem;height:12rem;object-fit:contain;border:1px solid #ccc;display:flex;align-items:center;justify-content:center;color:#888}</style>\n");
        html.Append("</head>\n<body>\n");
        html.Append("<h1>Filing certificate / 首次备案证明</h1>\n");
        if (thumbnailDataUri is not null && thumbnailDataUri.StartsWith("data:image/", StringComparison.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<img class=\"thumb\" alt=\"Filed picture\" src=\"{Encode(thumbnailDataUri)}\">\n");
        }
        else
        {
            html.Append("<div class=\"thumb\" role=\"img\" aria-label=\"No thumbnail\">no thumbnail</div>\n");
        }
        html.Append("<table>\n");
        Row(html, "Filing number / 备案序号", Text(record.Sequence.ToString(CultureInfo.InvariantCulture)));
        Row(html, "Member / 会员", Text(record.MemberId));
        Row(html, "Store / 店铺", Text(record.StoreId));
        Row(html, "Folder / 文件夹", Text(record.Folder));
        Row(html, "Filed at (Beijing time) / 备案时间（北京时间）", Text(beijing.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " (UTC+8)"));
        Row(html, "Filed at (UTC)", Text(EvidenceJson.FormatInstant(record.FiledAtUnixMilliseconds)));
        Row(html, "Picture SHA-256 / 图片哈希", Code(record.ContentSha256Hex));
        Row(html, "Fingerprint (PDQ) / 感知指纹", Code(record.FingerprintHex));
        Row(html, "Leaf hash / 叶哈希", Code(Hex.Encode(record.LeafHash())));
        Row(html, "Log position / 日志位置", Text(string.Create(CultureInfo.InvariantCulture, $"leaf {certificate.LeafIndex} of {head.Size}")));
        Row(html, "Signed root / 签名根哈希", Code(head.Head.RootHashHex));
        Row(html, "Tree head time (UTC)", Text(EvidenceJson.FormatInstant(head.Head.TimestampUnixMilliseconds)));
        Row(html, "Signing key id / 签名密钥", Code(head.KeyId));
        Row(html, "Signature / 签名", Code(head.SignatureHex));
        html.Append("</table>\n");
        html.Append("<h2>How to verify / 如何验证</h2>\n<ol>\n");
        html.Append("<li>Download the certificate (JSON)");
        if (certificateUrl is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $": <a href=\"{Encode(certificateUrl)}\">certificate.json</a>");
        }
        html.Append(" and the platform's public key");
        if (publicKeyUrl is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $": <a href=\"{Encode(publicKeyUrl)}\">public-key.pem</a>");
        }
        html.Append(CultureInfo.InvariantCulture, $"; check that the key id is <code>{Encode(head.KeyId)}</code> (SHA-256 of the key's DER form) and that witnesses hold the same key.</li>\n");
        html.Append("<li>Run <code>originality verify certificate.json --public-key public-key.pem --picture PICTURE</code>. "
            + "It needs no network and no account: it recomputes the record's leaf hash, follows the inclusion proof to the signed root, "
            + "checks the ECDSA P-256 signature and compares the picture's SHA-256 with the filed one.</li>\n");
        html.Append("<li>Without the tool: the formats and steps are in docs/evidence.md (RFC 9162 Merkle tree, SHA-256); any SHA-256 and ECDSA implementation can repeat them.</li>\n");
        html.Append("<li>To rule out a rewritten log, compare this tree head with the heads kept by a witness (<code>originality verify-consistency</code>).</li>\n");
        html.Append("</ol>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Row(StringBuilder html, string label, string valueHtml) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Encode(label)}</th><td>{valueHtml}</td></tr>\n");

    private static string Text(string value) => Encode(value);

    private static string Code(string value) => $"<code>{Encode(value)}</code>";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    // China has kept UTC+8 without daylight saving since 1991; the fixed zone stands in when the
    // host has no time zone database.
    private static TimeZoneInfo FindBeijing()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
