using NodaTime;
using Originality.Domain;
using Originality.Domain.Authorizations;
using Originality.Domain.Complaints;
using Originality.Domain.Filings;
using Originality.Domain.Members;
using Originality.Server.Application;
using Originality.Storage;
using Originality.Storage.Audit;

namespace Originality.Server.Reviewing;

/// <summary>
/// Everything the reviewer's case page shows, read in short sessions of its own before anything
/// is rendered (no transaction stays open while the page is written).
/// </summary>
/// <param name="Complainant">Staff only: the respondent never learns who complained (C-2).</param>
/// <param name="Timeline">The case's audit trail, oldest first.</param>
public sealed record CaseFile(
    Complaint Complaint,
    string Reference,
    Member? Complainant,
    Member? Respondent,
    IReadOnlyList<CasePicture> Pictures,
    IReadOnlyList<StoredAuditEntry> Timeline,
    Instant Now);

/// <summary>One certified picture of the complaint, with who may use it and every listing picture that copies it.</summary>
/// <param name="Use">A-2: what the authorization centre says of the respondent's use in the case's category, now.</param>
/// <param name="Authorizations">The owner's grants to the respondent for this picture (active or revoked).</param>
public sealed record CasePicture(Filing Filing, UseVerdict Use, IReadOnlyList<Authorization> Authorizations, IReadOnlyList<CaseMatch> Matches);

/// <summary>A listing picture that matches the certified one: when it was published against when the picture was filed (F-5, who was first).</summary>
public sealed record CaseMatch(
    MatchRecord Match, ListingRecord? Listing, ListingPicture? Picture, MatchEvidence.Alignment? Alignment)
{
    /// <summary>
    /// True when the picture was filed no later than the listing picture was published. At the same
    /// instant the filing counts as first: it was certified, and F-5 certifies nothing that a listing
    /// already showed.
    /// </summary>
    public bool FiledFirst(Filing filing) => Picture is null || filing.State.Evidence.FiledAt <= Picture.PublishedAt;
}

/// <summary>Reads a <see cref="CaseFile"/>.</summary>
public sealed class CaseFiles(OriginalityStore store, ListingStore listings, ComplaintService complaints, MatchEvidence evidence, IClock clock)
{
    /// <summary>The case by its id or its reference (CP-000123); null when there is none.</summary>
    public async Task<CaseFile?> LoadAsync(string idOrReference, CancellationToken cancellationToken)
    {
        var complaint = ComplaintReference.TryParse(idOrReference, out var number)
            ? await store.InSessionAsync(s => s.Complaints.FindByNumberAsync(number, cancellationToken), cancellationToken).ConfigureAwait(false)
            : await complaints.GetAsync(idOrReference, cancellationToken).ConfigureAwait(false);
        if (complaint is null)
        {
            return null;
        }
        var s = complaint.State;
        var now = clock.GetCurrentInstant();
        var references = await ComplaintReference.OfAsync(store, [complaint], cancellationToken).ConfigureAwait(false);
        var (complainant, respondent, timeline, filings, granted) = await store.InSessionAsync(async session =>
        {
            var filed = new List<Filing>();
            foreach (var id in s.Pictures)
            {
                if (await session.Filings.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } f)
                {
                    filed.Add(f);
                }
            }
            return (
                await session.Members.GetAsync(s.Complainant, cancellationToken).ConfigureAwait(false),
                await session.Members.GetAsync(s.Respondent, cancellationToken).ConfigureAwait(false),
                await session.Audit.ForSubjectAsync("complaint", complaint.Id.ToString(), cancellationToken).ConfigureAwait(false),
                filed,
                await session.Authorizations.ListForGranteeAsync(s.Respondent, cancellationToken).ConfigureAwait(false));
        }, cancellationToken).ConfigureAwait(false);

        var matches = await listings.MatchesAsync(s.Respondent, s.Complainant, null, cancellationToken).ConfigureAwait(false);
        var pictures = new List<CasePicture>();
        foreach (var filing in filings)
        {
            var found = new List<CaseMatch>();
            foreach (var m in matches.Where(m => m.FilingId == filing.Id.ToString()))
            {
                found.Add(new CaseMatch(m,
                    await listings.GetAsync(m.ListingId, cancellationToken).ConfigureAwait(false),
                    await listings.GetPictureAsync(m.PictureId, cancellationToken).ConfigureAwait(false),
                    await evidence.AlignmentAsync(m, cancellationToken).ConfigureAwait(false)));
            }
            var grants = granted.Where(a => a.State.Grantor == filing.Owner && a.State.Pictures.Contains(filing.Id)).ToList();
            pictures.Add(new CasePicture(filing, PictureUse.Decide(s.Respondent, filing, s.Category, now, grants), grants, found));
        }
        return new CaseFile(complaint, ComplaintReference.Of(references, complaint.Id), complainant, respondent, pictures, timeline, now);
    }
}
