using NodaTime;
using Originality.Domain.Filings;

namespace Originality.Domain.Authorizations;

/// <summary>The answer to "may member M use picture P in category K at instant T?".</summary>
public enum UseVerdict
{
    /// <summary>M owns P.</summary>
    Owner = 1,
    /// <summary>A-1..A-4: the owner authorized M for P in K, not revoked by T.</summary>
    Authorized = 2,
    /// <summary>P is not protected at T (not certified, or protection cancelled under F-7): no one is warned or penalised over it.</summary>
    NotProtected = 3,
    /// <summary>Use is unauthorized: warnings (D-1) and complaints (C-1) may follow.</summary>
    Unauthorized = 4,
}

/// <summary>
/// The one place that answers whether a member may use a certified picture in a category at an
/// instant. Detection (D-1), complaints (A-2, C-4) and the server all ask here.
/// </summary>
public static class PictureUse
{
    /// <summary>
    /// Decides the use of <paramref name="picture"/> by <paramref name="member"/> in
    /// <paramref name="category"/> at <paramref name="at"/>, given the authorizations granted for the
    /// picture (any others passed are ignored).
    /// </summary>
    public static UseVerdict Decide(MemberId member, Filing picture, Category category, Instant at, IEnumerable<Authorization> authorizations)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(authorizations);
        if (picture.Owner == member)
        {
            return UseVerdict.Owner;
        }
        if (!picture.IsProtectedAt(at))
        {
            return UseVerdict.NotProtected;
        }
        return authorizations.Any(a => a.State.Grantor == picture.Owner && a.Covers(member, picture.Id, category, at))
            ? UseVerdict.Authorized
            : UseVerdict.Unauthorized;
    }

    /// <summary>True when the verdict allows the use (owner, authorized, or picture not protected).</summary>
    public static bool IsAllowed(this UseVerdict verdict) => verdict != UseVerdict.Unauthorized;
}
