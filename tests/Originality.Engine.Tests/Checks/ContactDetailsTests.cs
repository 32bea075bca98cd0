using Originality.Engine.Checks;

namespace Originality.Engine.Tests.Checks;

public class ContactDetailsTests
{
    private static IReadOnlyList<ContactKind> Kinds(string line) => [.. ContactDetails.FindInLine(line).Select(d => d.Kind).Distinct()];

    [Theory]
    [InlineData("Tel: +86 138 1234 5678")]
    [InlineData("13812345678")]
    [InlineData("手机 139-1234-5678")]
    [InlineData("+1 415 555 0123")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("客服电话 021-62345678")]
    [InlineData("Hotline 400-820-8820")]
    [InlineData("Phone: 5550123456")]
    [InlineData("138 l234 5678")]
    public void Phone_numbers_in_international_and_Chinese_formats_are_found(string line)
    {
        Assert.Contains(ContactKind.Phone, Kinds(line));
    }

    [Theory]
    [InlineData("sales@example.com")]
    [InlineData("Contact: lily.wang@shop-mail.cn")]
    [InlineData("info @ factory . cn")]
    [InlineData("ｓａｌｅｓ＠ｅｘａｍｐｌｅ．ｃｏｍ")]
    public void E_mail_addresses_are_found_even_with_OCR_spaces_or_full_width_forms(string line)
    {
        Assert.Contains(ContactKind.Email, Kinds(line));
    }

    [Theory]
    [InlineData("微信: shop_888")]
    [InlineData("微 信 ： shop_888")]
    [InlineData("微信号 lily2024")]
    [InlineData("WeChat: lily2024")]
    [InlineData("WeChat ID: kevin_shop")]
    [InlineData("VX: abc_123456")]
    [InlineData("加V abc123456")]
    [InlineData("QQ: 12345678")]
    [InlineData("WhatsApp: +8613812345678")]
    [InlineData("WA: 8613812345678")]
    [InlineData("微信同号 13912345678")]
    public void Messenger_ids_after_a_label_are_found(string line)
    {
        Assert.Contains(ContactKind.Messenger, Kinds(line));
    }

    [Theory]
    [InlineData("www.best-shop.com")]
    [InlineData("https://shop.example.net/item")]
    [InlineData("visit myshop.cn today")]
    public void Web_addresses_are_found(string line)
    {
        Assert.Contains(ContactKind.Url, Kinds(line));
    }

    [Theory]
    [InlineData("100% Cotton")]
    [InlineData("New Arrival 2024-05-01")]
    [InlineData("Weight 1.5 kg, 30 x 40 cm")]
    [InlineData("包邮 限时特价 ¥199")]
    [InlineData("AE-1234567")]
    [InlineData("© AE-1234567")]
    [InlineData("Size: M L XL")]
    [InlineData("QQ: hello")]
    [InlineData("Online store, best line of products")]
    [InlineData("Model 12345678")]
    [InlineData("SKU 20240501123")]
    public void Ordinary_product_text_has_no_contact_details(string line)
    {
        Assert.Empty(ContactDetails.FindInLine(line));
    }

    [Fact]
    public void The_email_is_not_reported_again_as_a_web_address()
    {
        var found = ContactDetails.FindInLine("sales@shop.example.com");

        var detail = Assert.Single(found);
        Assert.Equal(ContactKind.Email, detail.Kind);
        Assert.Equal("sales@shop.example.com", detail.Value);
    }
}
