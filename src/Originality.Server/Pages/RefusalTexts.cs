using Originality.Domain;

namespace Originality.Server.Pages;

/// <summary>
/// Every refusal of the rulebook in the reader's language. English is the domain's own message;
/// Chinese is the resource <c>refusal.{code}</c> of <c>PageText.zh.resx</c>, and a test fails when a
/// refusal has none.
/// </summary>
public static class RefusalTexts
{
    /// <summary>True when <paramref name="refusal"/> has a Chinese text.</summary>
    public static bool HasChinese(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return Texts.Chinese.Find("refusal." + refusal.Code) is not null;
    }

    /// <summary>The refusal's message in the reader's language.</summary>
    public static string Message(Refusal refusal, Texts t)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(t);
        return t.IsChinese && t.Find("refusal." + refusal.Code) is { } zh ? zh : refusal.Message;
    }

    /// <summary>The message with the rule it enforces, e.g. "The appeal window has closed … (R-3)".</summary>
    public static string WithRule(Refusal refusal, Texts t) =>
        refusal.RuleId == "-" ? Message(refusal, t) : $"{Message(refusal, t)} ({refusal.RuleId})";
}
