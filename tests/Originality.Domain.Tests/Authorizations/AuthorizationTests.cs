using NodaTime;
using Originality.Domain.Authorizations;
using Originality.Domain.Filings;
using Originality.Domain.Members;
using Originality.Domain.Tests.Builders;

namespace Originality.Domain.Tests.Authorizations;

public sealed class AuthorizationTests
{
    private static readonly Category Apparel = Category.Of("apparel");
    private static readonly Category Beauty = Category.Of("beauty");
    private readonly Member _owner = new MemberBuilder().Build();
    private readonly Member _friend = new MemberBuilder().Nicknamed("friendly-shop").Build();
    private readonly Instant _grantedAt = At.Beijing(2030, 3, 1, 9);
    private readonly Filing _picture;

    public AuthorizationTests() => _picture = new FilingBuilder(_owner).FiledAt(At.Beijing(2030, 2, 1)).Build();

    private Authorization Grant(Category category) =>
        Authorization.Grant(AuthorizationId.New(), _owner, _friend.Nickname, _friend, category, [_picture], _grantedAt).GetValueOrThrow();

    [Fact]
    public void An_owner_authorizes_another_member_by_nickname_to_use_a_certified_picture()
    {
        var authorization = Grant(Apparel);

        Assert.Equal(_friend.Id, authorization.State.Grantee);
        Assert.Equal(UseVerdict.Authorized, PictureUse.Decide(_friend.Id, _picture, Apparel, _grantedAt, [authorization]));
    }

    [Fact]
    public void Without_an_authorization_another_members_use_is_unauthorized()
    {
        Assert.Equal(UseVerdict.Unauthorized, PictureUse.Decide(_friend.Id, _picture, Apparel, _grantedAt, []));
    }

    [Fact]
    public void The_owner_may_always_use_its_own_picture()
    {
        Assert.Equal(UseVerdict.Owner, PictureUse.Decide(_owner.Id, _picture, Beauty, _grantedAt, []));
    }

    [Fact]
    public void Use_before_the_authorization_was_granted_is_unauthorized()
    {
        var authorization = Grant(Apparel);

        Assert.Equal(UseVerdict.Unauthorized, PictureUse.Decide(_friend.Id, _picture, Apparel, _grantedAt - Duration.FromSeconds(1), [authorization]));
    }

    [Fact]
    public void An_authorization_does_not_carry_over_to_another_category()
    {
        var authorization = Grant(Apparel);

        Assert.Equal(UseVerdict.Unauthorized, PictureUse.Decide(_friend.Id, _picture, Beauty, _grantedAt, [authorization]));
    }

    [Fact]
    public void An_authorization_covers_only_the_named_member()
    {
        var authorization = Grant(Apparel);
        var stranger = new MemberBuilder().Build();

        Assert.Equal(UseVerdict.Unauthorized, PictureUse.Decide(stranger.Id, _picture, Apparel, _grantedAt, [authorization]));
    }

    [Fact]
    public void Use_after_revocation_is_unauthorized_again_and_use_before_it_stays_authorized()
    {
        var authorization = Grant(Apparel);
        var revokedAt = At.Beijing(2030, 4, 1, 12);

        Assert.True(authorization.Revoke(_owner.Id, revokedAt).Succeeded);

        Assert.Equal(UseVerdict.Authorized, PictureUse.Decide(_friend.Id, _picture, Apparel, revokedAt - Duration.FromSeconds(1), [authorization]));
        Assert.Equal(UseVerdict.Unauthorized, PictureUse.Decide(_friend.Id, _picture, Apparel, revokedAt, [authorization]));
    }

    [Fact]
    public void Only_the_granting_owner_may_revoke()
    {
        var authorization = Grant(Apparel);

        Assert.Equal(Refusal.NotTheGrantor, authorization.Revoke(_friend.Id, At.Beijing(2030, 4, 1)).Refusal);
    }

    [Fact]
    public void Revoking_twice_is_refused()
    {
        var authorization = Grant(Apparel);
        authorization.Revoke(_owner.Id, At.Beijing(2030, 4, 1));

        Assert.Equal(Refusal.AuthorizationAlreadyRevoked, authorization.Revoke(_owner.Id, At.Beijing(2030, 4, 2)).Refusal);
    }

    [Fact]
    public void An_unknown_nickname_is_refused()
    {
        var outcome = Authorization.Grant(AuthorizationId.New(), _owner, Nickname.Parse("nobody"), null, Apparel, [_picture], _grantedAt);

        Assert.Equal(Refusal.UnknownNickname, outcome.Refusal);
    }

    [Fact]
    public void A_member_cannot_authorize_itself()
    {
        var outcome = Authorization.Grant(AuthorizationId.New(), _owner, _owner.Nickname, _owner, Apparel, [_picture], _grantedAt);

        Assert.Equal(Refusal.CannotAuthorizeSelf, outcome.Refusal);
    }

    [Fact]
    public void Authorizing_someone_elses_picture_is_refused()
    {
        var notMine = new FilingBuilder(_friend).Build();
        var third = new MemberBuilder().Build();

        var outcome = Authorization.Grant(AuthorizationId.New(), _owner, third.Nickname, third, Apparel, [notMine], _grantedAt);

        Assert.Equal(Refusal.NotTheOwner, outcome.Refusal);
    }

    [Fact]
    public void Authorizing_a_picture_that_is_not_certified_is_refused()
    {
        var uncertified = new FilingBuilder(_owner)
            .WithReview(new MachineReview([new PriorPictureMatch(PriorPictureSource.Listing, "x", MemberId.New(), At.Beijing(2029, 1, 1), 3)]))
            .Build();

        var outcome = Authorization.Grant(AuthorizationId.New(), _owner, _friend.Nickname, _friend, Apparel, [uncertified], _grantedAt);

        Assert.Equal(Refusal.PictureNotCertified, outcome.Refusal);
    }

    [Fact]
    public void A_picture_whose_protection_was_cancelled_is_no_longer_protected_for_anyone()
    {
        ProtectionCancellation.Apply(_owner, [_picture], _picture.Id, Actor.Reviewer("r"), "not original", At.Beijing(2030, 5, 1));

        Assert.Equal(UseVerdict.NotProtected, PictureUse.Decide(_friend.Id, _picture, Apparel, At.Beijing(2030, 5, 2), []));
    }

    [Fact]
    public void Granting_and_revoking_are_audited()
    {
        var authorization = Grant(Apparel);
        authorization.Revoke(_owner.Id, At.Beijing(2030, 4, 1));

        Assert.Equal(["authorization.granted", "authorization.revoked"], authorization.PendingAudit.Select(e => e.Action));
        Assert.Equal(["A-1", "A-4"], authorization.PendingAudit.Select(e => e.RuleId));
    }
}
