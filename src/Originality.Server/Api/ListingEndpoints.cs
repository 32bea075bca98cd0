using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Originality.Domain;
using Originality.Engine.Imaging;
using Originality.Engine.Pdq;
using Originality.Server.Application;
using Originality.Server.Hosting;
using Originality.Server.Problems;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Api;

/// <summary>
/// Listings pushed by the marketplace (operator key), their scan, and what the scan finds:
/// stolen-picture warnings for sellers and match notices for owners (D-1); how common a picture is (D-3).
/// </summary>
public static class ListingEndpoints
{
    public sealed record ListingResponse(
        string Id, string ListingId, string SellerId, string Category, string State, int PicturesTotal, int PicturesScanned,
        Instant CreatedAt, Instant? ScannedAt, string? Error);

    public sealed record Region(double X, double Y, double Width, double Height);

    /// <summary>What the seller sees: its listing picture and the certified picture it matches — never whose it is.</summary>
    public sealed record WarningResponse(
        string Id, string ListingId, string PictureId, double Score, int Distance, Region SuspectRegion, Region OriginalRegion,
        string SuspectImageUrl, string OriginalImageUrl, Instant IssuedAt, string HeatMapUrl);

    /// <summary>What the owner sees: which listing copies which of its filings; it may complain from here.</summary>
    public sealed record NoticeResponse(
        string Id, string ListingId, string Category, string PictureId, string FilingId, double Score, int Distance,
        Region SuspectRegion, Region OriginalRegion, string SuspectImageUrl, string OriginalImageUrl, Instant NoticedAt, string HeatMapUrl);

    public sealed record CommonnessResponse(int Stores, int Listings, int CertifiedFilings, string Risk);

    public static IEndpointRouteBuilder MapListings(this IEndpointRouteBuilder app)
    {
        var listings = app.MapGroup("/listings").WithTags("Detection");
        listings.MapPost("/", Push).WithName("PushListing").RequireAuthorization(Policies.Operator).AcceptsUploads().DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data");
        listings.MapGet("/{id}", Get).WithName("GetListing").RequireAuthorization();
        listings.MapGet("/", List).WithName("ListListings").RequireAuthorization();

        app.MapGet("/listing-pictures/{id}/image", PictureImage).WithName("GetListingPictureImage").WithTags("Detection").RequireAuthorization();

        var warnings = app.MapGroup("/warnings").WithTags("Detection").RequireAuthorization(Policies.Member);
        warnings.MapGet("/", Warnings).WithName("ListWarnings");
        warnings.MapGet("/{id}/original-image", WarningOriginalImage).WithName("GetWarningOriginalImage");

        app.MapGet("/matches/{id}/heatmap", HeatMap).WithName("GetMatchHeatMap").WithTags("Detection").RequireAuthorization();

        var notices = app.MapGroup("/notices").WithTags("Detection").RequireAuthorization(Policies.Member);
        notices.MapGet("/", Notices).WithName("ListNotices");

        app.MapPost("/pictures/commonness", Commonness).WithName("PictureCommonness").WithTags("Detection")
            .RequireAuthorization(Policies.Member).AcceptsUploads().DisableAntiforgery().Accepts<IFormFile>("multipart/form-data");
        return app;
    }

    private static ListingResponse ToResponse(ListingRecord l) =>
        new(l.Id, l.ExternalId, l.SellerId.ToString(), l.Category, l.State, l.PicturesTotal, l.PicturesDone, l.CreatedAt, l.ScannedAt, l.Error);

    private static Region ToRegion(string text)
    {
        var r = ListingScanner.ParseRegion(text);
        return new Region(r.X, r.Y, r.Width, r.Height);
    }

    public static WarningResponse ToWarning(MatchRecord m) =>
        new(m.Id, m.ListingId, m.PictureId, m.Score, m.Distance, ToRegion(m.SuspectRegion), ToRegion(m.OriginalRegion),
            $"/api/listing-pictures/{m.PictureId}/image", $"/api/warnings/{m.Id}/original-image", m.CreatedAt, HeatMapUrlOf(m));

    public static NoticeResponse ToNotice(MatchRecord m, ListingRecord? listing) =>
        new(m.Id, listing?.ExternalId ?? m.ListingId, listing?.Category ?? "", m.PictureId, m.FilingId, m.Score, m.Distance,
            ToRegion(m.SuspectRegion), ToRegion(m.OriginalRegion), $"/api/listing-pictures/{m.PictureId}/image", $"/api/filings/{m.FilingId}/original", m.CreatedAt,
            HeatMapUrlOf(m));

