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

    [GeneratedRegex(@"\p{IsHangulSyllables}")]
    private static partial Regex Hangul();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex Latin();
}
