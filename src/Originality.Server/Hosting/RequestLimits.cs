using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Originality.Server.Problems;

namespace Originality.Server.Hosting;

/// <summary>Endpoint metadata: this endpoint takes picture uploads and may receive <see cref="LimitsOptions.MaxUploadBytes"/>.</summary>
public sealed class UploadEndpointMetadata
{
    public static readonly UploadEndpointMetadata Instance = new();
}

public static class UploadEndpointExtensions
{
    /// <summary>Allows the upload size limit instead of the ordinary request limit.</summary>
    public static TBuilder AcceptsUploads<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(UploadEndpointMetadata.Instance);
}

/// <summary>
/// Refuses a body over the endpoint's limit before it is read: by its declared length at once, and
/// for chunked bodies through the server's own byte counter.
/// </summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next, IOptions<LimitsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limits = options.Value;
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<UploadEndpointMetadata>() is null
            ? limits.MaxRequestBytes
            : limits.MaxUploadBytes;
        if (context.Request.ContentLength is { } length && length > limit)
        {
            throw new ProblemException(
                StatusCodes.Status413PayloadTooLarge,
                ProblemTypes.PayloadTooLarge,
                "Request body too large",
                $"This endpoint accepts at most {limit} bytes.");
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        return next(context);
    }
}
