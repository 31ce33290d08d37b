using Jebo.Casework.Lifecycle;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Staff;

/// <summary>The roles table in docs/casework.md says exactly what <see cref="CasePermissions"/> decides.</summary>
public sealed class CasePermissionsDocumentationTests
{
    private static string RepositoryFile(string relative) => Path.Combine(TestRepository.Root, relative);

    [Fact]
    public void The_documented_roles_table_matches_the_policy()
    {
        var lines = File.ReadAllLines(RepositoryFile("docs/casework.md"));
        var header = Array.FindIndex(lines, l => l.StartsWith("| action | screener |", StringComparison.Ordinal));
        Assert.True(header >= 0, "no roles table in docs/casework.md");
        var roles = lines[header].Split('|', StringSplitOptions.TrimEntries)[2..^1];
        Assert.Equal(Roles.All, roles);
        var documented = new HashSet<(string, string)>();
        var actions = new List<string>();
        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries)[1..^1];
            actions.Add(cells[0]);
            for (var i = 0; i < roles.Length; i++)
            {
                if (cells[i + 1] == "yes")
                {
                    documented.Add((cells[0], roles[i]));
                }
            }
        }

        Assert.Equal(CaseAction.All.Order(), actions.Order());
        foreach (var action in CaseAction.All)
        {
            foreach (var role in Roles.All)
            {
                Assert.True(
                    documented.Contains((action, role)) == CasePermissions.MayTake(role, action),
                    $"{role} / {action}: docs and policy differ"
                );
            }
        }
    }

    [Fact]
    public void Auditors_and_administrators_never_act_administrators_read_no_case_and_only_some_roles_see_identities()
    {
        Assert.All(CaseAction.All, a => Assert.False(CasePermissions.MayTake(Roles.Auditor, a)));
        Assert.All(CaseAction.All, a => Assert.False(CasePermissions.MayTake(Roles.Administrator, a)));
        Assert.Equal(
            [Roles.Auditor, Roles.Investigator, Roles.Screener, Roles.Supervisor],
            Roles.All.Where(CasePermissions.MayReadCases).Order()
        );
        Assert.Equal(
            [Roles.Investigator, Roles.Screener, Roles.Supervisor],
            Roles.All.Where(CasePermissions.MayReadCaseContent).Order()
        );
        Assert.Equal([Roles.Investigator, Roles.Supervisor], Roles.All.Where(CasePermissions.MaySeeIdentity).Order());
        Assert.False(CasePermissions.MayTake("intruder", CaseAction.Accept));
    }
}
