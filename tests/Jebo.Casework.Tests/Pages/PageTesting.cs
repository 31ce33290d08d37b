using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Pages;

/// <summary>What the page tests share: cases made through the real intake path, and a look at the audit
/// chain.</summary>
internal static class PageTesting
{
    public static readonly object NamedReporter = new
    {
        anonymous = false,
        name = "홍길동",
        phone = "010-2345-6789",
        contactConsent = true,
    };

    /// <summary>Submits a report in <paramref name="region"/>, carries it across, and answers the case id.</summary>
    public static async Task<string> CaseInAsync(
        TestPlatform platform,
        string region,
        string description = "조직폭력배가 상인들에게 보호비를 요구합니다",
        object? reporter = null
    )
    {
        await platform.SubmitAsync(description, region, reporter);
        await platform.TransferAsync();
        await using var db = platform.OpenCaseworkDb();
        return await db.Cases.OrderByDescending(c => c.ReceivedAt).Select(c => c.Id).FirstAsync();
    }

    /// <summary>The audit entries (actor, action) in order.</summary>
    public static async Task<List<(string Actor, string Action, string Details)>> AuditAsync(TestPlatform platform)
    {
        await using var db = platform.OpenCaseworkDb();
        var entries = await db
            .AuditEntries.OrderBy(a => a.Sequence)
            .Select(a => new
            {
                a.Actor,
                a.Action,
                a.Details,
            })
            .ToListAsync();
        return [.. entries.Select(e => (e.Actor, e.Action, e.Details))];
    }

    public static async Task ChangeUserAsync(
        TestPlatform platform,
        string login,
        Action<Jebo.Casework.Data.StaffUser> change
    )
    {
        await using var db = platform.OpenCaseworkDb();
        var user = await db.Users.SingleAsync(u => u.Login == login);
        change(user);
        await db.SaveChangesAsync();
    }

    public static async Task<string> AddUserAsync(
        TestPlatform platform,
        string login,
        string office,
        string role,
        bool pledgeSigned = true
    )
    {
        var password = "Page-test-password-" + login;
        string[] args = ["users", "add", "--login", login, "--office", office, "--role", role, "--password-stdin"];
        await platform.RunCliAsync(password + "\n", pledgeSigned ? [.. args, "--pledge-signed"] : args);
        return password;
    }

    /// <summary>Publishes a new pledge version as a national administrator, through the page.</summary>
    public static async Task PublishPledgeAsync(TestPlatform platform, string korean, string english, string chinese)
    {
        using var national = new StaffBrowser(platform);
        await national.SignInNewAccountAsync("pledge.publisher", "national", Jebo.Casework.Staff.Roles.Administrator);
        var answer = await national.SubmitAsync(
            "/pledges/texts",
            ("text", korean),
            ("textEn", english),
            ("textZh", chinese)
        );
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
    }
}
