using System.Net;
using Jebo.Casework.Audit;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Pages.Audit;

/// <summary>The auditor's pages: the log filtered by case, user, office, kind and period within the jurisdiction; the
/// identity question answered in one page; the CSV export, escaped and itself audited; the chain check; the
/// alerts.</summary>
public sealed class AuditPagesTests
{
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

    [Theory]
    [DatabaseProviders]
    public async Task The_log_filters_by_case_user_office_kind_and_period_and_pages(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busanCase = await PageTesting.CaseInAsync(platform, "26380", "부산 사하구 보호비 갈취");
        var seoulCase = await PageTesting.CaseInAsync(platform, "11110", "서울 종로구 불법 도박장");
        var busan = await platform.StaffClientAsync("busan.sup", "26", Roles.Supervisor);
        var seoul = await platform.StaffClientAsync("seoul.sup", "11", Roles.Supervisor);
        await busan.StepAsync(busanCase, new { action = "accept" });
        await seoul.StepAsync(seoulCase, new { action = "reject", reason = "out-of-scope" });
        using var auditor = await SignedInAsync(platform, "nat.aud", "national", Roles.Auditor);

        var byCase = await auditor.GetPageAsync($"/audit?case={busanCase}");
        Assert.Contains("case.accept", byCase, StringComparison.Ordinal);
        Assert.DoesNotContain(seoulCase, byCase, StringComparison.Ordinal);

        var byUser = await auditor.GetPageAsync("/audit?user=seoul.sup");
        // a rejection is asked for, then confirmed above
        Assert.Contains("case.requested", byUser, StringComparison.Ordinal);
        Assert.DoesNotContain("case.accept", byUser, StringComparison.Ordinal);

        var byOffice = await auditor.GetPageAsync("/audit?office=11");
        Assert.Contains(seoulCase, byOffice, StringComparison.Ordinal);
        Assert.DoesNotContain(busanCase, byOffice, StringComparison.Ordinal);

        var byKind = await auditor.GetPageAsync("/audit?kind=case.&office=26");
        Assert.Contains("case.created", byKind, StringComparison.Ordinal);
        Assert.DoesNotContain("signin.succeeded", byKind, StringComparison.Ordinal);

        var today = DateTimeOffset
            .UtcNow.ToOffset(TimeSpan.FromHours(9))
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(
            "case.accept",
            await auditor.GetPageAsync($"/audit?from={today}&to={today}"),
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(
            "case.accept",
            await auditor.GetPageAsync("/audit?from=2020-01-01&to=2020-01-31"),
            StringComparison.Ordinal
        );

        // Filters outside what the page offers are ignored, never a server error; fifty entries a page.
        Assert.Equal(
            HttpStatusCode.OK,
            (await auditor.GetAsync("/audit?office=../../x&kind=nonsense&from=yesterday&page=-3")).StatusCode
        );
        for (var i = 0; i < 30; i++)
        {
            await busan.GetAsync($"/api/v1/cases/{busanCase}");
        }

        var first = await auditor.GetPageAsync("/audit");
        Assert.Contains("rel=\"next\"", first, StringComparison.Ordinal);
        var second = await auditor.GetPageAsync("/audit?page=2");
        Assert.True(second.Contains("rel=\"prev\"", StringComparison.Ordinal), second);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_provincial_auditor_sees_nothing_outside_the_province(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busanCase = await PageTesting.CaseInAsync(
            platform,
            "26380",
            "부산 사하구 보호비 갈취",
            PageTesting.NamedReporter
        );
        var seoulCase = await PageTesting.CaseInAsync(
            platform,
            "11110",
            "서울 종로구 불법 도박장",
            PageTesting.NamedReporter
        );
        var seoul = await platform.StaffClientAsync("seoul.sup", "11", Roles.Supervisor);
        await seoul.GetAsync($"/api/v1/cases/{seoulCase}?include=identity&purpose=contact");
        using var busanAuditor = await SignedInAsync(platform, "busan.aud", "26", Roles.Auditor);

        var log = await busanAuditor.GetPageAsync("/audit");
        Assert.Contains(busanCase, log, StringComparison.Ordinal);
        Assert.DoesNotContain(seoulCase, log, StringComparison.Ordinal);
        Assert.DoesNotContain("seoul.sup", log, StringComparison.Ordinal);
        Assert.DoesNotContain(
            "<td><a href=\"/audit?user=seoul.sup\"",
            await busanAuditor.GetPageAsync("/audit?user=seoul.sup"),
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(
            $"href=\"/cases/{seoulCase}\"",
            await busanAuditor.GetPageAsync($"/audit?case={seoulCase}"),
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(seoulCase, await busanAuditor.GetPageAsync("/audit?office=11"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await busanAuditor.GetAsync($"/audit/identity/{seoulCase}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await busanAuditor.GetAsync($"/audit/identity/{busanCase}")).StatusCode);

        var page = await busanAuditor.GetPageAsync("/audit");
        var export = await busanAuditor.PostAsync("/audit?handler=Export", StaffBrowser.AntiforgeryToken(page), []);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.Contains(busanCase, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(seoulCase, csv, StringComparison.Ordinal);

        // The API's whole log keeps to the same jurisdiction.
        var api = await platform.StaffClientAsync("busan.aud2", "26", Roles.Auditor);
        var entries = await api.GetStringAsync("/api/v1/audit");
        Assert.Contains(busanCase, entries, StringComparison.Ordinal);
        Assert.DoesNotContain(seoulCase, entries, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_auditor_answers_who_saw_a_reporters_identity_and_when_even_after_a_merge(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var named = await PageTesting.CaseInAsync(
            platform,
            "26380",
            "실명 제보: 보호비 갈취",
            PageTesting.NamedReporter
        );
        var other = await PageTesting.CaseInAsync(platform, "26380", "같은 조직의 다른 제보");
        var anonymous = await PageTesting.CaseInAsync(platform, "26380", "익명 제보");
        var investigator = await platform.StaffClientAsync("busan.inv", "26", Roles.Investigator);
        var supervisor = await platform.StaffClientAsync("busan.sup", "26", Roles.Supervisor);
        var screener = await platform.StaffClientAsync("busan.scr", "26", Roles.Screener);
        using var auditor = await SignedInAsync(platform, "nat.aud", "national", Roles.Auditor);

        Assert.Contains(
            "nobody has seen it yet",
            await auditor.GetPageAsync($"/audit/identity/{named}?lang=en"),
            StringComparison.Ordinal
        );
        await investigator.GetAsync($"/api/v1/cases/{named}?include=identity&purpose=contact");
        // not allowed: nothing shown, nothing recorded
        await screener.GetAsync($"/api/v1/cases/{named}?include=identity&purpose=contact");

        // Merged into another case, the report's identity is shown there; the question about the original case still
        // finds it.
        await supervisor.ConfirmedAsync(
            await platform.StaffClientAsync("nat.sup", "national", Roles.Supervisor),
            named,
            new { action = "merge", into = other }
        );
        await supervisor.GetAsync($"/api/v1/cases/{other}?include=identity&purpose=contact");

        var casePage = await auditor.GetPageAsync($"/cases/{named}");
        Assert.Contains($"href=\"/audit/identity/{named}\"", casePage, StringComparison.Ordinal);
        var answer = await auditor.GetPageAsync($"/audit/identity/{named}?lang=en");
        Assert.Contains("busan.inv", answer, StringComparison.Ordinal);
        Assert.Contains("busan.sup", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("busan.scr", answer, StringComparison.Ordinal);
        Assert.Contains("shown 2 time(s) to 2 person(s)", answer, StringComparison.Ordinal);
        Assert.Contains(other, answer, StringComparison.Ordinal);
        Assert.DoesNotContain("홍길동", answer, StringComparison.Ordinal); // who looked, never the identity itself
        Assert.DoesNotContain("010-2345-6789", answer, StringComparison.Ordinal);

        Assert.Contains(
            "there is no identity to see",
            await auditor.GetPageAsync($"/audit/identity/{anonymous}"),
            StringComparison.Ordinal
        );
        var lookup = await auditor.GetAsync($"/audit/identity?case={named.ToLowerInvariant()}");
        Assert.Equal($"/audit/identity/{named}", lookup.Headers.Location?.OriginalString);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_export_is_escaped_and_is_itself_recorded(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var caseId = await PageTesting.CaseInAsync(platform, "26380", "부산 사하구 보호비 갈취");
        var supervisor = await platform.StaffClientAsync("busan.sup", "26", Roles.Supervisor);
        await supervisor.StepAsync(
            caseId,
            new
            {
                action = "transfer",
                office = "11",
                reason = "=HYPERLINK(\"http://x\"), \"quoted\"\r\nnext line",
            }
        );
        using var auditor = await SignedInAsync(platform, "nat.aud", "national", Roles.Auditor);

        var page = await auditor.GetPageAsync($"/audit?case={caseId}");
        var export = await auditor.PostAsync(
            "/audit?handler=Export",
            StaffBrowser.AntiforgeryToken(page),
            [KeyValuePair.Create("case", caseId)]
        );
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(
            "attachment",
            export.Content.Headers.ContentDisposition?.ToString(),
            StringComparison.Ordinal
        );
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var csv = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        var rows = ParseCsv(csv);
        Assert.Equal(AuditCsv.Header, rows[0]);
        var transfer = rows.Single(r => r[4] == "case.transfer");
        // the details, a JSON object, came through whole
        Assert.Contains("=HYPERLINK", transfer[6], StringComparison.Ordinal);
        Assert.Equal(caseId, transfer[5]);
        Assert.All(rows.Skip(1), r => Assert.Equal(caseId, r[5]));

        await using var db = platform.OpenCaseworkDb();
        var recorded = await db.AuditEntries.Where(e => e.Action == "audit.exported").SingleAsync();
        Assert.Equal("nat.aud", recorded.Actor);
        Assert.Equal(caseId, recorded.CaseId);
        Assert.Contains($"\"rows\":{rows.Count - 1}", recorded.Details, StringComparison.Ordinal);

        // A GET cannot export (no unrecorded copies through links or prefetching).
        Assert.NotEqual(
            "text/csv",
            (await auditor.GetAsync($"/audit?handler=Export&case={caseId}")).Content.Headers.ContentType?.MediaType
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_chain_check_runs_from_the_page_and_a_broken_chain_shows_there_and_in_the_alerts(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var caseId = await PageTesting.CaseInAsync(platform, "26380", "부산 사하구 보호비 갈취");
        using var auditor = await SignedInAsync(platform, "nat.aud", "national", Roles.Auditor);
        var page = await auditor.GetPageAsync("/audit?lang=en");
        var intact = await auditor.PostAsync("/audit?handler=Verify", StaffBrowser.AntiforgeryToken(page), []);
        Assert.Equal(HttpStatusCode.OK, intact.StatusCode);
        Assert.Contains(
            "The audit chain is intact",
            await intact.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "No alerts at the moment",
            await auditor.GetPageAsync("/audit/alerts"),
            StringComparison.Ordinal
        );

        long tampered;
        await using (var db = platform.OpenCaseworkDb())
        {
            // The entry the first check left, after the last signed checkpoint: where the alerts' quick check looks.
            var verified = await db.AuditEntries.SingleAsync(e => e.Action == "audit.verified");
            verified.Details = verified.Details.Replace("true", "false", StringComparison.Ordinal);
            tampered = verified.Sequence;
            await db.SaveChangesAsync();
        }

        var broken = await auditor.PostAsync("/audit?handler=Verify", StaffBrowser.AntiforgeryToken(page), []);
        Assert.Equal(HttpStatusCode.Conflict, broken.StatusCode);
        Assert.Contains($"entry {tampered} ", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var alerts = await auditor.GetPageAsync("/audit/alerts");
        Assert.True(alerts.Contains("The audit chain is broken.", StringComparison.Ordinal), alerts);
        Assert.Equal(2, (await PageTesting.AuditAsync(platform)).Count(a => a.Action == "audit.verified"));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Only_auditors_and_administrators_read_the_log_and_national_supervisors_see_the_alerts_too(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        foreach (
            var (role, office) in new[]
            {
                (Roles.Screener, "26"),
                (Roles.Investigator, "26"),
                (Roles.Supervisor, "national"),
                (Roles.Supervisor, "26"),
                (Roles.Auditor, "26"),
                (Roles.Administrator, "26"),
            }
        )
        {
            using var browser = await SignedInAsync(platform, $"{role}-{office}", office, role);
            var readsLog = CasePermissions.MayReadWholeAuditLog(role);
            var seesAlerts = CasePermissions.MaySeeSecurityAlerts(new StaffPrincipal(Guid.Empty, "x", office, role));
            Assert.Equal(
                readsLog ? HttpStatusCode.OK : HttpStatusCode.Forbidden,
                (await browser.GetAsync("/audit")).StatusCode
            );
            Assert.Equal(
                seesAlerts ? HttpStatusCode.OK : HttpStatusCode.Forbidden,
                (await browser.GetAsync("/audit/alerts")).StatusCode
            );
            var cases = await browser.GetPageAsync(CasePermissions.MayReadCases(role) ? "/cases" : "/offices");
            Assert.Equal(readsLog, cases.Contains("href=\"/audit\"", StringComparison.Ordinal));
            Assert.Equal(seesAlerts, cases.Contains("href=\"/audit/alerts\"", StringComparison.Ordinal));
            // No link leads a role to case lists it may not read (an administrator's menu has no queues).
            Assert.Equal(
                CasePermissions.MayReadCases(role),
                cases.Contains("href=\"/cases\"", StringComparison.Ordinal)
            );
            Assert.Equal(
                CasePermissions.MayReadCases(role),
                cases.Contains("href=\"/queues/overdue\"", StringComparison.Ordinal)
            );
            var export = await browser.PostAsync("/audit?handler=Export", StaffBrowser.AntiforgeryToken(cases), []);
            Assert.Equal(readsLog ? HttpStatusCode.OK : HttpStatusCode.Forbidden, export.StatusCode);
        }

        Assert.True(
            CasePermissions.MaySeeSecurityAlerts(new StaffPrincipal(Guid.Empty, "x", "national", Roles.Supervisor))
        );
        Assert.False(CasePermissions.MaySeeSecurityAlerts(new StaffPrincipal(Guid.Empty, "x", "26", Roles.Supervisor)));
    }

    /// <summary>A small RFC 4180 reader, to check the export the way a spreadsheet reads it.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                cell.Append(ch);
            }
        }

        return rows;
    }
}
