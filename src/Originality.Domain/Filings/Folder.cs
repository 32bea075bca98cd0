using NodaTime;
using Originality.Domain.Members;

namespace Originality.Domain.Filings;

/// <summary>The persisted state of a <see cref="Folder"/>.</summary>
/// <param name="Id">Folder id.</param>
/// <param name="Owner">The member whose folder it is.</param>
/// <param name="Name">Folder name, unique per owner (ordinal, case-insensitive).</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record FolderState(FolderId Id, MemberId Owner, string Name, Instant CreatedAt);

/// <summary>F-2: a named folder of a member's own, into which its pictures are filed.</summary>
public sealed class Folder : IAudited
{
    /// <summary>Longest folder name.</summary>
    public const int MaxNameLength = 100;

    private readonly List<AuditEntry> _pending = [];

    private Folder(FolderState state) => State = state;

    /// <summary>The current state.</summary>
    public FolderState State { get; }

    /// <summary>Folder id.</summary>
    public FolderId Id => State.Id;

    /// <summary>Owner.</summary>
    public MemberId Owner => State.Owner;

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> PendingAudit => _pending;

    /// <inheritdoc/>
    public void ClearPendingAudit() => _pending.Clear();

    /// <summary>
    /// F-2: creates a named folder for <paramref name="owner"/>. Refused when the member may not use
    /// the service (F-1, F-7), the name is blank or too long, or the member already has a folder of
    /// that name (<paramref name="existingNamesOfOwner"/>, compared case-insensitively).
    /// </summary>
    public static Outcome<Folder> Create(FolderId id, Member owner, string name, IEnumerable<string> existingNamesOfOwner, TrialEligibility eligibility, Instant now)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(existingNamesOfOwner);
        ArgumentNullException.ThrowIfNull(eligibility);
        var allowed = eligibility.Check(owner);
        if (!allowed.Succeeded)
        {
            return new Outcome<Folder>(allowed.Refusal!);
        }
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength)
        {
            return new Outcome<Folder>(Refusal.InvalidFolderName);
        }
        if (existingNamesOfOwner.Any(n => string.Equals(n.Trim(), trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            return new Outcome<Folder>(Refusal.FolderNameTaken, trimmed);
        }
        var folder = new Folder(new FolderState(id, owner.Id, trimmed, now));
        folder._pending.Add(new AuditEntry(now, Actor.OfMember(owner.Id), "folder", id.ToString(), "folder.created", "F-2", Data: FormattableString.Invariant($"name={trimmed}")));
        return new Outcome<Folder>(folder);
    }

    /// <summary>Rebuilds a folder from stored state.</summary>
    public static Folder Restore(FolderState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Folder(state);
    }
}