    private static string HeatMapUrlOf(MatchRecord m) => $"/api/matches/{m.Id}/heatmap";

    private static async Task<Results<Accepted<ListingResponse>, ValidationProblem>> Push(
        HttpRequest request, ListingScanner scanner, OriginalityStore store, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Problem.Invalid("main", "Send the listing as multipart/form-data: listingId, sellerId, category, main, sku.");
        }
        var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var pictures = new List<(string, UploadedFile)>();
        foreach (var file in form.Files)
        {
            var role = file.Name.Equals("main", StringComparison.OrdinalIgnoreCase) ? "main" : "sku";
            pictures.Add((role, await ReadFileAsync(file, cancellationToken).ConfigureAwait(false)));
        }
        var (submission, errors) = await CheckAsync(form["listingId"].ToString(), form["sellerId"].ToString(), form["category"].ToString(), pictures, store, cancellationToken).ConfigureAwait(false);
        if (submission is null)
        {
            return Problem.Invalid(errors);
        }
        var listing = await scanner.SubmitAsync(submission, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/listings/{listing.Id}", ToResponse(listing));
    }

    internal static async Task<UploadedFile> ReadFileAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new UploadedFile(file.FileName, buffer.ToArray());
    }

    /// <summary>
    /// A listing as the marketplace sends it, one by one or in a backfill's batch: the submission
    /// (main picture first), or the errors by field.
    /// </summary>
    internal static async Task<(ListingSubmission? Submission, Dictionary<string, string[]> Errors)> CheckAsync(
        string externalIdText, string sellerText, string categoryText, IReadOnlyList<(string Role, UploadedFile File)> pictures, OriginalityStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var externalId = externalIdText.Trim();
        if (externalId.Length is 0 or > 200)
        {
            errors["listingId"] = ["The marketplace's listing id (1 to 200 characters) is required."];
        }
        var category = categoryText.Trim();
        if (category.Length == 0)
        {
            errors["category"] = ["The listing's category is required."];
        }
        MemberId? seller = null;
        sellerText = sellerText.Trim();
        if (Guid.TryParse(sellerText, out var sellerGuid)
            && await store.InSessionAsync(s => s.Members.GetAsync(new MemberId(sellerGuid), cancellationToken), cancellationToken).ConfigureAwait(false) is { } member)
        {
            seller = member.Id;
        }
        else if (StoreId.TryParse(sellerText, out var storeId)
            && await store.InSessionAsync(s => s.Members.FindByStoreIdAsync(storeId, cancellationToken), cancellationToken).ConfigureAwait(false) is { } byStore)
        {
            seller = byStore.Id;
        }
        else
        {
            errors["sellerId"] = ["The seller's member id or store id (AE- and 7 digits) of a registered member is required."];
        }
        if (!pictures.Any(p => p.Role == "main"))
        {
            errors["main"] = ["The main picture (form field 'main') is required."];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var ordered = pictures.OrderBy(p => p.Role == "main" ? 0 : 1).ToList();
        return (new ListingSubmission(externalId, seller!.Value, category, ordered), errors);
    }

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, ListingStore listings, CancellationToken cancellationToken)
    {
        var listing = await listings.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (listing is null || (user.Role() == Roles.Member && listing.SellerId != user.MemberId()))
        {
            return Problem.NotFound("listing");
        }
        return TypedResults.Ok(ToResponse(listing));
    }

    private static async Task<Ok<ListingResponse[]>> List(ClaimsPrincipal user, ListingStore listings, string? state, CancellationToken cancellationToken)
    {
        MemberId? seller = user.Role() == Roles.Member ? user.MemberId() : null;
        var all = await listings.ListAsync(seller, state, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(all.Select(ToResponse).ToArray());
    }

    /// <summary>The listing's seller, an owner with a notice about it, and staff may see a listing picture.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PictureImage(
        string id, ClaimsPrincipal user, ListingStore listings, OriginalityStore store, CancellationToken cancellationToken)
    {
        var picture = await listings.GetPictureAsync(id, cancellationToken).ConfigureAwait(false);
        if (picture is null)
        {
            return Problem.NotFound("picture");
        }
        if (user.Role() == Roles.Member && picture.SellerId != user.MemberId())
        {
            var notices = await listings.MatchesAsync(null, user.MemberId(), picture.ListingId, cancellationToken).ConfigureAwait(false);
            if (!notices.Any(n => n.PictureId == id))
            {
                return Problem.NotFound("picture");
            }
        }
        var bytes = await store.Originals.ReadAsync(picture.Sha256, cancellationToken).ConfigureAwait(false);
        return TypedResults.File(bytes, ContentTypeOf(bytes));
    }

    private static async Task<Ok<WarningResponse[]>> Warnings(ClaimsPrincipal user, ListingStore listings, CancellationToken cancellationToken) =>
        TypedResults.Ok((await listings.MatchesAsync(user.MemberId(), null, null, cancellationToken).ConfigureAwait(false)).Select(ToWarning).ToArray());

    /// <summary>The certified picture a warning is about, shown to the warned seller without naming its owner.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> WarningOriginalImage(
        string id, ClaimsPrincipal user, ListingStore listings, OriginalityStore store, CancellationToken cancellationToken)
    {
        var match = await listings.GetMatchAsync(id, cancellationToken).ConfigureAwait(false);
        if (match is null || match.SellerId != user.MemberId())
        {
            return Problem.NotFound("warning");
        }
        var filing = await store.InSessionAsync(s => s.Filings.GetAsync(new FilingId(Guid.Parse(match.FilingId)), cancellationToken), cancellationToken).ConfigureAwait(false);
        var bytes = await store.Originals.ReadAsync(filing!.State.Evidence.ContentSha256, cancellationToken).ConfigureAwait(false);
        return TypedResults.File(bytes, ContentTypeOf(bytes));
    }

    /// <summary>
    /// The suspect picture of a warning or notice with its matched area tinted by local agreement
    /// (PNG, the suspect's size): for the warned seller, the owner, reviewers and operators.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> HeatMap(
        string id, ClaimsPrincipal user, ListingStore listings, Reviewing.MatchEvidence evidence, CancellationToken cancellationToken)
    {
        var match = await listings.GetMatchAsync(id, cancellationToken).ConfigureAwait(false);
        if (match is null || (user.Role() == Roles.Member && match.SellerId != user.MemberId() && match.OwnerId != user.MemberId()))
        {
            return Problem.NotFound("match");
        }
        // Computed on the first request for the match and kept (issue 9: it took ~350 ms every time).
        var png = await evidence.HeatMapAsync(match, cancellationToken).ConfigureAwait(false);
        return png is null ? Problem.NotFound("match") : TypedResults.File(png, "image/png");
    }

    private static async Task<Ok<NoticeResponse[]>> Notices(ClaimsPrincipal user, ListingStore listings, CancellationToken cancellationToken)
    {
        var matches = await listings.MatchesAsync(null, user.MemberId(), null, cancellationToken).ConfigureAwait(false);
        var result = new List<NoticeResponse>(matches.Count);
        foreach (var m in matches)
        {
            result.Add(ToNotice(m, await listings.GetAsync(m.ListingId, cancellationToken).ConfigureAwait(false)));
        }
        return TypedResults.Ok(result.ToArray());
    }

    /// <summary>D-3: in how many stores a picture (or a near-duplicate) already appears.</summary>
    private static async Task<Results<Ok<CommonnessResponse>, ValidationProblem>> Commonness(
        HttpRequest request, PictureIndex index, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Problem.Invalid("file", "Send the picture as multipart/form-data.");
        }
        var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        if (form.Files.Count == 0)
        {
            return Problem.Invalid("file", "A picture is required.");
        }
        using var buffer = new MemoryStream();
        await form.Files[0].CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        try
        {
            var fingerprint = PdqFingerprinter.Fingerprint(buffer.ToArray(), form.Files[0].FileName);
            var hits = index.Search(PdqHasher.HashDihedral(fingerprint.Decoded.Image).All.Select(h => h.Hash));
            var stores = hits.Select(h => h.Picture.Owner).Distinct().Count();
            var risk = stores switch { 0 => "none", 1 => "low", < 5 => "medium", _ => "high" };
            return TypedResults.Ok(new CommonnessResponse(stores, hits.Count(h => h.Picture.Source == IndexedSource.Listing),
                hits.Count(h => h.Picture.Source == IndexedSource.Filing), risk));
        }
        catch (ImageRejectedException rejected)
        {
            return Problem.Invalid("file", rejected.Reason);
        }
    }

    internal static string ContentTypeOf(byte[] bytes) =>
        bytes.Length > 4 && bytes[0] == 0x89 && bytes[1] == 0x50 ? "image/png" : "image/jpeg";
}
