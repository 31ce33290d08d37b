using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;

namespace Jebo.Tests.EndToEnd;

/// <summary>Two reporters about one matter: a follow-up reaches its case, merging joins the cases, and each reporter
/// reads, by their own receipt, the status of the joined case and the messages meant for them — the merged-in reporter
/// never the target's earlier history, so a near-duplicate report cannot learn what another reporter was
/// told.</summary>
public sealed class MergedReportFeedbackTests
{
    private static async Task<JsonElement> StatusAsync(TestPlatform platform, string receipt) =>
        await (
            await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt })
        ).Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<string> CaseOfAsync(HttpClient staff, string marker)
    {
        foreach (
            var item in (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases?q={marker}"))
                .GetProperty("items")
                .EnumerateArray()
        )
        {
            return item.GetProperty("id").GetString()!;
        }

        throw new InvalidOperationException($"no case holds {marker}");
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_merged_reporter_hears_the_joined_case_and_a_follow_up_appears_in_it(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var first = await platform.SubmitAsync("하단동 오락실 불법 도박 첫째 제보 mark-one", "26380");
        var second = await platform.SubmitAsync("하단동 오락실 불법 도박 둘째 제보 mark-two", "26380");
        await platform.TransferAsync();
        var one = await CaseOfAsync(busan, "mark-one");
        var two = await CaseOfAsync(busan, "mark-two");

        await busan.PostAsJsonAsync(
            $"/api/v1/cases/{one}/actions",
            new { action = "publish-status", message = "for-first-only" }
        );
        await busan.PostAsJsonAsync(
            $"/api/v1/cases/{two}/actions",
            new { action = "publish-status", message = "target-history" }
        );
        var followUp = await platform.Intake.PostAsJsonAsync(
            "/api/v1/followups",
            new { receipt = first, text = "차량번호 12가3456 mark-follow" }
        );
        Assert.True(followUp.IsSuccessStatusCode);
        await platform.TransferAsync();
        Assert.Contains("mark-follow", await busan.GetStringAsync($"/api/v1/cases/{one}"), StringComparison.Ordinal);

        (
            await busan.PostAsJsonAsync($"/api/v1/cases/{one}/actions", new { action = "merge", into = two })
        ).EnsureSuccessStatusCode();
        (
            await national.PostAsJsonAsync($"/api/v1/cases/{one}/actions", new { action = "review" })
        ).EnsureSuccessStatusCode(); // the second person

        var joined = await busan.GetStringAsync($"/api/v1/cases/{two}");
        Assert.Contains("mark-one", joined, StringComparison.Ordinal);
        Assert.Contains("mark-follow", joined, StringComparison.Ordinal);

        foreach (
            var step in new object[]
            {
                new { action = "accept" },
                new { action = "start-verification" },
                new
                {
                    action = "record-result",
                    result = "partly",
                    summary = "one of two arcades",
                },
            }
        )
        {
            (await busan.PostAsJsonAsync($"/api/v1/cases/{two}/actions", step)).EnsureSuccessStatusCode();
        }

        (
            await national.PostAsJsonAsync($"/api/v1/cases/{two}/actions", new { action = "review" })
        ).EnsureSuccessStatusCode();
        (
            await busan.PostAsJsonAsync(
                $"/api/v1/cases/{two}/actions",
                new { action = "publish-status", message = "for-both" }
            )
        ).EnsureSuccessStatusCode();
        await platform.TransferAsync();

        var firstStatus = await StatusAsync(platform, first);
        var secondStatus = await StatusAsync(platform, second);
        Assert.Equal("completed", firstStatus.GetProperty("status").GetString());
        Assert.Equal("completed", secondStatus.GetProperty("status").GetString());
        var firstTexts = firstStatus
            .GetProperty("messages")
            .EnumerateArray()
            .Select(m => m.GetProperty("text").GetString())
            .ToList();
        var secondTexts = secondStatus
            .GetProperty("messages")
            .EnumerateArray()
            .Select(m => m.GetProperty("text").GetString())
            .ToList();
        Assert.Equal(["for-first-only", "for-both"], firstTexts);
        Assert.Equal(["target-history", "for-both"], secondTexts);
        Assert.DoesNotContain("target-history", firstTexts);

        // The case the report left reads nothing of it any more: not the report, nor a follow-up sent after the merge.
        (
            await platform.Intake.PostAsJsonAsync(
                "/api/v1/followups",
                new { receipt = first, text = "새 정보 mark-later" }
            )
        ).EnsureSuccessStatusCode();
        await platform.TransferAsync();
        var away = await busan.GetStringAsync($"/api/v1/cases/{one}");
        Assert.DoesNotContain("mark-one", away, StringComparison.Ordinal);
        Assert.DoesNotContain("mark-follow", away, StringComparison.Ordinal);
        Assert.DoesNotContain("mark-later", away, StringComparison.Ordinal);
        Assert.Contains("mark-later", await busan.GetStringAsync($"/api/v1/cases/{two}"), StringComparison.Ordinal);
    }
}
