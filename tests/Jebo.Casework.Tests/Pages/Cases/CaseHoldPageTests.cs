using System.Net;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Pages.Cases;

/// <summary>The legal hold on the case page: shown to whoever reads the case, set and lifted by supervisors with a
/// reason, under the same rules as the API (<c>Retention/LegalHolds</c>), and refused in the reader's
/// language.</summary>
public sealed class CaseHoldPageTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Supervisors_set_and_lift_a_hold_on_the_page_and_others_cannot(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--retention-at", "off");
        var caseId = await PageTesting.CaseInAsync(platform, "26380", "사하구 건설 현장 보호비 갈취");
        var page = $"/cases/{caseId}";
        const string why = "검찰 요청: 증거 보존 (2026형제1234)";

        // An investigator reads that there is no hold and gets no form; posting one anyway is refused, unrecorded.
        using var investigator = new StaffBrowser(platform);
        await investigator.SignInNewAccountAsync("busan.inv", "26", Roles.Investigator);
        var investigatorPage = await investigator.GetPageAsync(page);
        Assert.Contains("data-hold=\"none\"", investigatorPage, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Hold", investigatorPage, StringComparison.Ordinal);
        var refused = await investigator.PostAsync(
            $"{page}?handler=Hold",
            StaffBrowser.AntiforgeryToken(investigatorPage),
            Fields("true", why)
        );
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("감독관만", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The province's supervisor must say why; then the hold stands, with its reason, in the trail.
        using var busan = new StaffBrowser(platform);
        await busan.SignInNewAccountAsync("busan.sup", "26", Roles.Supervisor);
        var busanPage = await busan.GetPageAsync(page);
        Assert.Contains("handler=Hold", busanPage, StringComparison.Ordinal);
        var token = StaffBrowser.AntiforgeryToken(busanPage);
        var unexplained = await busan.PostAsync($"{page}?handler=Hold", token, Fields("true", "   "));
        Assert.Equal(HttpStatusCode.BadRequest, unexplained.StatusCode);
        Assert.Contains("사유를 1~1000자로", await unexplained.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await PageTesting.AuditAsync(platform), a => a.Action == AuditActions.RetentionHoldSet);

        var set = await busan.PostAsync($"{page}?handler=Hold", token, Fields("true", why));
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.EndsWith("?hold=set#hold", set.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var held = await busan.GetPageAsync(page + "?hold=set");
        Assert.Contains("data-hold=\"held\"", held, StringComparison.Ordinal);
        Assert.Contains("2026형제1234", held, StringComparison.Ordinal);
        Assert.Contains(await PageTesting.AuditAsync(platform), a =>
            a.Actor == "busan.sup"
            && a.Action == AuditActions.RetentionHoldSet
            && JsonDocument.Parse(a.Details).RootElement.GetProperty("reason").GetString() == why
        );

        // Setting it twice says so; an office outside the case's jurisdiction finds no case to hold.
        var again = await busan.PostAsync(
            $"{page}?handler=Hold",
            StaffBrowser.AntiforgeryToken(held),
            Fields("true", why)
        );
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("이미 보존 중인", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var seoul = new StaffBrowser(platform);
        await seoul.SignInNewAccountAsync("seoul.sup", "11", Roles.Supervisor);
        var seoulPage = await seoul.GetPageAsync("/cases");
        var elsewhere = await seoul.PostAsync(
            $"{page}?handler=Hold",
            StaffBrowser.AntiforgeryToken(seoulPage),
            Fields("false", "필요 없음")
        );
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);

        // The province lifts its own hold.
        var lifted = await busan.PostAsync(
            $"{page}?handler=Hold",
            StaffBrowser.AntiforgeryToken(held),
            Fields("false", "수사 종결")
        );
        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        var free = await busan.GetPageAsync(page);
        Assert.Contains("data-hold=\"none\"", free, StringComparison.Ordinal);
        Assert.Contains(await PageTesting.AuditAsync(platform), a =>
            a.Actor == "busan.sup" && a.Action == AuditActions.RetentionHoldLifted
        );

        // What the national office holds, the province cannot lift.
        using var national = new StaffBrowser(platform);
        await national.SignInNewAccountAsync("national.sup", "national", Roles.Supervisor);
        var nationalPage = await national.GetPageAsync(page);
        Assert.Equal(
            HttpStatusCode.Redirect,
            (
                await national.PostAsync(
                    $"{page}?handler=Hold",
                    StaffBrowser.AntiforgeryToken(nationalPage),
                    Fields("true", why)
                )
            ).StatusCode
        );
        var notTheirs = await busan.PostAsync(
            $"{page}?handler=Hold",
            StaffBrowser.AntiforgeryToken(free),
            Fields("false", "필요 없음")
        );
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Contains("상급 기관만", await notTheirs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("data-hold=\"held\"", await busan.GetPageAsync(page), StringComparison.Ordinal);
    }

    private static KeyValuePair<string, string>[] Fields(string hold, string reason) =>
        [KeyValuePair.Create("hold", hold), KeyValuePair.Create("reason", reason)];
}
