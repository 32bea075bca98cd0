namespace Originality.Server.Violations;

/// <summary>
/// The compliance commitment letter template (V-4, 《图片合规承诺书》) the seller prints, fills in, signs
/// by hand, seals, scans and attaches. Written for this service; served as an HTML document to download.
/// </summary>
public static class CommitmentLetterTemplate
{
    public static string Html(bool chinese) => chinese ? Chinese : English;

    private const string Style = "body{font-family:\"Noto Serif CJK SC\",serif;max-width:40rem;margin:2rem auto;line-height:1.7}h1{text-align:center;font-size:1.4rem}.blank{display:inline-block;min-width:12rem;border-bottom:1px solid #000}.sign{margin-top:3rem}";

    private const string Chinese = $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>图片合规承诺书</title><style>{{Style}}</style></head>
        <body>
        <h1>图片合规承诺书</h1>
        <p>本店铺（店铺名称：<span class="blank"></span>，店铺 ID：AE-<span class="blank"></span>）就违规编号 <span class="blank"></span>、
        商品编号 <span class="blank"></span> 的图片违规申请恢复，并郑重承诺：</p>
        <ol>
          <li>已删除或替换该商品主图、SKU 图及详情页中的全部违规图片，替换图片不含联系方式、非平台水印、未经授权的品牌标识及违禁信息。</li>
          <li>所提交的原图文件、拍摄记录及授权文件真实有效，授权范围覆盖本商品所属类目，未跨类目使用。</li>
          <li>AI 生成的图片均已标注 “AI Generated”，并持有生成工具的商业使用授权。</li>
          <li>今后上传的图片均为本店铺原创或已取得合法授权；如再次违规，愿接受平台依规处理。</li>
        </ol>
        <p>整改说明：</p>
        <p class="blank" style="width:100%;height:6rem"></p>
        <div class="sign">
          <p>法定代表人/店铺负责人（手写签名）：<span class="blank"></span></p>
          <p>公司名称（加盖公章）：<span class="blank"></span></p>
          <p>日期：<span class="blank"></span> 年 <span class="blank" style="min-width:3rem"></span> 月 <span class="blank" style="min-width:3rem"></span> 日</p>
        </div>
        <p><small>须手写签名并加盖公章，扫描后随恢复申请提交（规则 V-4）。</small></p>
        </body></html>
        """;

    private const string English = $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Picture compliance commitment letter</title><style>{{Style}}</style></head>
        <body>
        <h1>Picture compliance commitment letter</h1>
        <p>The store <span class="blank"></span> (store id AE-<span class="blank"></span>) applies for recovery from picture violation
        no. <span class="blank"></span> on product no. <span class="blank"></span> and commits to the following:</p>
        <ol>
          <li>Every offending picture of the product (main picture, SKU pictures and description) has been removed or replaced; the replacements
          show no contact details, no watermark other than the platform's store-id watermark, no unauthorized brand logo and no prohibited content.</li>
          <li>The original source files, shooting records and authorizations submitted are genuine, and the authorizations cover this product's
          category; none is reused for another category.</li>
          <li>Every AI-generated picture carries the label "AI Generated", and the store holds the generating tool's commercial licence.</li>
          <li>The store will upload only its own original pictures or pictures it is licensed to use, and accepts the platform's rules if it
          offends again.</li>
        </ol>
        <p>What was corrected:</p>
        <p class="blank" style="width:100%;height:6rem"></p>
        <div class="sign">
          <p>Legal representative / store owner (handwritten signature): <span class="blank"></span></p>
          <p>Company name (company seal): <span class="blank"></span></p>
          <p>Date: <span class="blank"></span></p>
        </div>
        <p><small>Sign by hand, apply the company seal, scan the letter and attach it to the recovery application (rule V-4).</small></p>
        </body></html>
        """;
}
