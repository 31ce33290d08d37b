using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Data;
using Jebo.Casework.Feedback;
using Jebo.Testing;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Transfer;

/// <summary>An insider floods one case with messages to its reporter. Every status bundle carries each report's
/// messages, and intake refuses a record with more than it accepts: before, one flooded case made the bundle carrying
/// every other reporter's status unacceptable, and the status return stalled for all of them.</summary>
public sealed class StatusFloodTests
{
    [Theory]
    [DatabaseProviders]
    public async Task One_case_flooded_with_messages_neither_passes_the_daily_limit_nor_stalls_other_reporters_status(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var floodedReceipt = await platform.SubmitAsync("사하구 유흥업소 갈취 조직 flood-target", region: "26");
        var otherReceipt = await platform.SubmitAsync("해운대 불법 대부업 조직 other-reporter", region: "26");
        await platform.TransferAsync();
        var insider = await platform.StaffClientAsync("flooder", "26", "supervisor");
        insider.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var (flooded, other) = (
            await CaseOfAsync(platform, "flood-target"),
            await CaseOfAsync(platform, "other-reporter")
        );
        foreach (var id in new[] { flooded, other })
        {
            Assert.Equal(
                HttpStatusCode.OK,
                (await insider.PostAsJsonAsync($"/api/v1/cases/{id}/actions", new { action = "accept" })).StatusCode
            );
        }

        // Months of messages, as if the daily limit had been got round day after day.
        await using (var db = platform.OpenCaseworkDb())
        {
            var start = DateTimeOffset.UtcNow.AddDays(-3);
            db.CaseMessages.AddRange(
                Enumerable
                    .Range(0, StatusRecord.MaxMessages + 200)
                    .Select(i => new CaseMessage
                    {
                        Id = Guid.NewGuid(),
                        CaseId = flooded,
                        At = start.AddSeconds(i),
                        Text = $"old message {i}",
                        Author = "flooder",
                    })
            );
            await db.SaveChangesAsync();
        }

        for (var i = 0; i < StatusPublication.MessagesPerCasePerDay; i++)
        {
            var sent = await insider.PostAsJsonAsync(
                $"/api/v1/cases/{flooded}/actions",
                new { action = "publish-status", message = $"today {i}" }
            );
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var refused = await insider.PostAsJsonAsync(
            $"/api/v1/cases/{flooded}/actions",
            new { action = "publish-status", message = "one too many" }
        );
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(
            "in the last 24 hours",
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            StringComparison.Ordinal
        );

        // Another case's reporter is told as usual, and hears of it at intake.
        var told = await insider.PostAsJsonAsync(
            $"/api/v1/cases/{other}/actions",
            new { action = "publish-status", message = "확인 중입니다" }
        );
        Assert.Equal(HttpStatusCode.OK, told.StatusCode);
        await platform.TransferAsync();

        Assert.False(
            Directory.Exists(platform.Settings.Intake.QuarantineFolder)
                && Directory.EnumerateFileSystemEntries(platform.Settings.Intake.QuarantineFolder).Any(),
            "intake accepted the status bundle"
        );
        var otherStatus = await StatusAsync(platform, otherReceipt);
        Assert.Equal("accepted", otherStatus.GetProperty("status").GetString());
        Assert.Contains(otherStatus.GetProperty("messages").EnumerateArray(), m =>
            m.GetProperty("text").GetString() == "확인 중입니다"
        );

        var floodedMessages = (await StatusAsync(platform, floodedReceipt))
            .GetProperty("messages")
            .EnumerateArray()
            .Select(m => m.GetProperty("text").GetString())
            .ToList();
        Assert.Equal(StatusRecord.MaxMessages, floodedMessages.Count);
        Assert.Equal($"today {StatusPublication.MessagesPerCasePerDay - 1}", floodedMessages[^1]);
        Assert.DoesNotContain("one too many", floodedMessages);
    }

    private static async Task<string> CaseOfAsync(TestPlatform platform, string words)
    {
        await using var db = platform.OpenCaseworkDb();
        return (await db.Reports.ToListAsync()).Single(r => r.Content.Contains(words, StringComparison.Ordinal)).CaseId;
    }

    private static async Task<JsonElement> StatusAsync(TestPlatform platform, string receipt)
    {
        var response = await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
