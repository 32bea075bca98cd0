using System.Globalization;
using NodaTime;
using Originality.Domain.Members;

namespace Originality.Domain.Tests.Builders;

internal sealed class MemberBuilder
{
    private static int s_counter;
    private string _nickname;
    private readonly string _storeId;
    private StoreLevel _level = StoreLevel.Lv3;
    private string[] _categories = ["apparel"];
    private MarketplaceId _marketplace = MarketplaceId.Default;
    private readonly Instant _registeredAt = At.Beijing(2030, 1, 1);

    public MemberBuilder()
    {
        var n = Interlocked.Increment(ref s_counter);
        _nickname = "seller-" + n.ToString(CultureInfo.InvariantCulture);
        _storeId = "AE-" + (1000000 + n).ToString(CultureInfo.InvariantCulture);
    }

    public MemberBuilder Nicknamed(string nickname) { _nickname = nickname; return this; }
    public MemberBuilder SellingIn(params string[] categories) { _categories = categories; return this; }
    public MemberBuilder OnMarketplace(string marketplace) { _marketplace = MarketplaceId.Of(marketplace); return this; }
    public MemberBuilder AtLevel(StoreLevel level) { _level = level; return this; }

    public Member Build() => Member.Register(MemberId.New(), _marketplace, Nickname.Parse(_nickname), StoreId.Parse(_storeId), _level,
        _categories.Select(Category.Of), Actor.Operator("test"), _registeredAt);
}
