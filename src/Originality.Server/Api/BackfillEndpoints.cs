using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NodaTime;
using Originality.Server.Application;
using Originality.Server.Hosting;
using Originality.Server.Problems;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Api;

/// <summary>
/// A marketplace's whole catalogue pushed at once (issue 11, "backfill"): a backfill is created,
/// its listings arrive in batches of up to <see cref="BackfillOptions.MaxListingsPerBatch"/>, each
/// listing accepted or refused on its own, and its progress is a resource. The scans are claimed by
/// every process from the database, behind live listings, on threads below the requests'
/// priority (<see cref="BackgroundCpu"/>).
/// </summary>
public static class BackfillEndpoints
{
    public sealed record BackfillRequest(string? Name);

    public sealed record ListingCounts(int Total, int Queued, int Scanning, int Scanned, int Failed);

    public sealed record PictureCounts(long Total, long Scanned);

    public sealed record BackfillResponse(
        string Id, string Name, Instant CreatedAt, string State, ListingCounts Listings, PictureCounts Pictures,
        Instant? LastScannedAt, double? PicturesPerSecond);

    /// <summary>One listing of a batch: accepted (with its id, to follow at <c>/api/listings/{id}</c>) or refused with its errors.</summary>
    public sealed record ListingOutcome(int Index, string ListingId, string Outcome, string? Id, IDictionary<string, string[]>? Errors);

    public sealed record BatchResponse(int Accepted, int Refused, ListingOutcome[] Listings, BackfillResponse Backfill);

    public static IEndpointRouteBuilder MapBackfills(this IEndpointRouteBuilder app)
    {
        var backfills = app.MapGroup("/backfills").WithTags("Detection").RequireAuthorization(Policies.Operator);
        backfills.MapPost("/", Create).WithName("CreateBackfill");
        backfills.MapGet("/", List).WithName("ListBackfills");
        backfills.MapGet("/{id}", Get).WithName("GetBackfill");
        backfills.MapPost("/{id}/listings", PushBatch).WithName("PushBackfillBatch").AcceptsUploads().DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data");
        return app;
    }

