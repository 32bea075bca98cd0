using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Originality.Server.Components;

/// <summary>
/// The pages' stylesheet and script, compiled into the assembly and served from it: nothing is
/// fetched from elsewhere at run time, and the host needs no web root (tests, containers and
/// <c>dotnet run</c> see the same files). Each address carries a hash of the content, so a browser
/// may keep a file for a year and still never runs an old one after an upgrade.
/// </summary>
public static class PageAssets
{
    private sealed record Asset(byte[] Content, string ContentType, string Version);

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static string Url(string name) =>
        Assets.TryGetValue(name, out var asset) ? $"/assets/{name}?v={asset.Version}" : throw new ArgumentException($"No page asset {name}.", nameof(name));

    public static IEndpointRouteBuilder MapPageAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/{name}", (string name, HttpContext context) =>
        {
            if (!Assets.TryGetValue(name, out var asset))
            {
                return Results.NotFound();
            }
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Bytes(asset.Content, asset.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        const string prefix = "Originality.Server.Components.Assets.";
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[prefix.Length..];
            var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            assets[name] = new Asset(content, type, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
