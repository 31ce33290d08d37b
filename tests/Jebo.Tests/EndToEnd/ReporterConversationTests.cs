using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Testing;

namespace Jebo.Tests.EndToEnd;

/// <summary>With only the receipt, a reporter reads what verification found and the whole conversation — the office's
/// messages and their own follow-ups, in Korean and Chinese — while intake never holds the result or the words
/// readable.</summary>
public sealed class ReporterConversationTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_referral_and_the_reporter_s_own_follow_ups_reach_the_status_unreadable_on_the_intake_side(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var publisher = await ResultPublisher.CreateAsync(platform);
        var marker = "convo" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync($"사하구 시장 보호비 갈취 {marker}", region: "26380");
        var hangul = $"추가 정보: 검은색 승용차 12가3456 {Guid.NewGuid():n}";
        var hanzi = $"补充：他们每周五晚上来收钱 {Guid.NewGuid():n}";
        var office = $"경찰에 이첩했습니다 {Guid.NewGuid():n}";

        var before = DateTimeOffset.UtcNow;
        await FollowUpAsync(platform, receipt, hangul);
        await platform.TransferAsync();
        var caseId = await publisher.CaseOfAsync(marker);
        var referral = new Dictionary<string, string>
        {
            ["result"] = "referred",
            ["agency"] = "police",
            ["summary"] = "경찰 수사 필요",
        };
        await publisher.PublishAsync(caseId, referral, office);
        await FollowUpAsync(platform, receipt, hanzi);
        var after = DateTimeOffset.UtcNow;
        await platform.TransferAsync();

        var korean = await StatusAsync(platform, receipt, "ko");
        Assert.Equal("completed", korean.GetProperty("status").GetString());
        Assert.Equal("referred", korean.GetProperty("result").GetString());
        Assert.Equal("police", korean.GetProperty("referredTo").GetString());
        Assert.Equal("제보하신 내용이 경찰에 이첩되었습니다.", korean.GetProperty("resultText").GetString());
        Assert.Equal(office, korean.GetProperty("messages").EnumerateArray().Single().GetProperty("text").GetString());
        var followUps = korean.GetProperty("followUps").EnumerateArray().ToList();
        Assert.Equal([hangul, hanzi], followUps.Select(f => f.GetProperty("text").GetString()));
        // Each at the moment it was sent (intake's own rows keep only the hour), the first before the office's answer.
        Assert.All(followUps, f => Assert.InRange(f.GetProperty("at").GetDateTimeOffset(), before, after));
        var answered = korean.GetProperty("messages")[0].GetProperty("at").GetDateTimeOffset();
        Assert.True(followUps[0].GetProperty("at").GetDateTimeOffset() < answered);

        var chinese = await StatusAsync(platform, receipt, "zh");
        Assert.Equal("您的举报已移送警察机关处理。", chinese.GetProperty("resultText").GetString());
        Assert.Equal(hanzi, chinese.GetProperty("followUps")[1].GetProperty("text").GetString());

        // Nothing of the result, the office's words or the reporter's is readable in intake's files, its database or
        // the spool: only the receipt opens them.
        var needles = new[] { hangul, hanzi, office, "referred", "police", "경찰", "\"agency\"" };
        foreach (var (where, bytes) in await IntakeSideAsync(platform))
        {
            foreach (var needle in needles)
            {
                var found = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
                Assert.False(found, $"'{needle}' stands readable in {where}");
            }
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task No_result_shows_before_a_reviewed_result_is_published_nor_after_a_reopening(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var publisher = await ResultPublisher.CreateAsync(platform);
        var national = await platform.StaffClientAsync("national-reopen", "national", "supervisor");
        var marker = "pending" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync($"사하구 불법 도박장 {marker}", region: "26380");
        await platform.TransferAsync();
        var caseId = await publisher.CaseOfAsync(marker);
        var busan = publisher.Busan;
        await ResultPublisher.ActAsync(busan, caseId, ResultPublisher.Action("accept"));
        await ResultPublisher.ActAsync(busan, caseId, ResultPublisher.Action("start-verification"));
        await ResultPublisher.ActAsync(
            busan,
            caseId,
            ResultPublisher.Action("publish-status", ("message", "확인 중입니다"))
        );
        var result = ResultPublisher.Action("record-result", ("result", "substantiated"), ("summary", "확인됨"));
        await ResultPublisher.ActAsync(busan, caseId, result);
        await platform.TransferAsync();

        // Recorded, not yet reviewed: the reporter hears the message, not the result.
        var recorded = await StatusAsync(platform, receipt, "ko");
        Assert.Equal("in-verification", recorded.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, recorded.GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.Null, recorded.GetProperty("resultText").ValueKind);
        Assert.Empty(recorded.GetProperty("followUps").EnumerateArray());

        await ResultPublisher.ActAsync(national, caseId, ResultPublisher.Action("review"));
        var feedback = ResultPublisher.Action("publish-status", ("message", "사실로 확인되었습니다"));
        await ResultPublisher.ActAsync(busan, caseId, feedback);
        await platform.TransferAsync();
        Assert.Equal("substantiated", (await StatusAsync(platform, receipt, "en")).GetProperty("result").GetString());

        await ResultPublisher.ActAsync(busan, caseId, ResultPublisher.Action("reopen", ("reason", "새 증거")));
        await platform.TransferAsync();
        var reopened = await StatusAsync(platform, receipt, "en");
        Assert.Equal("in-verification", reopened.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("result").ValueKind);
    }

    private static async Task<JsonElement> StatusAsync(TestPlatform platform, string receipt, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/status")
        {
            Content = JsonContent.Create(new { receipt }),
        };
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await platform.Intake.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Every byte on the intake side: its folder (the SQLite database among it), the spool, and on PostgreSQL
    /// every column of intake's database.</summary>
    internal static async Task<List<(string Where, byte[] Bytes)>> IntakeSideAsync(TestPlatform platform)
    {
        var contents = new List<(string, byte[])>();
        foreach (var file in platform.Files("intake").Concat(platform.Files("transfer")))
        {
            contents.Add((file, await File.ReadAllBytesAsync(file)));
        }

        foreach (var (column, bytes) in await platform.PostgresContentsAsync())
        {
            if (column.StartsWith("jebo_test_intake_", StringComparison.Ordinal))
            {
                contents.Add((column, bytes));
            }
        }

        Assert.Contains(contents, c =>
            c.Item1.EndsWith(".db", StringComparison.Ordinal)
            || c.Item1.Contains("follow_ups.ReporterCopy", StringComparison.Ordinal)
        );
        return contents;
    }

    private static async Task FollowUpAsync(TestPlatform platform, string receipt, string text)
    {
        var response = await platform.Intake.PostAsJsonAsync("/api/v1/followups", new { receipt, text });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
