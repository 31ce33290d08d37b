using Jebo.Casework;
using Jebo.Casework.Audit;
using Jebo.Cli;
using Jebo.Intake;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Cli;

/// <summary><c>jebo users list|set|revoke-tokens</c>, <c>jebo maintenance on|off</c> and the operator's own reference
/// lists, end to end through the entry point on a data folder made by <c>jebo init</c>, with no zone running (the verbs
/// work on the databases; a running zone reads what they write, as the platform tests show).</summary>
public sealed class AdministrationVerbsTests
{
    private const string Password = "Long-enough-password-1";

    [Fact]
    public async Task Users_list_shows_every_account_and_users_set_changes_role_office_and_state_as_break_glass()
    {
        using var site = await OperatorFolder.InitAsync();
        await site.RunWithInputAsync(
            Password + "\n",
            "users",
            "add",
            "--login",
            "kim",
            "--office",
            "26",
            "--role",
            "screener",
            "--password-stdin",
            "--pledge-signed"
        );

        var lines = (await site.RunAsync("users", "list")).TrimEnd('\n').Split('\n');
        Assert.Equal(
            ["login", "role", "office", "disabled", "last", "sign-in", "(UTC)"],
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)
        );
        Assert.Equal(
            ["admin", "administrator", "national", "no", "never"],
            lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)
        );
        Assert.Equal(
            ["kim", "screener", "26", "no", "never"],
            lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)
        );

        Assert.Contains(
            "kim: investigator at 26380, enabled (audited)",
            await site.RunAsync("users", "set", "--login", "kim", "--role", "investigator", "--office", "26380"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "kim: investigator at 26380, disabled",
            await site.RunAsync("users", "set", "--login", "kim", "--disabled", "true"),
            StringComparison.Ordinal
        );
        Assert.Equal(
            ["kim", "investigator", "26380", "yes", "never"],
            (await site.RunAsync("users", "list"))
                .TrimEnd('\n')
                .Split('\n')[2]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        );
        Assert.Contains(
            "is disabled",
            await site.FailAsync("users", "token", "--login", "kim"),
            StringComparison.Ordinal
        );
        await site.RunAsync("users", "set", "--login", "kim", "--disabled", "false");
        Assert.StartsWith(
            "jebo_",
            (await site.RunAsync("users", "token", "--login", "kim")).TrimEnd('\n').Split('\n')[^1],
            StringComparison.Ordinal
        );

        await using var db = CaseworkZone.OpenDatabase(Settings(site).Casework);
        var entries = await db
            .AuditEntries.Where(e => e.Actor == UsersCommand.CliActor)
            .OrderBy(e => e.Sequence)
            .Select(e => new { e.Action, e.Details })
            .ToListAsync();
        Assert.Equal(
            [
                AuditActions.UserRoleChanged,
                AuditActions.UserOfficeChanged,
                AuditActions.AccountBreakGlass,
                AuditActions.UserDisabled,
                AuditActions.UserEnabled,
                AuditActions.AccountBreakGlass,
            ],
            entries
                .Select(e => e.Action)
                .SkipWhile(a => a != AuditActions.UserRoleChanged)
                .Where(a => a != AuditActions.TokenIssued)
        );
        var glass = entries
            .SkipWhile(e => e.Action != AuditActions.UserRoleChanged)
            .First(e => e.Action == AuditActions.AccountBreakGlass);
        Assert.Contains("role screener to investigator, office 26 to 26380", glass.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_set_refuses_bad_input_and_never_leaves_no_enabled_national_administrator()
    {
        using var site = await OperatorFolder.InitAsync();
        string[][] changes =
        [
            ["--disabled", "true"],
            ["--role", "supervisor"],
            ["--office", "26"],
        ];
        foreach (var change in changes)
        {
            Assert.Contains(
                "last enabled national administrator",
                await site.FailAsync(["users", "set", "--login", "admin", .. change]),
                StringComparison.Ordinal
            );
        }

        Assert.Contains(
            "unknown role 'god'",
            await site.FailAsync("users", "set", "--login", "admin", "--role", "god"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "unknown office '99999'",
            await site.FailAsync("users", "set", "--login", "admin", "--office", "99999"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "no account 'nobody'",
            await site.FailAsync("users", "set", "--login", "nobody", "--disabled", "true"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "--disabled must be true or false",
            await site.MisuseAsync("users", "set", "--login", "admin", "--disabled", "yes"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "give at least one of",
            await site.MisuseAsync("users", "set", "--login", "admin"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "unknown option --password",
            await site.MisuseAsync("users", "set", "--login", "admin", "--password", "x"),
            StringComparison.Ordinal
        );

        // With a second national administrator the first may go; the second is then the last.
        await site.RunWithInputAsync(
            Password + "\n",
            "users",
            "add",
            "--login",
            "deputy",
            "--office",
            "national",
            "--role",
            "administrator",
            "--password-stdin",
            "--pledge-signed"
        );
        Assert.Contains(
            "admin: administrator at national, disabled",
            await site.RunAsync("users", "set", "--login", "admin", "--disabled", "true"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "last enabled national administrator",
            await site.FailAsync("users", "set", "--login", "deputy", "--office", "11"),
            StringComparison.Ordinal
        );
        await using var db = CaseworkZone.OpenDatabase(Settings(site).Casework);
        Assert.Equal("national", (await db.Users.SingleAsync(u => u.Login == "deputy")).OfficeCode);
    }

    [Fact]
    public async Task Users_revoke_tokens_revokes_every_token_and_ends_the_sessions_of_the_account()
    {
        using var site = await OperatorFolder.InitAsync();
        await site.RunWithInputAsync(
            Password + "\n",
            "users",
            "add",
            "--login",
            "kim",
            "--office",
            "26",
            "--role",
            "investigator",
            "--password-stdin",
            "--pledge-signed"
        );
        await site.RunAsync("users", "token", "--login", "kim");
        await site.RunAsync("users", "token", "--login", "kim");

        Assert.Contains(
            "kim signed out everywhere: 2 token(s) revoked, every web session ended (audited)",
            await site.RunAsync("users", "revoke-tokens", "--login", "kim"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "kim signed out everywhere: 0 token(s) revoked",
            await site.RunAsync("users", "revoke-tokens", "--login", "kim"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "no account 'nobody'",
            await site.FailAsync("users", "revoke-tokens", "--login", "nobody"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "--login is required",
            await site.MisuseAsync("users", "revoke-tokens"),
            StringComparison.Ordinal
        );

        await using var db = CaseworkZone.OpenDatabase(Settings(site).Casework);
        var kim = await db.Users.SingleAsync(u => u.Login == "kim");
        Assert.NotNull(kim.SessionsEndedAt);
        Assert.All(await db.ApiTokens.Where(t => t.UserId == kim.Id).ToListAsync(), t => Assert.NotNull(t.RevokedAt));
        Assert.Equal(
            2,
            await db.AuditEntries.CountAsync(e =>
                e.Action == AuditActions.UserSignedOutEverywhere && e.Actor == UsersCommand.CliActor
            )
        );
    }

    [Fact]
    public async Task Maintenance_on_and_off_set_the_switch_in_intake_s_database_with_or_without_a_running_intake()
    {
        using var site = await OperatorFolder.InitAsync();
        Assert.Contains(
            "maintenance on: every intake node refuses new reports and follow-ups with 503 within 5 s; status "
                + "look-ups keep working",
            await site.RunAsync("maintenance", "on", "--message", "오후 3시까지 점검합니다"),
            StringComparison.Ordinal
        );
        await using (var db = IntakeZone.OpenDatabase(Settings(site).Intake))
        {
            Assert.Equal("오후 3시까지 점검합니다", (await db.Maintenance.SingleAsync()).Message);
        }

        // On again changes the message; it stays one switch.
        await site.RunAsync("maintenance", "on");
        await using (var db = IntakeZone.OpenDatabase(Settings(site).Intake))
        {
            Assert.Null((await db.Maintenance.SingleAsync()).Message);
        }

        Assert.Contains(
            "maintenance off: every intake node takes reports again within 5 s",
            await site.RunAsync("maintenance", "off"),
            StringComparison.Ordinal
        );
        Assert.Contains("maintenance was not on", await site.RunAsync("maintenance", "off"), StringComparison.Ordinal);
        Assert.Contains(
            "unknown maintenance action 'pause'",
            await site.MisuseAsync("maintenance", "pause"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "--message may be at most 500",
            await site.MisuseAsync("maintenance", "on", "--message", new string('x', 501)),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "unknown option --message",
            await site.MisuseAsync("maintenance", "off", "--message", "x"),
            StringComparison.Ordinal
        );

        using var caseworkOnly = await OperatorFolder.InitAsync("--zone", "casework");
        Assert.Contains(
            "holds the casework zone, not intake: run this command on the intake machine",
            await caseworkOnly.FailAsync("maintenance", "on"),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Regions_and_categories_files_replace_the_built_in_lists_and_init_makes_the_office_tree_from_them()
    {
        using var site = OperatorFolder.Empty();
        var regions = site.Path("regions.csv");
        await File.WriteAllTextAsync(
            regions,
            "code,parent,ko,en,zh\nNB,,뉴브런즈윅,New "
                + "Brunswick,新不伦瑞克\nNB-FRE,NB,프레더릭턴,Fredericton,弗雷德里克顿\nNB-FRE-N,NB-FRE,프레더릭턴 북부,Fredericton "
                + "North,弗雷德里克顿北区\n"
        );
        var categories = site.Path("categories.csv");
        await File.WriteAllTextAsync(categories, "code,ko,en,zh\nsmuggling,밀수,Smuggling,走私\n");
        await site.RunAsync("init", "--regions-file", regions, "--categories-file", categories);

        await site.RunWithInputAsync(
            Password + "\n",
            "users",
            "add",
            "--login",
            "fred",
            "--office",
            "NB-FRE-N",
            "--role",
            "investigator",
            "--password-stdin",
            "--pledge-signed"
        );
        Assert.Contains(
            "unknown office '26'",
            await site.FailAsync(
                "users",
                "add",
                "--login",
                "busan",
                "--office",
                "26",
                "--role",
                "screener",
                "--password-stdin"
            ),
            StringComparison.Ordinal
        );
        await using (var db = CaseworkZone.OpenDatabase(Settings(site).Casework))
        {
            var offices = await db
                .Offices.OrderBy(o => o.Level)
                .Select(o => new
                {
                    o.Code,
                    o.ParentCode,
                    o.Level,
                })
                .ToListAsync();
            Assert.Equal(
                [("national", (string?)null, 0), ("NB", "national", 1), ("NB-FRE", "NB", 2), ("NB-FRE-N", "NB-FRE", 3)],
                offices.Select(o => (o.Code, o.ParentCode, o.Level))
            );
        }

        var broken = site.Path("broken.csv");
        await File.WriteAllTextAsync(broken, "code,parent,ko,en,zh\nX1,MISSING,가,A,甲\n");
        Assert.Contains(
            "names parent MISSING",
            await site.MisuseAsync("init", "--regions-file", broken),
            StringComparison.Ordinal
        );
        await File.WriteAllTextAsync(broken, "code,name\nX1,A\n");
        Assert.Contains(
            "lacks the column 'parent'",
            await site.MisuseAsync("init", "--regions-file", broken),
            StringComparison.Ordinal
        );
        await File.WriteAllTextAsync(broken, "code,parent,ko,en,zh\nnational,,가,A,甲\n");
        Assert.Contains("reserved", await site.MisuseAsync("init", "--regions-file", broken), StringComparison.Ordinal);
        await File.WriteAllTextAsync(broken, "code,ko,en,zh\ndrugs,마약,Drugs,毒品\ndrugs,마약,Drugs,毒品\n");
        Assert.Contains(
            "listed twice",
            await site.MisuseAsync("users", "list", "--categories-file", broken),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "--regions-file",
            await site.MisuseAsync("init", "--regions-file", site.Path("missing.csv")),
            StringComparison.Ordinal
        );
    }

    private static JeboSettings Settings(OperatorFolder site) =>
        JeboSettings.From(Arguments.Parse(["--data", site.Data]), null);
}
