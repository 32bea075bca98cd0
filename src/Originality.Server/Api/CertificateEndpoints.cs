using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Originality.Domain;
using Originality.Evidence;
using Originality.Server.Application;
using Originality.Server.Problems;
using Originality.Storage;

namespace Originality.Server.Api;

/// <summary>Certificates of filing (F-6): JSON to verify offline, and a page for people.</summary>
public static class CertificateEndpoints
{
    public static IEndpointRouteBuilder MapCertificates(this IEndpointRouteBuilder app)
    {
        var certificates = app.MapGroup("/certificates").WithTags("Evidence").RequireAuthorization();
        certificates.MapGet("/{filingId}", Json).WithName("GetCertificate");
        certificates.MapGet("/{filingId}/page", Page).WithName("GetCertificatePage");
        app.MapGet("/evidence/public-key", (EvidenceService evidence) => TypedResults.Text(evidence.PublicKey.ToPem(), "application/x-pem-file"))
            .WithName("GetEvidencePublicKey").WithTags("Evidence").AllowAnonymous();
        app.MapGet("/evidence/tree-head", (EvidenceService evidence) => evidence.LatestHead is { } head
                ? Results.Text(head.ToJson(), "application/json")
                : Results.NoContent())
            .WithName("GetLatestTreeHead").WithTags("Evidence").AllowAnonymous().AddEndpointFilter(EvidenceEndpoints.Fresh);
        app.MapEvidenceProofs();
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Json(
        string filingId, ClaimsPrincipal user, OriginalityStore store, EvidenceService evidence, CancellationToken cancellationToken)
    {
        var certificate = await FindAsync(filingId, user, store, evidence, cancellationToken).ConfigureAwait(false);
        return certificate is null ? Problem.NotFound("certificate") : TypedResults.Text(certificate.ToJson(), "application/json");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Page(
        string filingId, ClaimsPrincipal user, OriginalityStore store, EvidenceService evidence, CancellationToken cancellationToken)
    {
        var certificate = await FindAsync(filingId, user, store, evidence, cancellationToken).ConfigureAwait(false);
        if (certificate is null)
        {
            return Problem.NotFound("certificate");
        }
        var filing = (await FolderEndpoints.FindVisibleFilingAsync(filingId, user, store, cancellationToken).ConfigureAwait(false))!;
        var bytes = await store.Originals.ReadAsync(filing.State.Evidence.ContentSha256, cancellationToken).ConfigureAwait(false);
        var type = filing.State.Evidence.FileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg";
        var html = CertificateRenderer.RenderHtml(certificate, $"data:{type};base64,{Convert.ToBase64String(bytes)}",
            $"/api/certificates/{filingId}", "/api/evidence/public-key");
        return TypedResults.Text(html, "text/html; charset=utf-8");
    }

    private static async Task<FilingCertificate?> FindAsync(
        string filingId, ClaimsPrincipal user, OriginalityStore store, EvidenceService evidence, CancellationToken cancellationToken)
    {
        var filing = await FolderEndpoints.FindVisibleFilingAsync(filingId, user, store, cancellationToken).ConfigureAwait(false);
        return filing is null ? null : await evidence.CertificateAsync(filing, cancellationToken).ConfigureAwait(false);
    }

    internal static FilingId? ParseFilingId(string id) => Guid.TryParse(id, out var g) ? new FilingId(g) : null;
}
