using Originality.Server.Reviewing;

namespace Originality.Server.Components;

/// <summary>What the Razor component pages need from the container.</summary>
public static class PageSetup
{
    public static IServiceCollection AddOriginalityPages(this IServiceCollection services)
    {
        // Static server-side rendering only: no interactive render modes, so no circuits or WebSockets (ADR 005).
        services.AddRazorComponents();
        // Chinese pages are written as characters, not as numeric entities of every character.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton<MatchEvidence>();
        services.AddSingleton<CaseFiles>();
        services.AddSingleton<OpenCases>();
        services.AddSingleton<AttentionCounts>();
        services.AddSingleton<SellerNotifications>();
        services.AddSingleton<Originality.Server.Operator.OperatorConsole>();
        return services;
    }
}