    public static BackfillResponse ToResponse(BackfillProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Backfill.Id, p.Backfill.Name, p.Backfill.CreatedAt, p.Listings == 0 ? "empty" : p.Done ? "done" : "scanning",
            new ListingCounts(p.Listings, p.Queued, p.Scanning, p.Scanned, p.Failed), new PictureCounts(p.PicturesTotal, p.PicturesScanned),
            p.LastScannedAt, p.PicturesPerSecond is { } rate ? Math.Round(rate, 2) : null);
    }

    private static async Task<Results<Created<BackfillResponse>, ValidationProblem>> Create(
        BackfillRequest? body, BackfillStore backfills, IClock clock, CancellationToken cancellationToken)
    {
        var name = (body?.Name ?? "").Trim();
        if (name.Length is 0 or > 200)
        {
            return Problem.Invalid("name", "A name for the backfill (1 to 200 characters) is required.");
        }
        var backfill = await backfills.CreateAsync(name, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        var progress = await backfills.ProgressAsync(backfill, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/backfills/{backfill.Id}", ToResponse(progress));
    }

    private static async Task<Ok<BackfillResponse[]>> List(BackfillStore backfills, CancellationToken cancellationToken)
    {
        var result = new List<BackfillResponse>();
        foreach (var backfill in await backfills.ListAsync(50, cancellationToken).ConfigureAwait(false))
        {
            result.Add(ToResponse(await backfills.ProgressAsync(backfill, cancellationToken).ConfigureAwait(false)));
        }
        return TypedResults.Ok(result.ToArray());
    }

    private static async Task<Results<Ok<BackfillResponse>, ProblemHttpResult>> Get(string id, BackfillStore backfills, CancellationToken cancellationToken)
    {
        var backfill = await backfills.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return backfill is null
            ? Problem.NotFound("backfill")
            : TypedResults.Ok(ToResponse(await backfills.ProgressAsync(backfill, cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>
    /// A batch: the form field <c>listings</c> is a JSON array of
    /// <c>{"listingId", "sellerId", "category", "main": part, "skus": [part, …]}</c>, where each part
    /// names a file of the same form. Every listing is checked on its own (F-4's way: one refused
    /// listing does not hold up the rest); the accepted ones are stored in one transaction.
    /// </summary>
    private static async Task<Results<Ok<BatchResponse>, ValidationProblem, ProblemHttpResult>> PushBatch(
        string id, HttpRequest request, BackfillStore backfills, ListingScanner scanner, OriginalityStore store,
        IOptions<BackfillOptions> options, CancellationToken cancellationToken)
    {
        var backfill = await backfills.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (backfill is null)
        {
            return Problem.NotFound("backfill");
        }
        if (!request.HasFormContentType)
        {
            return Problem.Invalid("listings", "Send the batch as multipart/form-data: a 'listings' JSON array and the files it names.");
        }
        var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var limits = options.Value;
        var manifest = ParseManifest(form["listings"].ToString(), limits.MaxListingsPerBatch);
        if (manifest.Error is { } error)
        {
            return Problem.Invalid("listings", error);
        }

        var outcomes = new ListingOutcome[manifest.Listings!.Count];
        var accepted = new List<(int Index, ListingSubmission Submission)>();
        for (var i = 0; i < manifest.Listings.Count; i++)
        {
            var entry = manifest.Listings[i];
            var (pictures, pictureErrors) = await PicturesOfAsync(entry, form.Files, limits.MaxPicturesPerListing, cancellationToken).ConfigureAwait(false);
            var (submission, errors) = await ListingEndpoints.CheckAsync(entry.ListingId, entry.SellerId, entry.Category, pictures, store, cancellationToken).ConfigureAwait(false);
            foreach (var (field, messages) in pictureErrors)
            {
                errors[field] = messages;
            }
            if (submission is null || pictureErrors.Count > 0)
            {
                outcomes[i] = new ListingOutcome(i, entry.ListingId, "refused", null, errors);
                continue;
            }
            accepted.Add((i, submission));
        }
        var created = await scanner.SubmitManyAsync([.. accepted.Select(a => a.Submission)], backfill.Id, cancellationToken).ConfigureAwait(false);
        for (var j = 0; j < accepted.Count; j++)
        {
            outcomes[accepted[j].Index] = new ListingOutcome(accepted[j].Index, accepted[j].Submission.ExternalId, "accepted", created[j].Id, null);
        }
        var progress = await backfills.ProgressAsync(backfill, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new BatchResponse(accepted.Count, outcomes.Length - accepted.Count, outcomes, ToResponse(progress)));
    }

    private sealed record ManifestEntry(string ListingId, string SellerId, string Category, string? Main, IReadOnlyList<string> Skus);

    private sealed record Manifest(IReadOnlyList<ManifestEntry>? Listings, string? Error);

    private static Manifest ParseManifest(string json, int maxListings)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return new Manifest(null, "'listings' must be a JSON array of listings.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return new Manifest(null, "'listings' must be a JSON array of listings.");
            }
            var count = document.RootElement.GetArrayLength();
            if (count == 0 || count > maxListings)
            {
                return new Manifest(null, $"A batch has 1 to {maxListings} listings; this one has {count}. Send the rest in further batches.");
            }
            var entries = new List<ManifestEntry>(count);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    return new Manifest(null, "Every element of 'listings' must be an object.");
                }
                var skus = element.TryGetProperty("skus", out var s) && s.ValueKind == JsonValueKind.Array
                    ? s.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : "").ToList()
                    : [];
                entries.Add(new ManifestEntry(Text(element, "listingId"), Text(element, "sellerId"), Text(element, "category"),
                    element.TryGetProperty("main", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null, skus));
            }
            return new Manifest(entries, null);
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static async Task<(List<(string Role, UploadedFile File)> Pictures, Dictionary<string, string[]> Errors)> PicturesOfAsync(
        ManifestEntry entry, IFormFileCollection files, int maxPictures, CancellationToken cancellationToken)
    {
        var pictures = new List<(string, UploadedFile)>();
        var errors = new Dictionary<string, string[]>();
        var parts = new List<(string Role, string Part)>();
        if (entry.Main is not null)
        {
            parts.Add(("main", entry.Main));
        }
        parts.AddRange(entry.Skus.Select(p => ("sku", p)));
        if (parts.Count > maxPictures)
        {
            errors["skus"] = [$"A listing has at most {maxPictures} pictures."];
            return (pictures, errors);
        }
        var missing = new List<string>();
        foreach (var (role, part) in parts)
        {
            if (files.GetFile(part) is { } file)
            {
                pictures.Add((role, await ListingEndpoints.ReadFileAsync(file, cancellationToken).ConfigureAwait(false)));
            }
            else
            {
                missing.Add(part);
            }
        }
        if (missing.Count > 0)
        {
            errors["pictures"] = [$"The form has no file named {string.Join(", ", missing.Select(m => "'" + m + "'"))}."];
        }
        return (pictures, errors);
    }
}
