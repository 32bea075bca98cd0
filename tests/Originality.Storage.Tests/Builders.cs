using System.Security.Cryptography;
using NodaTime;
using Originality.Domain;
using Originality.Domain.Filings;
using Originality.Domain.Members;

namespace Originality.Storage.Tests;

/// <summary>Test data with unique names, so tests sharing a database never collide.</summary>
internal static class Build
{
    private static int _counter = 1_000_000;

    public static Member Member(Instant at, string? nickname = null, MarketplaceId? marketplace = null)
    {
        var n = Interlocked.Increment(ref _counter);
        return Domain.Members.Member.Register(
            MemberId.New(),
            marketplace ?? MarketplaceId.Default,
            Nickname.Parse(nickname ?? "seller-" + n),
            StoreId.Parse("AE-" + (n % 10_000_000).ToString("D7")),
            StoreLevel.Lv3,
            [Category.Of("apparel"), Category.Of("beauty")],
            Actor.Operator("op-1"),
            at);
    }

    public static Folder Folder(Member owner, Instant at, string name = "Spring shoot") =>
        Domain.Filings.Folder.Create(FolderId.New(), owner, name, [], TrialEligibility.Open, at).GetValueOrThrow();

    public static FilingEvidence Evidence(Member owner, Instant at, byte[]? content = null)
    {
        content ??= RandomNumberGenerator.GetBytes(64);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var fingerprint = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return new FilingEvidence(owner.Id, sha, fingerprint, at, "IMG_0001.jpg", content.Length);
    }

    public static Filing Filing(Member owner, Folder folder, Instant at, MachineReview? review = null) =>
        Domain.Filings.Filing.Submit(FilingId.New(), owner, folder, Evidence(owner, at), review ?? MachineReview.NoMatch, TrialEligibility.Open).GetValueOrThrow();
}
