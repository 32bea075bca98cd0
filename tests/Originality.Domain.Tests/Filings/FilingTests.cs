using Originality.Domain.Filings;
using Originality.Domain.Members;
using Originality.Domain.Tests.Builders;

namespace Originality.Domain.Tests.Filings;

public sealed class FolderTests
{
    [Fact]
    public void A_member_files_into_a_named_folder_of_its_own()
    {
        var member = new MemberBuilder().Build();
        var folder = Folder.Create(FolderId.New(), member, "Summer 2030", [], TrialEligibility.Open, At.Beijing(2030, 2, 1)).GetValueOrThrow();

        var filing = new FilingBuilder(member).InFolder(folder).Build();

        Assert.Equal(folder.Id, filing.State.Folder);
        Assert.Equal("Summer 2030", folder.State.Name);
    }

    [Fact]
    public void Filing_into_another_members_folder_is_refused()
    {
        var other = new MemberBuilder().Build();
        var folder = Folder.Create(FolderId.New(), other, "Theirs", [], TrialEligibility.Open, At.Beijing(2030, 2, 1)).GetValueOrThrow();

        var outcome = new FilingBuilder(new MemberBuilder().Build()).InFolder(folder).TrySubmit();

        Assert.Equal(Refusal.NotYourFolder, outcome.Refusal);
    }

    [Fact]
    public void A_second_folder_with_the_same_name_is_refused()
    {
        var member = new MemberBuilder().Build();

        var outcome = Folder.Create(FolderId.New(), member, "summer", ["Summer"], TrialEligibility.Open, At.Beijing(2030, 2, 1));

        Assert.Equal(Refusal.FolderNameTaken, outcome.Refusal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_folder_name_is_refused(string name)
    {
        var outcome = Folder.Create(FolderId.New(), new MemberBuilder().Build(), name, [], TrialEligibility.Open, At.Beijing(2030, 2, 1));

        Assert.Equal(Refusal.InvalidFolderName, outcome.Refusal);
    }
}

public sealed class MachineReviewTests
{
    private static PriorPictureMatch Match(MemberId owner, NodaTime.Instant at, PriorPictureSource source = PriorPictureSource.Filing) =>
        new(source, "ref-1", owner, at, 12);

    [Fact]
    public void A_picture_with_no_match_is_certified()
    {
        var filing = new FilingBuilder(new MemberBuilder().Build()).Build();

        Assert.Equal(FilingStatus.Certified, filing.Status);
        Assert.Contains(filing.PendingAudit, e => e.Action == "filing.certified" && e.RuleId == "F-5");
    }

    [Fact]
    public void A_picture_matching_one_filed_earlier_by_another_member_is_not_original_and_not_certified()
    {
        var filedAt = At.Beijing(2030, 2, 1, 10);
        var review = new MachineReview([Match(MemberId.New(), filedAt - NodaTime.Duration.FromDays(1))]);

        var filing = new FilingBuilder(new MemberBuilder().Build()).FiledAt(filedAt).WithReview(review).Build();

        Assert.Equal(FilingStatus.NotOriginal, filing.Status);
        Assert.NotNull(filing.State.MatchedPrior);
        Assert.False(filing.IsProtectedAt(filedAt));
    }

    [Fact]
    public void A_picture_matching_one_published_earlier_on_the_marketplace_by_another_member_is_not_original()
    {
        var filedAt = At.Beijing(2030, 2, 1, 10);
        var review = new MachineReview([Match(MemberId.New(), filedAt - NodaTime.Duration.FromSeconds(1), PriorPictureSource.Listing)]);

        var filing = new FilingBuilder(new MemberBuilder().Build()).FiledAt(filedAt).WithReview(review).Build();

        Assert.Equal(FilingStatus.NotOriginal, filing.Status);
        Assert.Equal(PriorPictureSource.Listing, filing.State.MatchedPrior!.Source);
    }

    [Fact]
    public void A_match_with_the_members_own_earlier_picture_does_not_make_it_unoriginal()
    {
        var member = new MemberBuilder().Build();
        var filedAt = At.Beijing(2030, 2, 1, 10);
        var review = new MachineReview([Match(member.Id, filedAt - NodaTime.Duration.FromDays(30), PriorPictureSource.Listing)]);

        var filing = new FilingBuilder(member).FiledAt(filedAt).WithReview(review).Build();

        Assert.Equal(FilingStatus.Certified, filing.Status);
    }

    [Fact]
    public void A_match_with_another_members_later_picture_does_not_make_it_unoriginal()
    {
        var filedAt = At.Beijing(2030, 2, 1, 10);
        var review = new MachineReview([Match(MemberId.New(), filedAt + NodaTime.Duration.FromSeconds(1)), Match(MemberId.New(), filedAt)]);

        var filing = new FilingBuilder(new MemberBuilder().Build()).FiledAt(filedAt).WithReview(review).Build();

        Assert.Equal(FilingStatus.Certified, filing.Status);
    }
}

public sealed class FilingEvidenceTests
{
    [Fact]
    public void The_evidence_records_who_what_and_when_in_a_fixed_canonical_line()
    {
        var member = MemberId.New();
        var evidence = new FilingEvidence(member, new string('a', 64), "0f1e", At.Beijing(2030, 2, 1, 10), "x.jpg", 42);

        Assert.Equal($"filing-evidence/v1|member={member}|sha256={new string('a', 64)}|fingerprint=0f1e|filed-at=2030-02-01T02:00:00Z|size=42", evidence.CanonicalText());
    }

    [Fact]
    public void Renaming_the_file_does_not_change_the_canonical_evidence()
    {
        var evidence = FilingBuilder.Evidence(MemberId.New(), At.Beijing(2030, 2, 1));

        Assert.Equal(evidence.CanonicalText(), (evidence with { FileName = "renamed.png" }).CanonicalText());
    }

    [Theory]
    [InlineData("abc", "00")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "00")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "0g")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "000")]
    public void Malformed_evidence_is_refused(string sha256, string fingerprint)
    {
        var member = new MemberBuilder().Build();
        var folder = Folder.Create(FolderId.New(), member, "f", [], TrialEligibility.Open, At.Beijing(2030, 2, 1)).GetValueOrThrow();
        var evidence = new FilingEvidence(member.Id, sha256, fingerprint, At.Beijing(2030, 2, 1), "x.jpg", 1);

        var outcome = Filing.Submit(FilingId.New(), member, folder, evidence, MachineReview.NoMatch, TrialEligibility.Open);

        Assert.Equal(Refusal.InvalidEvidence, outcome.Refusal);
    }

    [Fact]
    public void Evidence_naming_another_member_as_filer_is_refused()
    {
        var member = new MemberBuilder().Build();
        var folder = Folder.Create(FolderId.New(), member, "f", [], TrialEligibility.Open, At.Beijing(2030, 2, 1)).GetValueOrThrow();

        var outcome = Filing.Submit(FilingId.New(), member, folder, FilingBuilder.Evidence(MemberId.New(), At.Beijing(2030, 2, 1)), MachineReview.NoMatch, TrialEligibility.Open);

        Assert.Equal(Refusal.InvalidEvidence, outcome.Refusal);
    }
}

