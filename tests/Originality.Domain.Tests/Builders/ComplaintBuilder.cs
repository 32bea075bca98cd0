using NodaTime;
using Originality.Domain.Authorizations;
using Originality.Domain.Complaints;
using Originality.Domain.Filings;
using Originality.Domain.Members;
using Originality.Domain.Penalties;
using Originality.Domain.Time;

namespace Originality.Domain.Tests.Builders;

/// <summary>
/// A complaint scene: an owner with a certified picture, an accused seller with its ledger, and a
/// complaint filed (and optionally established) at given instants.
/// </summary>
internal sealed class ComplaintScene
{
    public ComplaintScene(WorkingDayCalendar? calendar = null, PenaltyLedger? ledger = null, Member? respondent = null)
    {
        Calendar = calendar ?? Calendars.WeekendsOnly;
        Owner = new MemberBuilder().Build();
        Respondent = respondent ?? new MemberBuilder().Build();
        Ledger = ledger ?? PenaltyLedger.Open(Respondent.Id);
        Picture = new FilingBuilder(Owner).FiledAt(At.Beijing(2030, 1, 2, 9)).Build();
    }

    public WorkingDayCalendar Calendar { get; }
    public Member Owner { get; }
    public Member Respondent { get; }
    public PenaltyLedger Ledger { get; }
    public Filing Picture { get; }
    public List<Authorization> Authorizations { get; } = [];
    public Actor Reviewer { get; } = Actor.Reviewer("reviewer-1");
    public PenaltyPolicy Policy { get; set; } = PenaltyPolicy.P003;

    public Complaint File(Instant at) =>
        Complaint.File(ComplaintId.New(), Owner, Respondent.Id, Category.Of("apparel"), [Picture], [ListingRef.Of("https://example.test/item/1")], "copied", Calendar, at)
            .GetValueOrThrow();

    public Outcome Establish(Complaint complaint, Instant at, OffenceSeverity severity = OffenceSeverity.Ordinary) =>
        complaint.Establish(Reviewer, "same picture", severity, [Picture], Authorizations, Ledger, Policy, Calendar, at);

    /// <summary>Files a complaint and establishes it at the same instant.</summary>
    public Complaint Established(Instant at, OffenceSeverity severity = OffenceSeverity.Ordinary)
    {
        var complaint = File(at);
        var outcome = Establish(complaint, at, severity);
        Assert.True(outcome.Succeeded, outcome.ToString());
        return complaint;
    }
}
