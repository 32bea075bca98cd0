using NodaTime;
using Originality.Domain;
using Originality.Domain.Members;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Application;

/// <summary>Members as the API sees them, and their keys.</summary>
public sealed class MemberDirectory(OriginalityStore store, CredentialStore credentials, IClock clock)
{
    public sealed record Registration(string? Nickname, string? StoreId, int? StoreLevel, string[]? Categories, string? Marketplace);

    /// <summary>Registers a member and issues its first key; field errors when the input is not valid.</summary>
    public async Task<(Member? Member, string? ApiKey, Dictionary<string, string[]> Errors)> RegisterAsync(
        Registration request, Actor by, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Nickname.TryParse(request.Nickname, out var nickname))
        {
            errors["nickname"] = [$"A nickname of 1 to {Nickname.MaxLength} characters is required."];
        }
        if (!StoreId.TryParse(request.StoreId, out var storeId))
        {
            errors["storeId"] = ["A store id is AE- followed by 7 digits, e.g. AE-1234567."];
        }
        if (request.StoreLevel is not (>= 1 and <= 5))
        {
            errors["storeLevel"] = ["The store level is 1 to 5."];
        }
        var categories = (request.Categories ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(Category.Of).ToList();
        if (categories.Count == 0)
        {
            errors["categories"] = ["At least one category is required."];
        }
        if (errors.Count > 0)
        {
            return (null, null, errors);
        }
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (await session.Members.FindByNicknameAsync(nickname, cancellationToken).ConfigureAwait(false) is not null)
            {
                errors["nickname"] = ["Another member already has this nickname."];
            }
            if (await session.Members.FindByStoreIdAsync(storeId, cancellationToken).ConfigureAwait(false) is not null)
            {
                errors["storeId"] = ["Another member already has this store id."];
            }
            if (errors.Count > 0)
            {
                return (null, null, errors);
            }
            var marketplace = string.IsNullOrWhiteSpace(request.Marketplace) ? MarketplaceId.Default : MarketplaceId.Of(request.Marketplace);
            var member = Member.Register(MemberId.New(), marketplace, nickname, storeId, (StoreLevel)request.StoreLevel!.Value, categories, by, clock.GetCurrentInstant());
            await session.Members.SaveAsync(member, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            var key = await credentials.IssueAsync(new Principal(Roles.Member, member.Id.ToString(), nickname.Value), cancellationToken).ConfigureAwait(false);
            return (member, key, errors);
        }
    }

    public async Task<Member?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return null;
        }
        return await store.InSessionAsync(s => s.Members.GetAsync(new MemberId(guid), cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Member>> ListAsync(CancellationToken cancellationToken)
    {
        var principals = await credentials.ListAsync(Roles.Member, cancellationToken).ConfigureAwait(false);
        var members = new List<Member>();
        foreach (var subject in principals.Select(p => p.Subject).Distinct(StringComparer.Ordinal))
        {
            if (await GetAsync(subject, cancellationToken).ConfigureAwait(false) is { } member)
            {
                members.Add(member);
            }
        }
        return members;
    }

    /// <summary>Revokes the member's keys and issues a new one.</summary>
    public async Task<string> RotateKeyAsync(Member member, CancellationToken cancellationToken)
    {
        await credentials.RevokeAllAsync(member.Id.ToString(), cancellationToken).ConfigureAwait(false);
        return await credentials.IssueAsync(new Principal(Roles.Member, member.Id.ToString(), member.Nickname.Value), cancellationToken).ConfigureAwait(false);
    }
}
