using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Originality.Evidence;
using Originality.Server.Application;
using Originality.Server.Problems;

namespace Originality.Server.Api;

/// <summary>
/// The public side of the filing log (F-6): signed tree head history, inclusion and consistency
/// proofs. Anonymous on purpose: heads and proofs are hashes and sizes, which reveal nothing a
/// certificate holder does not already have, and anyone must be able to audit the log.
/// </summary>
public static class EvidenceEndpoints
{
    public const int DefaultHeadPage = 100;
    public const int MaxHeadPage = 1000;

    public static IEndpointRouteBuilder MapEvidenceProofs(this IEndpointRouteBuilder app)
    {
        var evidence = app.MapGroup("/evidence").WithTags("Evidence").AllowAnonymous().AddEndpointFilter(Fresh);
        evidence.MapGet("/tree-heads", Heads).WithName("ListTreeHeads");
        evidence.MapGet("/tree-heads/{size}", HeadOfSize).WithName("GetTreeHeadOfSize");
        evidence.MapGet("/proofs/inclusion", Inclusion).WithName("GetInclusionProof");
        evidence.MapGet("/proofs/consistency", Consistency).WithName("GetConsistencyProof");
        return app;
    }

    /// <summary>
    /// With the log in the database, heads and proofs are answered from what every process
    /// committed, not only this one: the process reads the new leaves and heads first.
    /// </summary>
    internal static async ValueTask<object?> Fresh(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        await context.HttpContext.RequestServices.GetRequiredService<EvidenceService>().RefreshAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
        return await next(context).ConfigureAwait(false);
    }

    /// <summary><c>{"heads":[head, …], "next": from-of-the-next-page or null}</c>, each head in the docs/evidence.md section 4 form.</summary>
    private static Results<ContentHttpResult, ValidationProblem> Heads(string? from, string? limit, EvidenceService evidence)
    {
        var errors = new Dictionary<string, string[]>();
        var start = ParseLong(from, "from", 0, errors) ?? 0;
        var count = ParseLong(limit, "limit", 1, errors) ?? DefaultHeadPage;
        if (count > MaxHeadPage)
        {
            errors["limit"] = [$"At most {MaxHeadPage} heads are returned at a time."];
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var all = evidence.Heads;
        var page = all.Skip((int)Math.Min(start, int.MaxValue)).Take((int)count).ToList();
        var next = start + page.Count < all.Count ? start + page.Count : (long?)null;
        return TypedResults.Text(Write(writer =>
        {
            writer.WriteStartArray("heads");
            foreach (var head in page)
            {
                writer.WriteRawValue(head.ToJson());
            }
            writer.WriteEndArray();
            if (next is { } n)
            {
                writer.WriteNumber("next", n);
            }
            else
            {
                writer.WriteNull("next");
            }
        }), "application/json");
    }

    /// <summary>The last head signed at exactly that size, as a file <c>verify-consistency --old/--new</c> reads.</summary>
    private static Results<ContentHttpResult, ProblemHttpResult, ValidationProblem> HeadOfSize(string size, EvidenceService evidence)
    {
        var errors = new Dictionary<string, string[]>();
        var treeSize = ParseLong(size, "size", 0, errors);
        if (treeSize is null)
        {
            return Problem.Invalid(errors);
        }
        return evidence.HeadOfSize(treeSize.Value) is { } head
            ? TypedResults.Text(head.ToJson(), "application/json")
            : Problem.NotFound("signed tree head of that size");
    }

    private static Results<ContentHttpResult, ValidationProblem> Inclusion(string? leafIndex, string? treeSize, EvidenceService evidence)
    {
        var errors = new Dictionary<string, string[]>();
        var leaf = Required(leafIndex, "leafIndex", errors);
        var size = Required(treeSize, "treeSize", errors);
        SignedTreeHead? head = null;
        if (size is { } s)
        {
            head = evidence.HeadOfSize(s);
            if (head is null)
            {
                errors["treeSize"] = [$"No tree head was signed at size {s}; use the size of one from /api/evidence/tree-heads."];
            }
        }
        if (leaf is { } l && size is { } t && l >= t)
        {
            errors["leafIndex"] = [$"The leaf index must be smaller than the tree size ({t})."];
        }
        if (errors.Count > 0 || head is null || leaf is null)
        {
            return Problem.Invalid(errors);
        }
        var (leafHash, proof) = evidence.InclusionProof(leaf.Value, head.Size);
        return TypedResults.Text(Write(writer =>
        {
            writer.WriteNumber("leafIndex", leaf.Value);
            writer.WriteNumber("treeSize", head.Size);
            writer.WriteString("leafHash", Convert.ToHexStringLower(leafHash));
            writer.WritePropertyName("treeHead");
            writer.WriteRawValue(head.ToJson());
            writer.WriteStartArray("inclusionProof");
            foreach (var hash in proof)
            {
                writer.WriteStringValue(Convert.ToHexStringLower(hash));
            }
            writer.WriteEndArray();
        }), "application/json");
    }

    /// <summary>Exactly the document <c>originality verify-consistency --proof</c> reads.</summary>
    private static Results<ContentHttpResult, ValidationProblem> Consistency(string? from, string? to, EvidenceService evidence)
    {
        var errors = new Dictionary<string, string[]>();
        var oldSize = Required(from, "from", errors);
        var newSize = Required(to, "to", errors);
        if (oldSize is { } o && evidence.HeadOfSize(o) is null)
        {
            errors["from"] = [$"No tree head was signed at size {o}."];
        }
        if (newSize is { } n && evidence.HeadOfSize(n) is null)
        {
            errors["to"] = [$"No tree head was signed at size {n}."];
        }
        if (oldSize is { } a && newSize is { } b && a > b)
        {
            errors["from"] = [$"The old size ({a}) must not exceed the new size ({b})."];
        }
        if (errors.Count > 0 || oldSize is null || newSize is null)
        {
            return Problem.Invalid(errors);
        }
        return TypedResults.Text(evidence.ConsistencyProof(oldSize.Value, newSize.Value).ToJson(), "application/json");
    }

    private static long? Required(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["This parameter is required."];
            return null;
        }
        return ParseLong(value, field, 0, errors);
    }

    private static long? ParseLong(string? value, string field, long minimum, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < minimum)
        {
            errors[field] = [$"Must be a whole number of at least {minimum}."];
            return null;
        }
        return parsed;
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
