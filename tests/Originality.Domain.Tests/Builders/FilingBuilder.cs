using System.Security.Cryptography;
using NodaTime;
using Originality.Domain.Filings;
using Originality.Domain.Members;

namespace Originality.Domain.Tests.Builders;

internal sealed class FilingBuilder
{
    private readonly Member _owner;
    private Folder? _folder;
    private Instant _filedAt = At.Beijing(2030, 2, 1, 10);
    private MachineReview _review = MachineReview.NoMatch;
    private TrialEligibility _eligibility = TrialEligibility.Open;

    public FilingBuilder(Member owner) => _owner = owner;

    public FilingBuilder FiledAt(Instant at) { _filedAt = at; return this; }
    public FilingBuilder InFolder(Folder folder) { _folder = folder; return this; }
    public FilingBuilder WithReview(MachineReview review) { _review = review; return this; }
    public FilingBuilder Under(TrialEligibility eligibility) { _eligibility = eligibility; return this; }

    public static FilingEvidence Evidence(MemberId by, Instant at) =>
        new(by, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), "00ff00ff00ff00ff", at, "shoot-01.jpg", 123_456);

    public Outcome<Filing> TrySubmit()
    {
        var folder = _folder ?? Folder.Create(FolderId.New(), _owner, "Spring shoot", [], TrialEligibility.Open, _filedAt).GetValueOrThrow();
        return Filing.Submit(FilingId.New(), _owner, folder, Evidence(_owner.Id, _filedAt), _review, _eligibility);
    }

    public Filing Build() => TrySubmit().GetValueOrThrow();
}
