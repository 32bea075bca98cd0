using NodaTime;
using Originality.Domain;
using Originality.Domain.Violations;

namespace Originality.Domain.Tests.Violations;

/// <summary>Test data for the V-rules: a penalized violation and a complete request for it.</summary>
internal sealed class ViolationBuilder
{
    // 2026-03-02 10:00 Beijing time (02:00 UTC), a Monday.
    public static readonly Instant DefaultPenalizedAt = Instant.FromUtc(2026, 3, 2, 2, 0);

    private MemberId _member = Ids.Seller;
    private ProductId _product = ProductId.Of("P-1001");
    private PictureViolationType _type = PictureViolationType.ContactDetailsShown;
    private ViolationPenalty _penalty = new(ProductRemoved: true, SearchDemoted: true, Points: 2);
    private Instant _penalizedAt = DefaultPenalizedAt;
    private ViolationPolicy _policy = ViolationPolicy.Default;

    public ViolationBuilder Of(MemberId member) { _member = member; return this; }
    public ViolationBuilder For(ProductId product) { _product = product; return this; }
    public ViolationBuilder OfType(PictureViolationType type) { _type = type; return this; }
    public ViolationBuilder WithPenalty(ViolationPenalty penalty) { _penalty = penalty; return this; }
    public ViolationBuilder PenalizedAt(Instant at) { _penalizedAt = at; return this; }
    public ViolationBuilder Under(ViolationPolicy policy) { _policy = policy; return this; }

    public PictureViolation Build() =>
        PictureViolation.Record(ViolationId.New(), _member, _product, _type, _penalty, _penalizedAt, _policy, Actor.System("image-review"));
}

internal sealed class RequestBuilder(PictureViolation violation)
{
    private MemberId _member = violation.MemberId;
    private ProductId _product = violation.ProductId;
    private string _ip = "203.0.113.7";
    private RecoveryMaterials _materials = Materials.Complete();

    public RequestBuilder By(MemberId member) { _member = member; return this; }
    public RequestBuilder For(ProductId product) { _product = product; return this; }
    public RequestBuilder From(string ip) { _ip = ip; return this; }
    public RequestBuilder With(RecoveryMaterials materials) { _materials = materials; return this; }

    public RecoveryRequest Build() => new(
        RecoveryApplicationId.New(), _member, violation.Id, _product, _ip,
        "The phone number printed on the box in picture 3 was removed; new pictures for all 4 SKUs attached.",
        _materials);
}

internal static class Materials
{
    public static MaterialFile File(string name) => new("store/" + name, name, new string('a', 64));

    public static RecoveryMaterials Complete() => new(
        new CommitmentLetter(File("letter.pdf"), SignedByHand: true, Sealed: true),
        [File("IMG_0001.jpg")],
        [new AuthorizationProof(AuthorizationKind.Model, Category.Of("apparel"), File("model.pdf"))],
        [new ReplacementPicture("SKU-RED", File("red.jpg"), AiGenerated: false)]);
}

internal static class Ids
{
    public static readonly MemberId Seller = new(Guid.Parse("0190a000-0000-7000-8000-000000000001"));
    public static readonly MemberId OtherSeller = new(Guid.Parse("0190a000-0000-7000-8000-000000000002"));
    public static readonly Actor Reviewer = Actor.Reviewer("rev-1");
}

internal static class Filing
{
    /// <summary>Files with no earlier applications and a quiet IP unless told otherwise.</summary>
    public static FilingOutcome File(
        PictureViolation violation, Instant now, RecoveryRequest? request = null,
        IEnumerable<RecoveryApplication>? earlier = null, int fromSameIp = 0, ViolationPolicy? policy = null) =>
        RecoveryFiling.File(request ?? new RequestBuilder(violation).Build(), violation, earlier ?? [], fromSameIp, policy ?? ViolationPolicy.Default, now);

    public static RecoveryApplication FiledApplication(PictureViolation violation, Instant now)
    {
        var outcome = File(violation, now);
        return Assert.IsType<FilingOutcome.Filed>(outcome).Application;
    }

    public static Refusal RefusalOf(FilingOutcome outcome) => Assert.IsType<FilingOutcome.Refused>(outcome).Refusal;
}
