using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Originality.Server.Problems;

namespace Originality.Server.Hosting;

/// <summary>
/// Endpoint metadata: this endpoint takes picture uploads and may receive <see cref="LimitsOptions.MaxUploadBytes"/>.
/// An attribute, so a page component that takes uploads carries it too (<c>@attribute [AcceptsUploads]</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AcceptsUploadsAttribute : Attribute
{
    public static readonly AcceptsUploadsAttribute Instance = new();
}

public static class UploadEndpointExtensions
{
    /// <summary>Allows the upload size limit instead of the ordinary request limit.</summary>
    public static TBuilder AcceptsUploads<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AcceptsUploadsAttribute.Instance);
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
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<AcceptsUploadsAttribute>() is null
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

/// <summary>
/// Reads a form body (multipart or url-encoded) once, before antiforgery and the endpoints, so a
/// torn or truncated body, a missing or bad boundary, or a malformed part is one 400 problem for
/// every route, never the form reader's IOException surfacing as a 500 (issue 10). The parsed form
/// is cached on the request, so endpoints and antiforgery read it from memory.
/// </summary>
/// <remarks>Runs after authorization: an anonymous caller cannot make the server buffer a form for a route it may not call.</remarks>
public sealed class FormReadingMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.HasFormContentType && context.GetEndpoint() is not null)
        {
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException && !context.RequestAborted.IsCancellationRequested)
            {
                throw new ProblemException(
                    StatusCodes.Status400BadRequest,
                    ProblemTypes.BadRequest,
                    "Bad request",
                    "The form body could not be read: it is cut off, its multipart boundary is missing or wrong, or a part is malformed. Send it again, whole.");
            }
        }
        await next(context).ConfigureAwait(false);
    }
}
