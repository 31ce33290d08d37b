namespace Jebo.Casework.Staff;

/// <summary>The staff roles of CONTRACT.md.</summary>
public static class Roles
{
    public const string Screener = "screener";
    public const string Investigator = "investigator";
    public const string Supervisor = "supervisor";
    public const string Auditor = "auditor";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All = [Screener, Investigator, Supervisor, Auditor, Administrator];

    /// <summary>Roles that may see a reporter's name and phone (each showing is audited).</summary>
    public static bool MaySeeIdentity(string role) => role is Supervisor or Investigator;
}
