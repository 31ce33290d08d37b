using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Intake.Receipts;
using Jebo.Intake.Retention;
using Jebo.Testing;
using Jebo.Transfer.Receipts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake.Tests.Retention;

/// <summary>Intake's leftovers: the status rows of finished reports, with their acknowledged follow-ups, go once their
/// period has passed; anything still in use stays, the follow-ups of a case still worked on too (the reporter reads
/// them in the conversation); a dry run changes nothing.</summary>
public sealed class IntakeRetentionTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Finished_reports_status_rows_and_acknowledged_follow_ups_go_after_the_period(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(
            provider,
            "--retention-days",
            "intake=30",
            "--retention-at",
            "off",
            "--rate-limits",
            "off"
        );
        var finishedLongAgo = await platform.SubmitAsync("finished long ago");
        var finishedLately = await platform.SubmitAsync("finished lately");
        var stillWorked = await platform.SubmitAsync("still worked on");
        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await platform.Intake.PostAsJsonAsync(
                    "/api/v1/followups",
                    new { receipt = stillWorked, text = "one more thing" }
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await platform.Intake.PostAsJsonAsync(
                    "/api/v1/followups",
                    new { receipt = finishedLongAgo, text = "어떻게 되었나요?" }
                )
            ).StatusCode
        );
        await platform.TransferAsync();
        await platform.TransferAsync();
        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await platform.Intake.PostAsJsonAsync(
                    "/api/v1/followups",
                    new { receipt = stillWorked, text = "and another" }
                )
            ).StatusCode
        );
        var unsent = await platform.SubmitAsync("not yet carried across");

        var longAgo = DateTimeOffset.UtcNow.AddDays(-100);
        await using (var db = platform.OpenIntakeDb())
        {
            await SetAsync(db, platform, finishedLongAgo, "completed", longAgo);
            await SetAsync(db, platform, finishedLately, "not-accepted", DateTimeOffset.UtcNow.AddDays(-3));
            await SetAsync(db, platform, stillWorked, "in-verification", longAgo);
            await db.FollowUps.ExecuteUpdateAsync(s => s.SetProperty(f => f.ReceivedAt, longAgo));

            // Not carried across yet, however old and whatever it says: intake still needs it.
            var lookup = LookupId(platform, unsent);
            var pending = await db.Reports.SingleAsync(r => r.LookupId == lookup);
            Assert.NotNull(pending.Sealed);
            (pending.Status, pending.StatusUpdatedAt) = ("completed", longAgo);
            await db.SaveChangesAsync();
        }

        var preview = await RunAsync(platform, dryRun: true);
        Assert.Equal((1, 1), (preview.StatusRows, preview.FollowUps));
        Assert.Equal(
            HttpStatusCode.OK,
            (await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt = finishedLongAgo })).StatusCode
        );

        var round = await RunAsync(platform, dryRun: false);
        Assert.Equal((1, 1), (round.StatusRows, round.FollowUps));

        // The finished receipt answers as an unknown one; the others as before; the follow-up not yet carried stays.
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt = finishedLongAgo })).StatusCode
        );
        foreach (var receipt in new[] { finishedLately, stillWorked, unsent })
        {
            Assert.Equal(
                HttpStatusCode.OK,
                (await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt })).StatusCode
            );
        }

        await using (var db = platform.OpenIntakeDb())
        {
            Assert.Equal(1, await db.FollowUps.CountAsync(f => f.Sealed != null));
            Assert.Equal(1, await db.FollowUps.CountAsync(f => f.Sealed == null));
        }

        var conversation = await (
            await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt = stillWorked })
        ).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(conversation.GetProperty("followUps").EnumerateArray(), f =>
            f.GetProperty("text").GetString() == "one more thing"
        );

        Assert.Equal(0, (await RunAsync(platform, dryRun: false)).Total);
    }

    private static async Task SetAsync(
        Jebo.Intake.Data.IntakeDb db,
        TestPlatform platform,
        string receipt,
        string status,
        DateTimeOffset at
    )
    {
        var lookup = LookupId(platform, receipt);
        var report = await db.Reports.SingleAsync(r => r.LookupId == lookup);
        Assert.Null(report.Sealed); // casework holds it
        (report.Status, report.StatusUpdatedAt) = (status, at);
        await db.SaveChangesAsync();
    }

    private static byte[] LookupId(TestPlatform platform, string receipt) =>
        platform
            .IntakeApp.Services.GetRequiredService<ReceiptKeys>()
            .LookupId(Receipt.TryParse(receipt, out var parsed) ? parsed.Value : throw new ArgumentException(receipt));

    private static async Task<IntakeRetentionResult> RunAsync(TestPlatform platform, bool dryRun)
    {
        await using var scope = platform.IntakeApp.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<IntakeRetention>()
            .RunAsync(dryRun, CancellationToken.None);
    }
}
