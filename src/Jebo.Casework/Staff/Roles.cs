namespace Jebo.Casework.Staff;

/// <summary>The staff roles of CONTRACT.md; what each may do is decided in <see cref="CasePermissions"/>.</summary>
public static class Roles
{
    public const string Screener = "screener";
    public const string Investigator = "investigator";
    public const string Supervisor = "supervisor";
    public const string Auditor = "auditor";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All = [Screener, Investigator, Supervisor, Auditor, Administrator];
}
