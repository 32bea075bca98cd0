using NodaTime;
using Originality.Domain.Filings;
using Originality.Domain.Members;

namespace Originality.Domain.Authorizations;

/// <summary>The persisted state of an <see cref="Authorization"/>.</summary>
/// <param name="Id">Authorization id.</param>
/// <param name="Grantor">The owner of the pictures.</param>
/// <param name="Grantee">The authorized member (resolved from the nickname at grant time).</param>
/// <param name="GranteeNickname">The nickname the owner typed (kept as given, for the record).</param>
/// <param name="Category">A-3: the one category the authorization is for.</param>
/// <param name="Pictures">The certified filings authorized.</param>
/// <param name="GrantedAt">When granted.</param>
/// <param name="RevokedAt">A-4: when revoked, or null.</param>
public sealed record AuthorizationState(
    AuthorizationId Id,
    MemberId Grantor,
    MemberId Grantee,
    Nickname GranteeNickname,
    Category Category,
    IReadOnlyList<FilingId> Pictures,
    Instant GrantedAt,
    Instant? RevokedAt = null);

/// <summary>
/// A-1..A-4: an owner's permission for another member, named by nickname, to use some of its
/// certified pictures in one category, until revoked.
/// </summary>
public sealed class Authorization : IAudited
{
    private readonly List<AuditEntry> _pending = [];

    private Authorization(AuthorizationState state) => State = state;

    /// <summary>The current state.</summary>
    public AuthorizationState State { get; private set; }

    /// <summary>Authorization id.</summary>
    public AuthorizationId Id => State.Id;

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> PendingAudit => _pending;

    /// <inheritdoc/>
    public void ClearPendingAudit() => _pending.Clear();

    /// <summary>
    /// <paramref name="owner"/> authorizes the member found by <paramref name="granteeNickname"/>
    /// (<paramref name="grantee"/> is the caller's lookup result, null when no member has that nickname)
    /// to use <paramref name="pictures"/> in <paramref name="category"/>. Every picture must be the
    /// owner's and certified (protected now).
    /// </summary>
    public static Outcome<Authorization> Grant(AuthorizationId id, Member owner, Nickname granteeNickname, Member? grantee, Category category, IReadOnlyCollection<Filing> pictures, Instant now)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(pictures);
        if (owner.ServiceEnded)
        {
            return new Outcome<Authorization>(Refusal.ServiceEnded);
        }
        if (grantee is null)
        {
            return new Outcome<Authorization>(Refusal.UnknownNickname, granteeNickname.Value);
        }
        if (grantee.Id == owner.Id)
        {
            return new Outcome<Authorization>(Refusal.CannotAuthorizeSelf);
        }
        if (pictures.Count == 0)
        {
            return new Outcome<Authorization>(Refusal.NoPictureGiven);
        }
        foreach (var p in pictures)
        {
            if (p.Owner != owner.Id)
            {
                return new Outcome<Authorization>(Refusal.NotTheOwner, p.Id.ToString());
            }
            if (!p.IsProtectedAt(now))
            {
                return new Outcome<Authorization>(Refusal.PictureNotCertified, p.Id.ToString());
            }
        }
        var ids = pictures.Select(p => p.Id).Distinct().ToArray();
        var a = new Authorization(new AuthorizationState(id, owner.Id, grantee.Id, granteeNickname, category, ids, now));
        a._pending.Add(new AuditEntry(now, Actor.OfMember(owner.Id), "authorization", id.ToString(), "authorization.granted", "A-1",
            Data: FormattableString.Invariant($"grantee={grantee.Id};category={category};pictures={ids.Length}")));
        return new Outcome<Authorization>(a);
    }

    /// <summary>Rebuilds an authorization from stored state.</summary>
    public static Authorization Restore(AuthorizationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Authorization(state);
    }

    /// <summary>A-4: the owner revokes; use at or after <paramref name="now"/> is unauthorized again.</summary>
    public Outcome Revoke(MemberId by, Instant now)
    {
        if (by != State.Grantor)
        {
            return Outcome.Refused(Refusal.NotTheGrantor);
        }
        if (State.RevokedAt is not null)
        {
            return Outcome.Refused(Refusal.AuthorizationAlreadyRevoked);
        }
        if (now < State.GrantedAt)
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        State = State with { RevokedAt = now };
        _pending.Add(new AuditEntry(now, Actor.OfMember(by), "authorization", Id.ToString(), "authorization.revoked", "A-4"));
        return Outcome.Done;
    }

    /// <summary>
    /// True when this authorization lets <paramref name="member"/> use <paramref name="picture"/> in
    /// <paramref name="category"/> at <paramref name="at"/>: granted by then, not revoked by then,
    /// same category.
    /// </summary>
    public bool Covers(MemberId member, FilingId picture, Category category, Instant at) =>
        State.Grantee == member
        && State.Category == category
        && State.Pictures.Contains(picture)
        && State.GrantedAt <= at
        && (State.RevokedAt is not { } revoked || at < revoked);
}
