using NodaTime;

namespace Originality.Domain.Members;

/// <summary>The persisted state of a <see cref="Member"/>; storage saves and loads exactly this.</summary>
/// <param name="Id">Member id.</param>
/// <param name="Marketplace">The marketplace the store sells on (selects the penalty policy).</param>
/// <param name="Nickname">Public nickname (A-1 authorizations name it).</param>
/// <param name="StoreId">Store id, <c>AE-</c> + 7 digits.</param>
/// <param name="Level">Store level Lv.1–Lv.5.</param>
/// <param name="Categories">Categories the member sells in.</param>
/// <param name="RegisteredAt">When the member was registered here.</param>
/// <param name="ServiceEndedAt">F-7: when the protection service was ended for this member, or null.</param>
/// <param name="ServiceEndedForFiling">F-7: the non-original filing that ended it, or null.</param>
/// <param name="ServiceEndedReason">F-7: the reviewer's reason, or null.</param>
public sealed record MemberState(
    MemberId Id,
    MarketplaceId Marketplace,
    Nickname Nickname,
    StoreId StoreId,
    StoreLevel Level,
    IReadOnlyList<Category> Categories,
    Instant RegisteredAt,
    Instant? ServiceEndedAt = null,
    FilingId? ServiceEndedForFiling = null,
    string? ServiceEndedReason = null);

/// <summary>
/// A seller account as far as original protection is concerned. Use <see cref="Register"/> to create
/// and <see cref="Restore"/> to load; <see cref="State"/> is what storage saves.
/// </summary>
public sealed class Member : IAudited
{
    private readonly List<AuditEntry> _pending = [];

    private Member(MemberState state) => State = state;

    /// <summary>The current state.</summary>
    public MemberState State { get; private set; }

    /// <summary>The member id.</summary>
    public MemberId Id => State.Id;

    /// <summary>The nickname.</summary>
    public Nickname Nickname => State.Nickname;

    /// <summary>F-7: true once the service was ended for this member.</summary>
    public bool ServiceEnded => State.ServiceEndedAt is not null;

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> PendingAudit => _pending;

    /// <inheritdoc/>
    public void ClearPendingAudit() => _pending.Clear();

    /// <summary>Registers a member (values are already validated by their types).</summary>
    public static Member Register(MemberId id, MarketplaceId marketplace, Nickname nickname, StoreId storeId, StoreLevel level, IEnumerable<Category> categories, Actor by, Instant now)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (!Enum.IsDefined(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Store levels are Lv.1 to Lv.5.");
        }
        if (nickname.Value is null || storeId.Value is null)
        {
            throw new ArgumentException("Nickname and store id must be parsed values, not default.");
        }
        var member = new Member(new MemberState(id, marketplace, nickname, storeId, level, [.. categories.Distinct()], now));
        member._pending.Add(new AuditEntry(now, by, "member", id.ToString(), "member.registered", "F-1", Data: FormattableString.Invariant($"store={storeId};level={(int)level}")));
        return member;
    }

    /// <summary>Rebuilds a member from stored state (no audit entry).</summary>
    public static Member Restore(MemberState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Member(state);
    }

    /// <summary>True when the member sells in <paramref name="category"/>.</summary>
    public bool SellsIn(Category category) => State.Categories.Contains(category);

    /// <summary>
    /// Records a change of store level or categories (operator data fed from the marketplace).
    /// Refused when dated before registration.
    /// </summary>
    public Outcome UpdateStore(StoreLevel level, IEnumerable<Category> categories, Actor by, Instant now)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (!Enum.IsDefined(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Store levels are Lv.1 to Lv.5.");
        }
        if (now < State.RegisteredAt)
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        var list = categories.Distinct().ToArray();
        State = State with { Level = level, Categories = list };
        _pending.Add(new AuditEntry(now, by, "member", Id.ToString(), "member.store-updated", "F-1",
            Data: FormattableString.Invariant($"level={(int)level};categories={string.Join(',', list.Select(c => c.Code))}")));
        return Outcome.Done;
    }

    /// <summary>
    /// F-7: a reviewer has established that <paramref name="filing"/> of this member is not original.
    /// Ends the service for the member. The caller must also call
    /// <see cref="Filings.Filing.CancelProtection"/> on ALL the member's filings —
    /// <see cref="Filings.ProtectionCancellation.Apply"/> does both.
    /// </summary>
    public Outcome EndServiceForNonOriginalFiling(FilingId filing, Actor reviewer, string reason, Instant now)
    {
        if (ServiceEnded)
        {
            return Outcome.Refused(Refusal.ServiceAlreadyEnded);
        }
        if (now < State.RegisteredAt)
        {
            return Outcome.Refused(Refusal.StaleInstant);
        }
        State = State with { ServiceEndedAt = now, ServiceEndedForFiling = filing, ServiceEndedReason = reason };
        _pending.Add(new AuditEntry(now, reviewer, "member", Id.ToString(), "member.service-ended", "F-7", reason, FormattableString.Invariant($"filing={filing}")));
        return Outcome.Done;
    }
}
