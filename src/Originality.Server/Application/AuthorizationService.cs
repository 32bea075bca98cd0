using NodaTime;
using Originality.Domain;
using Originality.Domain.Authorizations;
using Originality.Domain.Filings;
using Originality.Storage;

namespace Originality.Server.Application;

/// <summary>The result of an authorization step: the authorization, a refusal by a rule, field errors, or not found.</summary>
public sealed record AuthorizationResult(
    Authorization? Authorization, Refusal? Refusal = null, string? Detail = null, Dictionary<string, string[]>? Errors = null, bool NotFound = false);

/// <summary>
/// The authorization centre (A-1..A-4) for the API and the pages alike: grants to a member named
/// by nickname for one category and some certified pictures, and revocations, each in one short
/// transaction that ends before the caller renders anything.
/// </summary>
public sealed class AuthorizationService(OriginalityStore store, IClock clock)
{
    public async Task<AuthorizationResult> GrantAsync(MemberId owner, string? nicknameText, string? categoryText, IEnumerable<string>? pictureTexts, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Nickname.TryParse(nicknameText, out var nickname))
        {
            errors["nickname"] = ["The nickname of the member to authorize is required."];
        }
        if (string.IsNullOrWhiteSpace(categoryText))
        {
            errors["category"] = ["An authorization is for one category (A-3)."];
        }
        var pictureIds = new List<FilingId>();
        foreach (var p in pictureTexts ?? [])
        {
            if (Guid.TryParse(p, out var g))
            {
                pictureIds.Add(new FilingId(g));
            }
            else
            {
                errors["pictures"] = [$"'{p}' is not a filing id."];
            }
        }
        if (errors.Count > 0)
        {
            return new AuthorizationResult(null, Errors: errors);
        }
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var grantor = (await session.Members.GetAsync(owner, cancellationToken).ConfigureAwait(false))!;
            var grantee = await session.Members.FindByNicknameAsync(nickname, cancellationToken).ConfigureAwait(false);
            var pictures = new List<Filing>();
            foreach (var id in pictureIds.Distinct())
            {
                var filing = await session.Filings.GetAsync(id, cancellationToken).ConfigureAwait(false);
                if (filing is null || filing.Owner != owner)
                {
                    return new AuthorizationResult(null, Errors: new() { ["pictures"] = [$"No filing of yours has the id '{id}'."] });
                }
                pictures.Add(filing);
            }
            var granted = Authorization.Grant(AuthorizationId.New(), grantor, nickname, grantee, Category.Of(categoryText!.Trim()), pictures, clock.GetCurrentInstant());
            if (!granted.Succeeded)
            {
                return new AuthorizationResult(null, granted.Refusal, granted.Detail);
            }
            await session.Authorizations.SaveAsync(granted.Value!, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult(granted.Value);
        }
    }

    /// <summary>A-4: the owner revokes; the authorization is "not found" to anyone who is neither party.</summary>
    public async Task<AuthorizationResult> RevokeAsync(MemberId member, string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var g))
        {
            return new AuthorizationResult(null, NotFound: true);
        }
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var authorization = await session.Authorizations.GetAsync(new AuthorizationId(g), cancellationToken).ConfigureAwait(false);
            if (authorization is null || (authorization.State.Grantor != member && authorization.State.Grantee != member))
            {
                return new AuthorizationResult(null, NotFound: true);
            }
            var revoked = authorization.Revoke(member, clock.GetCurrentInstant());
            if (!revoked.Succeeded)
            {
                return new AuthorizationResult(authorization, revoked.Refusal, revoked.Detail);
            }
            await session.Authorizations.SaveAsync(authorization, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult(authorization);
        }
    }
}
