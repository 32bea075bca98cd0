using NodaTime;
using Originality.Domain;
using Originality.Domain.Violations;
using Originality.Storage.Sql;

namespace Originality.Storage.Repositories;

/// <summary>The product facts a violation is recorded with that the domain type does not carry: its category and SKUs.</summary>
/// <param name="Category">The product's category (V-8 orders the review queue by it, V-5 checks authorizations against it).</param>
/// <param name="Skus">Every SKU of the product (V-5: each needs a replacement picture).</param>
/// <param name="PenalizedPictureSha256">The penalized picture's key in the originals store (V-5 compares replacements with it); null when none was given.</param>
public sealed record ViolationProduct(Category Category, IReadOnlyList<string> Skus, string? PenalizedPictureSha256 = null);

/// <summary>A picture violation as stored: the domain aggregate and the product it was recorded against.</summary>
public sealed record RecordedViolation(PictureViolation Violation, ViolationProduct Product);

/// <summary>
/// The persisted form of a <see cref="PictureViolation"/> (the domain type has no state record of its
/// own, so storage writes its properties and rebuilds it with <see cref="PictureViolation.Restore"/>).
/// </summary>
internal sealed record PictureViolationRow(
    ViolationId Id,
    MemberId MemberId,
    ProductId ProductId,
    PictureViolationType Type,
    ViolationPenalty Penalty,
    Instant PenalizedAt,
    Instant LiftsAt,
    Instant? RevokedAt,
    RecoveryApplicationId? RevokedBy,
    Category Category,
    IReadOnlyList<string> Skus,
    string? PenalizedPictureSha256 = null);

/// <summary>
/// V-1, V-8, V-9: picture violations. The automatic lift (V-9) is derived from <c>lifts_at</c> by
/// the domain, so no deadline job is scheduled for it; the column exists for reporting queries.
/// </summary>
public sealed class ViolationRepository
{
    private readonly StorageSession _session;
    private readonly StateTable _table;

    internal ViolationRepository(StorageSession session)
    {
        _session = session;
        _table = new StateTable(session, "picture_violations");
    }

    /// <summary>Saves the violation with its product and appends its pending audit entries.</summary>
    public async Task SaveAsync(RecordedViolation recorded, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var v = recorded.Violation;
        var row = new PictureViolationRow(v.Id, v.MemberId, v.ProductId, v.Type, v.Penalty, v.PenalizedAt, v.LiftsAt,
            v.RevokedAt, v.RevokedBy, recorded.Product.Category, recorded.Product.Skus, recorded.Product.PenalizedPictureSha256);
        await _table.UpsertAsync(v.Id.ToString(), StateJson.Serialize(row),
            [
                ("member_id", v.MemberId.ToString()),
                ("product_id", v.ProductId.Value),
                ("penalized_at", Instants.ToTicks(v.PenalizedAt)),
                ("lifts_at", Instants.ToTicks(v.LiftsAt)),
                ("revoked_at", Instants.ToTicks(v.RevokedAt)),
            ],
            cancellationToken).ConfigureAwait(false);
        await _session.Audit.AppendPendingAsync(v, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a violation (locked for this session on PostgreSQL), or null.</summary>
    public async Task<RecordedViolation?> GetAsync(ViolationId id, CancellationToken cancellationToken = default)
    {
        var json = await _table.GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false);
        return json is null ? null : Restore(json);
    }

    /// <summary>Every violation of <paramref name="member"/>, newest penalty first (V-8 history, V-10 list).</summary>
    public async Task<IReadOnlyList<RecordedViolation>> ListForMemberAsync(MemberId member, CancellationToken cancellationToken = default) =>
        [.. (await _table.ListAsync("member_id = @m", new { m = member.ToString() }, "penalized_at DESC, id", cancellationToken).ConfigureAwait(false)).Select(Restore)];

    private static RecordedViolation Restore(string json)
    {
        var r = StateJson.Deserialize<PictureViolationRow>(json);
        return new RecordedViolation(
            PictureViolation.Restore(r.Id, r.MemberId, r.ProductId, r.Type, r.Penalty, r.PenalizedAt, r.LiftsAt, r.RevokedAt, r.RevokedBy),
            new ViolationProduct(r.Category, r.Skus, r.PenalizedPictureSha256));
    }
}
