using NodaTime;
using Originality.Domain.Violations;

namespace Originality.Domain.Tests.Violations;

/// <summary>V-3: one application per violation and product; a rejected one is never filed again.</summary>
public class OneApplicationTests
{
    private static readonly Instant Now = ViolationBuilder.DefaultPenalizedAt + Duration.FromDays(1);

    [Fact]
    public void A_second_application_for_the_same_violation_and_product_is_refused()
    {
        var violation = new ViolationBuilder().Build();
        var first = Filing.FiledApplication(violation, Now);

        var second = Filing.File(violation, Now + Duration.FromHours(1), earlier: [first]);

        var refusal = Filing.RefusalOf(second);
        Assert.Same(Refusal.RecoveryAlreadyFiled, refusal);
        Assert.Equal("V-3", refusal.RuleId);
    }

    [Fact]
    public void A_second_application_after_an_approval_is_refused()
    {
        var violation = new ViolationBuilder().Build();
        var first = Filing.FiledApplication(violation, Now);
        Assert.True(first.Approve(violation, Ids.Reviewer, Now + Duration.FromHours(1)).Succeeded);

        var second = Filing.File(violation, Now + Duration.FromHours(2), earlier: [first]);

        Assert.Same(Refusal.RecoveryAlreadyFiled, Filing.RefusalOf(second));
    }

    [Fact]
    public void A_rejected_application_cannot_be_filed_again_even_inside_the_window()
    {
        var violation = new ViolationBuilder().Build();
        var first = Filing.FiledApplication(violation, Now);
        Assert.True(first.Reject(["The replacement still shows a phone number."], Ids.Reviewer, Now + Duration.FromHours(1)).Succeeded);

        var refiled = Filing.File(violation, Now + Duration.FromHours(2), earlier: [first]);

        Assert.Same(Refusal.RecoveryRejectedBefore, Filing.RefusalOf(refiled));
    }

    [Fact]
    public void A_rejected_application_refiled_after_the_window_is_told_it_can_never_be_refiled()
    {
        var violation = new ViolationBuilder().Build();
        var first = Filing.FiledApplication(violation, Now);
        first.Reject(["No EXIF in the source files."], Ids.Reviewer, Now + Duration.FromHours(1));

        var refiled = Filing.File(violation, violation.RecoveryDeadline(ViolationPolicy.Default) + Duration.FromDays(1), earlier: [first]);

        Assert.Same(Refusal.RecoveryRejectedBefore, Filing.RefusalOf(refiled));
    }

    [Fact]
    public void A_held_application_counts_as_the_one_application()
    {
        var violation = new ViolationBuilder().Build();
        var held = Assert.IsType<FilingOutcome.Held>(Filing.File(violation, Now, fromSameIp: 99)).Application;

        var second = Filing.File(violation, Now + Duration.FromHours(1), earlier: [held]);

        Assert.Same(Refusal.RecoveryAlreadyFiled, Filing.RefusalOf(second));
    }

    [Fact]
    public void An_application_for_another_violation_of_the_same_product_is_not_affected()
    {
        var first = new ViolationBuilder().Build();
        var other = new ViolationBuilder().OfType(PictureViolationType.NonPlatformWatermark).Build();
        var filedForFirst = Filing.FiledApplication(first, Now);
        filedForFirst.Reject(["Reason"], Ids.Reviewer, Now + Duration.FromHours(1));

        var outcome = Filing.File(other, Now + Duration.FromHours(2), earlier: [filedForFirst]);

        Assert.IsType<FilingOutcome.Filed>(outcome);
    }

    [Theory]
    [InlineData("letter-unsigned", "commitment-letter-missing")]
    [InlineData("letter-unsealed", "commitment-letter-missing")]
    [InlineData("no-letter", "commitment-letter-missing")]
    [InlineData("no-source", "source-files-missing")]
    [InlineData("no-replacement", "replacements-missing")]
    public void Missing_required_materials_are_refused_as_V_4(string missing, string code)
    {
        var violation = new ViolationBuilder().Build();
        var complete = Materials.Complete();
        var materials = missing switch
        {
            "letter-unsigned" => complete with { CommitmentLetter = complete.CommitmentLetter! with { SignedByHand = false } },
            "letter-unsealed" => complete with { CommitmentLetter = complete.CommitmentLetter! with { Sealed = false } },
            "no-letter" => complete with { CommitmentLetter = null },
            "no-source" => complete with { SourceFiles = [] },
            _ => complete with { Replacements = [] },
        };

        var outcome = Filing.File(violation, Now, new RequestBuilder(violation).With(materials).Build());

        var refusal = Filing.RefusalOf(outcome);
        Assert.Equal(code, refusal.Code);
        Assert.Equal("V-4", refusal.RuleId);
    }
}
