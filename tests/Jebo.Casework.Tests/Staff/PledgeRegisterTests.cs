using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jebo.Casework.Staff;
using Jebo.Casework.Tests.Pages;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Staff;

/// <summary>Issue 16, item 6: the pledge is versioned in the database and published by the national administrator
/// alone; the register holds every acceptance, on the web or on paper before a witness, and shows each administrator
/// and auditor their own jurisdiction. Each rule is tried by the insiders who would get around it.</summary>
public sealed partial class PledgeRegisterTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Only_the_national_administrator_publishes_a_new_pledge(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var province = await SignedInAsync(platform, "seoul.adm", "11", Roles.Administrator);
        using var supervisor = await SignedInAsync(platform, "nat.sup", "national", Roles.Supervisor);
        using var auditor = await SignedInAsync(platform, "nat.aud", "national", Roles.Auditor);
        using var national = await SignedInAsync(platform, "nat.adm", "national", Roles.Administrator);
        (string, string)[] texts = [("text", "새 서약"), ("textEn", "A new pledge"), ("textZh", "新承诺")];

        // The provincial administrator and the national auditor read the versions but may not publish; a national
        // supervisor may not even read them (taking the form's token from a page they may open).
        Assert.Equal(HttpStatusCode.Forbidden, (await province.SubmitAsync("/pledges/texts", texts)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.SubmitAsync("/pledges/texts", texts)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/pledges/texts")).StatusCode);
        var token = StaffBrowser.AntiforgeryToken(await supervisor.GetPageAsync("/account/tokens"));
        var posted = await supervisor.PostAsync(
            "/pledges/texts",
            token,
            texts.Select(t => KeyValuePair.Create(t.Item1, t.Item2))
        );
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.DoesNotContain("새 서약", await province.GetPageAsync("/pledges/texts"), StringComparison.Ordinal);

        // A text missing in one language is refused with the reason.
        var missing = await national.SubmitAsync("/pledges/texts", ("text", "새 서약"), ("textEn", "A new pledge"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("id=\"refusal\"", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.Equal([1], await db.PledgeTexts.Select(p => p.Version).ToListAsync());
        }

        var published = await national.SubmitAsync("/pledges/texts", texts);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Contains("id=\"published\"", await published.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = platform.OpenCaseworkDb())
        {
            var second = await db.PledgeTexts.SingleAsync(p => p.Version == 2);
            Assert.Equal(
                ("새 서약", "A new pledge", "新承诺", "nat.adm"),
                (second.Text, second.TextEn, second.TextZh, second.WrittenBy)
            );
        }

        var entry = (await PageTesting.AuditAsync(platform)).Single(a => a.Action == "pledge.published");
        Assert.Equal("nat.adm", entry.Actor);
        Assert.Contains("\"version\":2", entry.Details, StringComparison.Ordinal);

        // The publisher too accepts the new version before anything else.
        Assert.Equal("/pledge", (await national.GetAsync("/admin/users")).Headers.Location!.OriginalString);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_paper_pledge_needs_another_enabled_witness_the_administrator_manages(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var seoul = await SignedInAsync(platform, "seoul.adm", "11", Roles.Administrator);
        using var auditor = await SignedInAsync(platform, "seoul.aud", "11", Roles.Auditor);
        await PageTesting.AddUserAsync(platform, "seoul.new", "11110", Roles.Screener, pledgeSigned: false);
        await PageTesting.AddUserAsync(platform, "seoul.late", "11", Roles.Screener, pledgeSigned: false);
        await PageTesting.AddUserAsync(platform, "busan.new", "26", Roles.Screener, pledgeSigned: false);
        await PageTesting.AddUserAsync(platform, "seoul.wit", "11110", Roles.Investigator);
        await PageTesting.AddUserAsync(platform, "seoul.gone", "11", Roles.Investigator);
        await PageTesting.ChangeUserAsync(platform, "seoul.gone", u => u.DisabledAt = DateTimeOffset.UtcNow);
        await PageTesting.AddUserAsync(platform, "busan.wit", "26", Roles.Investigator);
        var today = Today().Match(await seoul.GetPageAsync("/pledges")).Groups[1].Value;
        var tomorrow = DateOnly
            .ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            .AddDays(1)
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        async Task<(HttpStatusCode, string)> PaperAsync(StaffBrowser who, string login, string witness, string day)
        {
            var answer = await who.SubmitAsync(
                "/pledges",
                [
                    KeyValuePair.Create("login", login),
                    KeyValuePair.Create("witness", witness),
                    KeyValuePair.Create("signedOn", day),
                    KeyValuePair.Create("version", "1"),
                ],
                "/pledges?handler=Paper"
            );
            var html = await answer.Content.ReadAsStringAsync();
            var refusal = Refusal().Match(html) is { Success: true } m ? m.Groups[1].Value : "";
            return (answer.StatusCode, refusal);
        }

        // The person as their own witness, a witness who does not exist or is disabled, one of another province, a
        // date to come or none: each refused with its reason; someone of another province does not exist for Seoul.
        foreach (
            var (witness, day) in new[]
            {
                ("seoul.new", today),
                ("nobody", today),
                ("seoul.gone", today),
                ("busan.wit", today),
                ("seoul.wit", tomorrow),
                ("seoul.wit", "not a date"),
            }
        )
        {
            var (status, refusal) = await PaperAsync(seoul, "seoul.new", witness, day);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.NotEqual("", refusal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await PaperAsync(seoul, "busan.new", "seoul.wit", today)).Item1);
        // An auditor reads the register but enters nothing in it.
        Assert.Equal(HttpStatusCode.Forbidden, (await PaperAsync(auditor, "seoul.new", "seoul.wit", today)).Item1);
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.False(await db.PledgeAcceptances.AnyAsync(a => a.Method == "paper" && a.Witness != null));
        }

        var (recorded, _) = await PaperAsync(seoul, "seoul.new", "seoul.wit", today);
        Assert.Equal(HttpStatusCode.OK, recorded);
        // Once is enough.
        Assert.Equal(HttpStatusCode.BadRequest, (await PaperAsync(seoul, "seoul.new", "seoul.adm", today)).Item1);
        // The national administrator manages every office, so may name a witness of any province.
        using var national = await SignedInAsync(platform, "nat.adm", "national", Roles.Administrator);
        Assert.Equal(HttpStatusCode.OK, (await PaperAsync(national, "seoul.late", "busan.wit", today)).Item1);

        await using (var db = platform.OpenCaseworkDb())
        {
            var person = await db.Users.SingleAsync(u => u.Login == "seoul.new");
            var row = await db.PledgeAcceptances.SingleAsync(a => a.UserId == person.Id);
            Assert.Equal(
                (1, "paper", "seoul.wit", "seoul.adm"),
                (row.Version, row.Method, row.Witness, row.RecordedBy)
            );
            Assert.NotNull(row.RecordedAt);
            // The account's own fields follow, so the person signs in straight to the cases.
            Assert.Equal(
                (1, "paper", row.AcceptedAt),
                (person.PledgeVersion, person.PledgeMethod, person.PledgeAcceptedAt)
            );
        }

        var entry = (await PageTesting.AuditAsync(platform)).First(a =>
            a.Action == "pledge.recorded" && a.Actor == "seoul.adm"
        );
        Assert.Contains("\"witness\":\"seoul.wit\"", entry.Details, StringComparison.Ordinal);
        Assert.Contains($"\"signedOn\":\"{today}\"", entry.Details, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_register_lists_web_and_paper_acceptances_within_the_readers_jurisdiction(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var web = new StaffBrowser(platform);
        await web.SignInNewAccountAsync("seoul.web", "11110", Roles.Investigator, pledgeSigned: false);
        Assert.Equal(
            HttpStatusCode.Redirect,
            (await web.SubmitAsync("/pledge", ("agree", "true"), ("version", "1"))).StatusCode
        );
        using var seoul = await SignedInAsync(platform, "seoul.adm", "11", Roles.Administrator);
        await PageTesting.AddUserAsync(platform, "seoul.paper", "11", Roles.Screener, pledgeSigned: false);
        await PageTesting.AddUserAsync(platform, "seoul.pending", "11", Roles.Screener, pledgeSigned: false);
        await PageTesting.AddUserAsync(platform, "busan.scr", "26", Roles.Screener);
        var today = Today().Match(await seoul.GetPageAsync("/pledges")).Groups[1].Value;
        var paper = await seoul.SubmitAsync(
            "/pledges",
            [
                KeyValuePair.Create("login", "seoul.paper"),
                KeyValuePair.Create("witness", "seoul.web"),
                KeyValuePair.Create("signedOn", today),
                KeyValuePair.Create("version", "1"),
            ],
            "/pledges?handler=Paper"
        );
        Assert.Equal(HttpStatusCode.OK, paper.StatusCode);

        using var seoulAuditor = await SignedInAsync(platform, "seoul.aud", "11", Roles.Auditor);
        using var nationalAuditor = await SignedInAsync(platform, "nat.aud", "national", Roles.Auditor);
        using var investigator = new StaffBrowser(platform);
        await investigator.SignInNewAccountAsync("seoul.inv", "11", Roles.Investigator);

        var page = await seoulAuditor.GetPageAsync("/pledges?lang=en");
        var acceptances = Section(page, "id=\"acceptances\"");
        Assert.Matches(@"<td>seoul\.web</td>(?:(?!</tr>)[\s\S])*<td>web</td>", acceptances);
        Assert.Matches(
            @$"<td>seoul\.paper</td>(?:(?!</tr>)[\s\S])*<td>{today}</td>\s*<td>paper</td>\s*<td>seoul\.web</td>",
            acceptances
        );
        Assert.DoesNotContain("busan.scr", page, StringComparison.Ordinal);
        var notYet = Section(page, "aria-labelledby=\"not-yet\"");
        Assert.Contains("<td>seoul.pending</td>", notYet, StringComparison.Ordinal);
        Assert.DoesNotContain("seoul.web", notYet, StringComparison.Ordinal);

        var everyone = await nationalAuditor.GetPageAsync("/pledges");
        Assert.Contains("<td>busan.scr</td>", Section(everyone, "id=\"acceptances\""), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.GetAsync("/pledges")).StatusCode);

        // The API gives the same register to the same readers.
        var seoulApi = await platform.StaffClientAsync("seoul.aud.api", "11", Roles.Auditor);
        var register = await seoulApi.GetFromJsonAsync<JsonElement>("/api/v1/pledges");
        Assert.Equal(1, register.GetProperty("currentVersion").GetInt32());
        var rows = register
            .GetProperty("acceptances")
            .EnumerateArray()
            .Select(a =>
                (
                    a.GetProperty("login").GetString(),
                    a.GetProperty("method").GetString(),
                    a.GetProperty("witness").GetString()
                )
            )
            .ToList();
        Assert.Contains(("seoul.paper", "paper", "seoul.web"), rows);
        Assert.Contains(("seoul.web", "web", null), rows);
        Assert.DoesNotContain(rows, r => r.Item1 == "busan.scr");
        Assert.Contains(
            "seoul.pending",
            register.GetProperty("notYetAccepted").EnumerateArray().Select(p => p.GetProperty("login").GetString())
        );
        var investigatorApi = await platform.StaffClientAsync("seoul.inv.api", "11", Roles.Investigator);
        Assert.Equal(HttpStatusCode.Forbidden, (await investigatorApi.GetAsync("/api/v1/pledges")).StatusCode);
    }

    private static async Task<StaffBrowser> SignedInAsync(
        TestPlatform platform,
        string login,
        string office,
        string role
    )
    {
        var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync(login, office, role);
        return browser;
    }

    /// <summary>The part of a page from <paramref name="marker"/> to the end of its table.</summary>
    private static string Section(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {marker} on the page");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("name=\"signedOn\"[^>]*max=\"([0-9-]+)\"")]
    private static partial Regex Today();

    [GeneratedRegex("id=\"refusal\">([^<]+)<")]
    private static partial Regex Refusal();
}
