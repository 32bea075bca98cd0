using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Originality.Server.Pages.Resources;

namespace Originality.Server.Pages;

/// <summary>
/// The pages' words in English and Chinese, from the resx resources in <c>Pages/Resources</c>
/// (<c>PageText.resx</c>, <c>PageText.zh.resx</c>) through <see cref="IStringLocalizer"/>. A missing
/// key shows itself as <c>[key]</c>, so it is noticed; a test holds both files to the same keys.
/// </summary>
public sealed class Texts
{
    public static readonly Texts English = new("en");
    public static readonly Texts Chinese = new("zh");

    /// <summary>The localizer over the pages' resources; built once, thread-safe.</summary>
    public static IStringLocalizer Localizer { get; } = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(PageText));

    private readonly CultureInfo _culture;

    private Texts(string language)
    {
        Language = language;
        _culture = CultureInfo.GetCultureInfo(language);
    }

    /// <summary><c>en</c> or <c>zh</c>.</summary>
    public string Language { get; }

    public bool IsChinese => Language == "zh";

    public string this[string key] => Find(key) ?? $"[{key}]";

    /// <summary>The text of <paramref name="key"/> in this language, or null when the resources have none.</summary>
    public string? Find(string key)
    {
        // IStringLocalizer reads the current UI culture; the page's language is set for the one lookup.
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = _culture;
        try
        {
            var text = Localizer[key];
            return text.ResourceNotFound ? null : text.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public static bool HasKey(string key) => English.Find(key) is not null;

    /// <summary>
    /// <c>?lang=</c> wins (and is remembered in a cookie), then the cookie, then the browser's
    /// Accept-Language.
    /// </summary>
    public static Texts For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Asked by the document, the layout and the page of one request: decided (and the cookie set) once.
        if (context.Items[typeof(Texts)] is Texts decided)
        {
            return decided;
        }
        var texts = Decide(context);
        context.Items[typeof(Texts)] = texts;
        return texts;
    }

    private static Texts Decide(HttpContext context)
    {
        var requested = context.Request.Query["lang"].ToString();
        if (requested is "zh" or "en")
        {
            context.Response.Cookies.Append("lang", requested, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            return requested == "zh" ? Chinese : English;
        }
        var cookie = context.Request.Cookies["lang"];
        if (cookie is "zh" or "en")
        {
            return cookie == "zh" ? Chinese : English;
        }
        return context.Request.Headers.AcceptLanguage.ToString().StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;
    }
}
