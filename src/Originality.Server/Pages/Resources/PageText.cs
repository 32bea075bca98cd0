namespace Originality.Server.Pages.Resources;

/// <summary>Names the pages' resources (<c>PageText.resx</c>, <c>PageText.zh.resx</c>) for <see cref="Microsoft.Extensions.Localization.IStringLocalizer{T}"/>.</summary>
public sealed class PageText
{
    private PageText()
    {
    }
}
