namespace Originality.Server.Security;

/// <summary>The three roles of the API. A member sees only its own data.</summary>
public static class Roles
{
    public const string Member = "member";
    public const string Reviewer = "reviewer";
    public const string Operator = "operator";

    public static bool IsKnown(string role) => role is Member or Reviewer or Operator;
}

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    public const string Member = "member";
    public const string Reviewer = "reviewer";
    public const string Operator = "operator";
    public const string Staff = "staff";
}

/// <summary>Claim types carried by an authenticated caller.</summary>
public static class ClaimNames
{
    /// <summary>The member id, reviewer id or <c>operator</c>.</summary>
    public const string Subject = "sub";
    public const string Name = "name";
}
