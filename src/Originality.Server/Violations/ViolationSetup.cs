using Microsoft.Extensions.Options;
using Originality.Domain.Violations;
using Originality.Engine.Checks;

namespace Originality.Server.Violations;

/// <summary>Configuration section <c>Violations</c>: the operator's V-rule settings and the OCR executable.</summary>
public sealed class ViolationOptions
{
    public const string Section = "Violations";

    /// <summary>V-9: days after which a violation lifts by itself (15–30).</summary>
    public int AutomaticLiftDays { get; set; } = ViolationPolicy.Default.AutomaticLiftDays;

    /// <summary>V-7: applications one IP address may file per Beijing day before further ones are held.</summary>
    public int MaxApplicationsPerIpPerDay { get; set; } = ViolationPolicy.Default.MaxApplicationsPerIpPerDay;

    /// <summary>Debian's tesseract-ocr.</summary>
    public string TesseractPath { get; set; } = TesseractOptions.Default.ExecutablePath;

    public ViolationPolicy ToPolicy() => (ViolationPolicy.Default with
    {
        AutomaticLiftDays = AutomaticLiftDays,
        MaxApplicationsPerIpPerDay = MaxApplicationsPerIpPerDay,
    }).Validate();
}

/// <summary>Registers the violation and recovery services (one line in the host's setup).</summary>
public static class ViolationSetup
{
    public static IServiceCollection AddViolations(this IServiceCollection services)
    {
        services.AddOptions<ViolationOptions>().BindConfiguration(ViolationOptions.Section)
            .Validate(o =>
            {
                try
                {
                    o.ToPolicy();
                    return true;
                }
                catch (ArgumentOutOfRangeException)
                {
                    return false;
                }
            }, "Violations: AutomaticLiftDays must be 15–30 and MaxApplicationsPerIpPerDay at least 1.")
            .ValidateOnStart();
        services.AddSingleton<ITextReader>(sp => new TesseractTextReader(
            TesseractOptions.Default with { ExecutablePath = sp.GetRequiredService<IOptions<ViolationOptions>>().Value.TesseractPath }));
        services.AddSingleton(sp => new RecoveryMaterialChecker(sp.GetRequiredService<ITextReader>(), MatcherPictureSimilarity.Compare));
        services.AddSingleton<ViolationService>();
        services.AddSingleton<RecoveryReviews>();
        return services;
    }
}
