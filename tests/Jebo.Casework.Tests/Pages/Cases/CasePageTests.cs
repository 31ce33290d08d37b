using System.Net;
using System.Net.Http.Json;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Pages.Cases;

public sealed class CasePageTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_Seoul_user_gets_404_for_a_Busan_case_which_Busan_staff_open(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
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
        Assert.Contains((await PageTesting.AuditAsync(platform)), a =>
            a.Actor == "busan.sup" && a.Action == "case.viewed"
        );
    }

    [Theory]
    [DatabaseProviders("/cases/NOPE-NOPE-NOPE")]
    [DatabaseProviders("/cases/%3Cscript%3E")]
    [DatabaseProviders("/cases?page=-5&status=bogus&office=../../x")]
    [DatabaseProviders("/cases?page=999999999999")]
    public async Task Odd_addresses_answer_cleanly_never_with_a_server_error(string provider, string path)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("prober", "national", Roles.Supervisor);
        var answer = await browser.GetAsync(path);
        Assert.True(
            answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
            $"{path}: {(int)answer.StatusCode}"
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_identity_is_shown_only_on_request_to_allowed_roles_and_each_showing_is_recorded(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var caseId = await PageTesting.CaseInAsync(platform, "26380", "실명 제보입니다", PageTesting.NamedReporter);

        using var investigator = new StaffBrowser(platform);
        await investigator.SignInNewAccountAsync("busan.inv", "26", Roles.Investigator);
        var page = await investigator.GetPageAsync($"/cases/{caseId}");
        Assert.DoesNotContain("홍길동", page, StringComparison.Ordinal);
        Assert.DoesNotContain("010-2345-6789", page, StringComparison.Ordinal);
        // Without a stated purpose the identity stays hidden, the page says why, and nothing is recorded.
        var unexplained = await investigator.PostAsync(
            $"/cases/{caseId}?handler=Identity",
            StaffBrowser.AntiforgeryToken(page),
            []
        );
        Assert.Equal(HttpStatusCode.BadRequest, unexplained.StatusCode);
        Assert.DoesNotContain("홍길동", await unexplained.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await PageTesting.AuditAsync(platform)), a => a.Action == "identity.viewed");
        var shown = await investigator.PostAsync(
            $"/cases/{caseId}?handler=Identity",
            StaffBrowser.AntiforgeryToken(page),
            [KeyValuePair.Create("purpose", "to arrange the first call")]
        );
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var withIdentity = await shown.Content.ReadAsStringAsync();
        Assert.Contains("홍길동", withIdentity, StringComparison.Ordinal);
        Assert.Contains("010-2345-6789", withIdentity, StringComparison.Ordinal);
        Assert.Contains((await PageTesting.AuditAsync(platform)), a =>
            a.Actor == "busan.inv"
            && a.Action == "identity.viewed"
            && a.Details.Contains("to arrange the first call", StringComparison.Ordinal)
        );

        using var screener = new StaffBrowser(platform);
        await screener.SignInNewAccountAsync("busan.scr", "26", Roles.Screener);
        var screenerPage = await screener.GetPageAsync($"/cases/{caseId}");
        Assert.DoesNotContain("handler=Identity", screenerPage, StringComparison.Ordinal);
        var refused = await screener.PostAsync(
            $"/cases/{caseId}?handler=Identity",
            StaffBrowser.AntiforgeryToken(screenerPage),
            []
        );
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("홍길동", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await PageTesting.AuditAsync(platform)), a =>
            a.Actor == "busan.scr" && a.Action == "identity.viewed"
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Action_forms_walk_a_case_to_the_published_answer_and_explain_a_refusal(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var receipt = await platform.SubmitAsync("사하구 보호비 갈취 제보", "26380", PageTesting.NamedReporter);
        await platform.TransferAsync();
        string caseId;
        await using (var db = platform.OpenCaseworkDb())
        {
            caseId = db.Cases.Select(c => c.Id).Single();
        }

        using var busan = new StaffBrowser(platform);
        await busan.SignInNewAccountAsync("busan.sup", "26", Roles.Supervisor);
        using var national = new StaffBrowser(platform);
        await national.SignInNewAccountAsync("nat.sup", "national", Roles.Supervisor);

        async Task<HttpResponseMessage> ActAsync(StaffBrowser who, params (string Name, string Value)[] fields)
        {
            var page = await who.GetPageAsync($"/cases/{caseId}");
            var version = System
                .Text.RegularExpressions.Regex.Match(page, "name=\"version\" value=\"(\\d+)\"")
                .Groups[1]
                .Value;
            return await who.PostAsync(
                $"/cases/{caseId}?handler=Action",
                StaffBrowser.AntiforgeryToken(page),
                [.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create("version", version)]
            );
        }

        void Done(HttpResponseMessage answer, string action) =>
            Assert.True(
                answer.StatusCode == HttpStatusCode.Redirect
                    && answer.Headers.Location!.OriginalString.EndsWith($"?done={action}", StringComparison.Ordinal),
                $"{action}: {(int)answer.StatusCode}"
            );

        var tooEarly = await ActAsync(
            busan,
            ("action", "record-result"),
            ("result", "substantiated"),
            ("summary", "x")
        );
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        // The refusal explains itself on the Korean page, naming the step to take first in Korean.
        Assert.Contains("확인 중에 기록합니다", await tooEarly.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Done(await ActAsync(busan, ("action", "accept")), "accept");
        Done(await ActAsync(busan, ("action", "start-verification")), "start-verification");
        var missing = await ActAsync(busan, ("action", "record-contact"), ("channel", "phone"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("outcome", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Done(
            await ActAsync(
                busan,
                ("action", "record-contact"),
                ("channel", "phone"),
                ("outcome", "reached"),
                ("note", "통화함")
            ),
            "record-contact"
        );
        Done(
            await ActAsync(busan, ("action", "record-result"), ("result", "partly"), ("summary", "일부 사실")),
            "record-result"
        );

        // The double check: Busan cannot review its own result; the national office can.
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(busan, ("action", "review"))).StatusCode);
        Done(await ActAsync(national, ("action", "review"), ("decision", "approve")), "review");
        Done(
            await ActAsync(busan, ("action", "publish-status"), ("message", "확인 결과를 알려 드립니다.")),
            "publish-status"
        );

        // A stale form (the version it showed is old) is refused rather than applied over someone else's step.
        var page = await busan.GetPageAsync($"/cases/{caseId}");
        var stale = await busan.PostAsync(
            $"/cases/{caseId}?handler=Action",
            StaffBrowser.AntiforgeryToken(page),
            [KeyValuePair.Create("action", "close"), KeyValuePair.Create("version", "1")]
        );
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        await platform.TransferAsync();
        var status = await (
            await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt })
        ).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal("확인 결과를 알려 드립니다.", status.GetProperty("messages")[0].GetProperty("text").GetString());
    }

    [Theory]
    [DatabaseProviders("ko", "사건 목록")]
    [DatabaseProviders("en", "Case queue")]
    [DatabaseProviders("zh", "案件队列")]
    public async Task The_queue_speaks_Korean_by_default_and_English_or_Chinese_on_request(
        string provider,
        string language,
        string title
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("polyglot", "national", Roles.Screener);
        var page = await browser.GetPageAsync(language == "ko" ? "/cases" : $"/cases?lang={language}");
        Assert.Contains($"<html lang=\"{language}\">", page, StringComparison.Ordinal);
        Assert.Contains(title, page, StringComparison.Ordinal);
        // The choice is remembered for the next page.
        Assert.Contains(
            $"<html lang=\"{language}\">",
            await browser.GetPageAsync("/offices"),
            StringComparison.Ordinal
        );
    }
}
