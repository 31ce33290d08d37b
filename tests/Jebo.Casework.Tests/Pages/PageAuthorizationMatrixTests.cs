using System.Net;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Pages;

/// <summary>Every staff page as every role, from an office inside the case's jurisdiction (Busan, 26) and from one
/// outside it (Seoul, 11): the page answers exactly what the roles matrix and the jurisdiction say.</summary>
public sealed class PageAuthorizationMatrixTests
{
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;
    private const HttpStatusCode Conflict = HttpStatusCode.Conflict;

    [Theory]
    [DatabaseProviders]
    public async Task Every_page_answers_every_role_inside_and_outside_the_jurisdiction_as_the_matrix_says(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var caseId = await PageTesting.CaseInAsync(platform, "26380", "실명 제보", PageTesting.NamedReporter);
        await PageTesting.AddUserAsync(platform, "saha.staff", "26380", Roles.Screener);
        var wrong = new List<string>();

        foreach (var role in Roles.All)
        {
            foreach (var (office, inside) in new[] { ("26", true), ("11", false) })
            {
                using var browser = new StaffBrowser(platform);
                var login = $"{role}-{office}";
                await browser.SignInNewAccountAsync(login, office, role);
                var isAdmin = role == Roles.Administrator;
                var readsCases = CasePermissions.MayReadCases(role); // need to know: not administrators
                var seesIdentity = CasePermissions.MaySeeIdentity(role);
                var mayAccept = CasePermissions.MayTake(role, "accept");
                var readsLog = CasePermissions.MayReadWholeAuditLog(role);
                var seesAlerts = CasePermissions.MaySeeSecurityAlerts(
                    new StaffPrincipal(Guid.Empty, login, office, role)
                );

                var expected = new List<(string What, Func<Task<HttpResponseMessage>> Ask, HttpStatusCode Status)>
                {
                    ("GET /cases", () => browser.GetAsync("/cases"), readsCases ? Ok : Forbidden),
                    (
                        "GET /cases/{id}",
                        () => browser.GetAsync($"/cases/{caseId}"),
                        !readsCases ? Forbidden
                        : inside ? Ok
                        : NotFound
                    ),
                    ("GET /queues/overdue", () => browser.GetAsync("/queues/overdue"), readsCases ? Ok : Forbidden),
                    (
                        "GET /queues/supervision",
                        () => browser.GetAsync("/queues/supervision"),
                        readsCases ? Ok : Forbidden
                    ),
                    (
                        "GET /queues/nonsense",
                        () => browser.GetAsync("/queues/nonsense"),
                        readsCases ? NotFound : Forbidden
                    ),
                    ("GET /offices", () => browser.GetAsync("/offices"), Ok),
                    ("GET /account/tokens", () => browser.GetAsync("/account/tokens"), Ok),
                    ("GET /account/password", () => browser.GetAsync("/account/password"), Ok),
                    ("GET /pledge", () => browser.GetAsync("/pledge"), Ok),
                    ("GET /admin/users", () => browser.GetAsync("/admin/users"), isAdmin ? Ok : Forbidden),
                    (
                        "GET /admin/users/saha.staff",
                        () => browser.GetAsync("/admin/users/saha.staff"),
                        !isAdmin ? Forbidden
                        : inside ? Ok
                        : NotFound
                    ),
                    ("GET /audit", () => browser.GetAsync("/audit"), readsLog ? Ok : Forbidden),
                    (
                        "GET /audit/identity/{id}",
                        () => browser.GetAsync($"/audit/identity/{caseId}"),
                        !readsLog ? Forbidden
                        : inside ? Ok
                        : NotFound
                    ),
                    ("GET /audit/alerts", () => browser.GetAsync("/audit/alerts"), seesAlerts ? Ok : Forbidden),
                    (
                        "POST identity",
                        () => PostAsync(browser, $"/cases/{caseId}?handler=Identity", [("purpose", "to call back")]),
                        !readsCases || !seesIdentity ? Forbidden
                        : inside ? Ok
                        : NotFound
                    ),
                    (
                        "POST identity without a purpose",
                        () => PostAsync(browser, $"/cases/{caseId}?handler=Identity", []),
                        !readsCases || !seesIdentity ? Forbidden
                        : inside ? HttpStatusCode.BadRequest
                        : NotFound
                    ),
                    // A stale version keeps the case as it is: 409 for those who may accept, 403 for those who may not.
                    (
                        "POST accept",
                        () =>
                            PostAsync(
                                browser,
                                $"/cases/{caseId}?handler=Action",
                                [("action", "accept"), ("version", "999")]
                            ),
                        !readsCases ? Forbidden
                        : !inside ? NotFound
                        : mayAccept ? Conflict
                        : Forbidden
                    ),
                };

                foreach (var (what, ask, status) in expected)
                {
                    var answer = await ask();
                    if (answer.StatusCode != status)
                    {
                        wrong.Add(
                            $"{role} at {office}: {what} answered {(int)answer.StatusCode}, expected {(int)status}"
                        );
                    }
                }
            }
        }

        Assert.Empty(wrong);
        var audit = await PageTesting.AuditAsync(platform);
        Assert.DoesNotContain(audit, a =>
            a.Action == "identity.viewed" && !a.Actor.EndsWith("-26", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(audit, a => a.Action == "case.accept");
    }

    private static async Task<HttpResponseMessage> PostAsync(
        StaffBrowser browser,
        string action,
        (string, string)[] fields
    )
    {
        var page = await browser.GetPageAsync("/offices");
        return await browser.PostAsync(
            action,
            StaffBrowser.AntiforgeryToken(page),
            fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2))
        );
    }
}
