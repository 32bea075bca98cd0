using System.Globalization;
using Originality.Domain;

namespace Originality.Server.Violations;

/// <summary>
/// Reads a recovery application from a multipart form (API and web page alike):
/// <c>reason</c>, <c>productId</c> (optional), <c>commitmentLetter</c> (file) with
/// <c>letterSigned</c>/<c>letterSealed</c>, <c>sourceFiles</c> (files) with an optional
/// <c>claimedExistingBy</c> (ISO 8601), <c>replacement.{sku}</c> (one file per SKU),
/// <c>aiGenerated</c> (the SKUs whose replacement is AI-generated), <c>authorization.{kind}.{category}</c>
/// (kind: model, scene, third-party, stock, ai-commercial) and <c>usesStockPictures</c>.
/// </summary>
public static class RecoveryForm
{
    public const string ReplacementPrefix = "replacement.";
    public const string AuthorizationPrefix = "authorization.";

    public static async Task<(RecoveryUpload? Upload, Dictionary<string, string[]> Errors)> ReadAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new Dictionary<string, string[]>();
        var ai = form["aiGenerated"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToHashSet(StringComparer.Ordinal);
        UploadedFile? letter = null;
        var sources = new List<UploadedFile>();
        var replacements = new List<UploadedReplacement>();
        var authorizations = new List<UploadedAuthorization>();
        foreach (var file in form.Files)
        {
            if (file.Length == 0)
            {
                continue;
            }
            var uploaded = await ReadFileAsync(file, cancellationToken).ConfigureAwait(false);
            if (file.Name == "commitmentLetter")
            {
                letter = uploaded;
            }
            else if (file.Name == "sourceFiles")
            {
                sources.Add(uploaded);
            }
            else if (file.Name.StartsWith(ReplacementPrefix, StringComparison.Ordinal) && file.Name.Length > ReplacementPrefix.Length)
            {
                var sku = file.Name[ReplacementPrefix.Length..].Trim();
                replacements.Add(new UploadedReplacement(sku, uploaded, ai.Contains(sku)));
            }
            else if (file.Name.StartsWith(AuthorizationPrefix, StringComparison.Ordinal))
            {
                var parts = file.Name[AuthorizationPrefix.Length..].Split('.', 2);
                if (parts.Length != 2 || ViolationService.ParseKind(parts[0]) is not { } kind || string.IsNullOrWhiteSpace(parts[1]))
                {
                    errors[file.Name] = ["Name authorizations authorization.{kind}.{category}; kind is model, scene, third-party, stock or ai-commercial."];
                    continue;
                }
                authorizations.Add(new UploadedAuthorization(kind, Category.Of(parts[1]), uploaded));
            }
            else
            {
                errors[file.Name] = ["Unknown file field."];
            }
        }
        DateTimeOffset? claimed = null;
        var claimedText = form["claimedExistingBy"].ToString();
        if (!string.IsNullOrWhiteSpace(claimedText))
        {
            if (DateTimeOffset.TryParse(claimedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                claimed = parsed;
            }
            else
            {
                errors["claimedExistingBy"] = ["An ISO 8601 date, e.g. 2026-03-01T00:00:00+08:00."];
            }
        }
        var reason = form["reason"].ToString();
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors["reason"] = ["Explain why the penalty should be lifted and what was corrected."];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new RecoveryUpload(form["productId"].ToString(), reason.Trim(), letter, Flag(form, "letterSigned"), Flag(form, "letterSealed"),
            sources, claimed, authorizations, replacements, Flag(form, "usesStockPictures")), errors);
    }

    private static bool Flag(IFormCollection form, string name) => form[name].ToString().Trim().ToLowerInvariant() is "true" or "on" or "1" or "yes";

    private static async Task<UploadedFile> ReadFileAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new UploadedFile(Path.GetFileName(file.FileName), buffer.ToArray());
    }
}
