using System.Net;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Pages.Cases;

public sealed class CasePageTests
{
    [Fact]
    public async Task A_Seoul_user_gets_404_for_a_Busan_case_which_Busan_staff_open()
    {
        await using var platform = await TestPlatform.StartAsync();
        var marker = "marker" + Guid.NewGuid().ToString("n")[..10];
        var caseId = await PageTesting.CaseInAsync(platform, "26380", $"부산 사하구 보호비 갈취 {marker}");

        using var seoul = new StaffBrowser(platform);
        await seoul.SignInNewAccountAsync("seoul.sup", "11", Roles.Supervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await seoul.GetAsync($"/cases/{caseId}")).StatusCode);
        Assert.DoesNotContain(caseId, await seoul.GetPageAsync("/cases"), StringComparison.Ordinal);
        Assert.DoesNotContain(caseId, await seoul.GetPageAsync($"/cases?q={marker}"), StringComparison.Ordinal);

        using var busan = new StaffBrowser(platform);
        await busan.SignInNewAccountAsync("busan.sup", "26", Roles.Supervisor);
        Assert.Contains(caseId, await busan.GetPageAsync($"/cases?q={marker}"), StringComparison.Ordinal);
        var page = await busan.GetPageAsync($"/cases/{caseId}");
        Assert.Contains(marker, page, StringComparison.Ordinal);
        Assert.Contains((await PageTesting.AuditAsync(platform)), a => a.Actor == "busan.sup" && a.Action == "case.viewed");
    }

    [Theory]
    [InlineData("/cases/NOPE-NOPE-NOPE")]
    [InlineData("/cases/%3Cscript%3E")]
    [InlineData("/cases?page=-5&status=bogus&office=../../x")]
    [InlineData("/cases?page=999999999999")]
    public async Task Odd_addresses_answer_cleanly_never_with_a_server_error(string path)
    {
        await using var platform = await TestPlatform.StartAsync();
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("prober", "national", Roles.Supervisor);
        var answer = await browser.GetAsync(path);
        Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path}: {(int)answer.StatusCode}");
    }

    [Fact]
    public async Task The_identity_is_shown_only_on_request_to_allowed_roles_and_each_showing_is_recorded()
    {
        await using var platform = await TestPlatform.StartAsync();
        var caseId = await PageTesting.CaseInAsync(platform, "26380", "실명 제보입니다", PageTesting.NamedReporter);

        using var investigator = new StaffBrowser(platform);
        await investigator.SignInNewAccountAsync("busan.inv", "26", Roles.Investigator);
        var page = await investigator.GetPageAsync($"/cases/{caseId}");
        Assert.DoesNotContain("홍길동", page, StringComparison.Ordinal);
        Assert.DoesNotContain("010-2345-6789", page, StringComparison.Ordinal);
        var shown = await investigator.PostAsync($"/cases/{caseId}?handler=Identity", StaffBrowser.AntiforgeryToken(page), []);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var withIdentity = await shown.Content.ReadAsStringAsync();
        Assert.Contains("홍길동", withIdentity, StringComparison.Ordinal);
        Assert.Contains("010-2345-6789", withIdentity, StringComparison.Ordinal);
        Assert.Contains((await PageTesting.AuditAsync(platform)), a => a.Actor == "busan.inv" && a.Action == "identity.viewed");

        using var screener = new StaffBrowser(platform);
        await screener.SignInNewAccountAsync("busan.scr", "26", Roles.Screener);
        var screenerPage = await screener.GetPageAsync($"/cases/{caseId}");
        Assert.DoesNotContain("handler=Identity", screenerPage, StringComparison.Ordinal);
        var refused = await screener.PostAsync($"/cases/{caseId}?handler=Identity", StaffBrowser.AntiforgeryToken(screenerPage), []);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("홍길동", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await PageTesting.AuditAsync(platform)), a => a.Actor == "busan.scr" && a.Action == "identity.viewed");
    }

    [Theory]
    [InlineData("ko", "사건 목록")]
    [InlineData("en", "Case queue")]
    [InlineData("zh", "案件队列")]
    public async Task The_queue_speaks_Korean_by_default_and_English_or_Chinese_on_request(string language, string title)
    {
        await using var platform = await TestPlatform.StartAsync();
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("polyglot", "national", Roles.Screener);
        var page = await browser.GetPageAsync(language == "ko" ? "/cases" : $"/cases?lang={language}");
        Assert.Contains($"<html lang=\"{language}\">", page, StringComparison.Ordinal);
        Assert.Contains(title, page, StringComparison.Ordinal);
        // The choice is remembered for the next page.
        Assert.Contains($"<html lang=\"{language}\">", await browser.GetPageAsync("/offices"), StringComparison.Ordinal);
    }
}
