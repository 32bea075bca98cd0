using Originality.Server.Components.Account;

namespace Originality.Server.Tests.Pages;

/// <summary>After sign-in the reader goes back to the page asked for, and only ever to a page of this site.</summary>
public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/seller/complaints?status=open", "/seller/complaints?status=open")]
    [InlineData("/", "/")]
    [InlineData("//evil.example/x", null)]
    [InlineData("/\\evil.example", null)]
    [InlineData("https://evil.example", null)]
    [InlineData("/redirect?to=https://evil.example", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("/seller\r\nSet-Cookie: x=1", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Only_a_path_on_this_site_is_a_return_address(string? asked, string? kept) =>
        Assert.Equal(kept, LoginPage.LocalReturnUrl(asked));
}
