using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Localization;

/// <summary>A refused step is explained in the caller's language (issue 15 item 7): the problem's title and its reason,
/// with the action, state and role named in that language; a program that names no language reads English.</summary>
public sealed partial class RefusalLanguageTests
{
    private static async Task<(string Title, string Detail)> RefusedAsync(
        HttpClient client,
        string id,
        object body,
        string? language,
        HttpStatusCode expected
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{id}/actions")
        {
            Content = JsonContent.Create(body),
        };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (problem.GetProperty("title").GetString()!, problem.GetProperty("detail").GetString() ?? "");
    }

    [Fact]
    public async Task A_step_the_state_refuses_is_explained_in_Korean_Chinese_or_English()
    {
        await using var platform = await TestPlatform.StartAsync();
        var busan = await platform.StaffClientAsync("lang-busan-sup", "26", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.Screened);
        var close = new { action = "close" };

        var (koTitle, koDetail) = await RefusedAsync(busan, id, close, "ko-KR", HttpStatusCode.Conflict);
        Assert.Matches(Hangul(), koTitle);
        Assert.Contains("종결", koDetail, StringComparison.Ordinal); // the action's Korean name
        Assert.DoesNotMatch(Latin(), koDetail);

        var (zhTitle, zhDetail) = await RefusedAsync(busan, id, close, "zh-CN,zh;q=0.9", HttpStatusCode.Conflict);
        Assert.Matches(Han(), zhTitle);
        Assert.Matches(Han(), zhDetail);
        Assert.DoesNotMatch(Hangul(), zhDetail);

        var (enTitle, enDetail) = await RefusedAsync(busan, id, close, null, HttpStatusCode.Conflict);
        Assert.Equal("The action is not allowed in the case's state.", enTitle);
        Assert.Contains("reviewed by an office above", enDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_the_role_forbids_names_the_roles_in_the_callers_language()
    {
        await using var platform = await TestPlatform.StartAsync();
        var screener = await platform.StaffClientAsync("lang-busan-scr", "26", "screener");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted);

        var (title, detail) = await RefusedAsync(
            screener,
            id,
            new { action = "start-verification" },
            "ko",
            HttpStatusCode.Forbidden
        );
        Assert.Matches(Hangul(), title);
        Assert.Contains("확인 담당", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("investigator", detail, StringComparison.Ordinal);
    }

    private static async Task<string> ProblemTitleAsync(
        HttpClient client,
        string path,
        string? language,
        HttpStatusCode expected
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return problem.GetProperty("title").GetString()!;
    }

    /// <summary>Problems of the endpoints beside the case steps (alerts, transfer alerts, samples, audit log, unknown
    /// case, attachment and document) follow Accept-Language too, with what they name (a month, a case id) in
    /// place.</summary>
    [Fact]
    public async Task The_other_endpoints_problems_are_in_the_callers_language()
    {
        await using var platform = await TestPlatform.StartAsync();
        var screener = await platform.StaffClientAsync("lang-busan-scr2", "26", "screener");
        var national = await platform.StaffClientAsync("lang-nat-sup", "national", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted);
        var missing = Guid.NewGuid();
        string[] forbidden = ["/api/v1/alerts", "/api/v1/transfer/alerts", "/api/v1/audit", "/api/v1/pledges"];
        foreach (var path in forbidden)
        {
            Assert.Matches(Hangul(), await ProblemTitleAsync(screener, path, "ko-KR", HttpStatusCode.Forbidden));
            var zh = await ProblemTitleAsync(screener, path, "zh-CN", HttpStatusCode.Forbidden);
            Assert.Matches(Han(), zh);
            Assert.DoesNotMatch(Hangul(), zh);
            Assert.StartsWith("Only ", await ProblemTitleAsync(screener, path, null, HttpStatusCode.Forbidden));
        }

        var sample = await ProblemTitleAsync(national, "/api/v1/samples/2026-11", "ko", HttpStatusCode.NotFound);
        Assert.Equal("2026-11의 확인 전화 표본은 아직 추출되지 않았습니다.", sample);
        Assert.Equal(
            "The callback sample of 2026-11 has not been drawn yet.",
            await ProblemTitleAsync(national, "/api/v1/samples/2026-11", "en", HttpStatusCode.NotFound)
        );

        var queue = await ProblemTitleAsync(screener, "/api/v1/queues/nope", "ko", HttpStatusCode.NotFound);
        Assert.StartsWith("'nope' 대기열은 없습니다.", queue, StringComparison.Ordinal);

        var noCase = await ProblemTitleAsync(screener, "/api/v1/cases/ZZZZ-ZZZZ-ZZZZ", "zh", HttpStatusCode.NotFound);
        Assert.Equal("您的管辖范围内没有案件ZZZZ-ZZZZ-ZZZZ。", noCase);
        var attachment = await ProblemTitleAsync(
            screener,
            $"/api/v1/cases/{id}/attachments/{missing}",
            "ko",
            HttpStatusCode.NotFound
        );
        Assert.Contains(id, attachment, StringComparison.Ordinal);
        Assert.Contains("첨부 파일", attachment, StringComparison.Ordinal);
        var document = await ProblemTitleAsync(
            screener,
            $"/api/v1/cases/{id}/documents/{missing}",
            "zh",
            HttpStatusCode.NotFound
        );
        Assert.Contains(missing.ToString(), document, StringComparison.Ordinal);
        Assert.Contains("文件", document, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\p{IsHangulSyllables}")]
    private static partial Regex Hangul();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex Latin();
}
