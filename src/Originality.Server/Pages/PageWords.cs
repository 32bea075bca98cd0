using System.Globalization;
using NodaTime;
using Originality.Domain;
using Originality.Server.Api;
using Originality.Server.Application;

namespace Originality.Server.Pages;

/// <summary>
/// Words the Razor component pages share, in the reader's language. They lived in the string-built
/// pages (<c>Html</c>, <c>SellerPages</c>) and moved here so those can be deleted once their last pages move (issue 9).
/// </summary>
public static class PageWords
{
    private static readonly DateTimeZone Beijing = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static string BeijingText(Instant instant) =>
        instant.InZone(Beijing).ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A category's name in the reader's language; a category with no known name shows its code.</summary>
    public static string CategoryName(string code, Texts t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Texts.HasKey("category." + code) ? t["category." + code] : code;
    }

    /// <summary>"main picture" or "SKU picture 2": which picture of the listing matched.</summary>
    public static string WhichPicture(ListingPicture? picture, Texts t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return picture switch
        {
            null => "—",
            { Role: "main" } => t["mainPicture"],
            _ => string.Format(CultureInfo.InvariantCulture, t["skuPicture"], picture.Position),
        };
    }

    /// <summary>Why a file was refused, in the reader's language: the rulebook's refusal, or the intake's finding by its code.</summary>
    public static string UploadReason(FileOutcome outcome, Texts t)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(t);
        if (outcome.Code is { } code && Refusal.FromCode(code) is { } refusal)
        {
            return RefusalTexts.Message(refusal, t);
        }
        return t.IsChinese && outcome.Code is { } c && Texts.HasKey("upload." + c) ? t["upload." + c] : outcome.Reason ?? "";
    }

    /// <summary>What a failed complaint operation says to the person: the refusal in their language, or the field errors.</summary>
    public static string ResultMessage(ComplaintResult result, Texts t)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(t);
        if (result.Refusal is { } refusal)
        {
            return RefusalTexts.WithRule(refusal, t);
        }
        if (result.NotFound)
        {
            return t["notFound"];
        }
        return t["invalidInput"] + " " + string.Join(" ", (result.Errors ?? []).SelectMany(e => e.Value));
    }
}