public sealed class ProtectionCancellationTests
{
    [Fact]
    public void An_established_non_original_filing_cancels_the_protection_of_all_the_members_pictures_and_ends_the_service()
    {
        var member = new MemberBuilder().Build();
        var good1 = new FilingBuilder(member).FiledAt(At.Beijing(2030, 2, 1)).Build();
        var good2 = new FilingBuilder(member).FiledAt(At.Beijing(2030, 2, 2)).Build();
        var bad = new FilingBuilder(member).FiledAt(At.Beijing(2030, 2, 3)).Build();
        var now = At.Beijing(2030, 3, 1, 12);

        var outcome = ProtectionCancellation.Apply(member, [good1, good2, bad], bad.Id, Actor.Reviewer("r"), "copied from a catalogue", now);

        Assert.True(outcome.Succeeded);
        Assert.True(member.ServiceEnded);
        Assert.All([good1, good2, bad], f => Assert.Equal(FilingStatus.ProtectionCancelled, f.Status));
        Assert.True(good1.IsProtectedAt(now - NodaTime.Duration.FromSeconds(1)));
        Assert.False(good1.IsProtectedAt(now));
    }

    [Fact]
    public void A_member_whose_service_ended_can_no_longer_file()
    {
        var member = new MemberBuilder().Build();
        var folder = Folder.Create(FolderId.New(), member, "f", [], TrialEligibility.Open, At.Beijing(2030, 2, 1)).GetValueOrThrow();
        var bad = new FilingBuilder(member).InFolder(folder).Build();
        ProtectionCancellation.Apply(member, [bad], bad.Id, Actor.Reviewer("r"), "not original", At.Beijing(2030, 3, 1));

        var outcome = new FilingBuilder(member).InFolder(folder).FiledAt(At.Beijing(2030, 3, 2)).TrySubmit();

        Assert.Equal(Refusal.ServiceEnded, outcome.Refusal);
    }

    [Fact]
    public void Ending_the_service_twice_is_refused()
    {
        var member = new MemberBuilder().Build();
        var bad = new FilingBuilder(member).Build();
        ProtectionCancellation.Apply(member, [bad], bad.Id, Actor.Reviewer("r"), "not original", At.Beijing(2030, 3, 1));

        var again = ProtectionCancellation.Apply(member, [bad], bad.Id, Actor.Reviewer("r"), "not original", At.Beijing(2030, 3, 2));

        Assert.Equal(Refusal.ServiceAlreadyEnded, again.Refusal);
    }

    [Fact]
    public void Naming_a_filing_that_is_not_the_members_is_refused()
    {
        var member = new MemberBuilder().Build();
        var own = new FilingBuilder(member).Build();

        var outcome = ProtectionCancellation.Apply(member, [own], FilingId.New(), Actor.Reviewer("r"), "x", At.Beijing(2030, 3, 1));

        Assert.Equal(Refusal.FilingNotOfMember, outcome.Refusal);
        Assert.False(member.ServiceEnded);
    }
}
