using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests;

/// <summary>Puts cases straight into a platform's casework database in a chosen state, with the fields that state
/// implies, so that a test can try an action in any state without walking every case there first.</summary>
internal static class CaseSeeds
{
    public const string ResultRecorder = "seed-investigator";

    public static async Task<string> AddAsync(
        TestPlatform platform,
        string office = "26",
        string status = CaseStatus.Received,
        bool named = true,
        Action<CaseRecord>? shape = null
    )
    {
        var now = DateTimeOffset.UtcNow;
        var clock = platform.CaseworkApp.Services.GetRequiredService<CaseClock>();
        var c = new CaseRecord
        {
            Id = CaseId.New(),
            Status = status,
            OfficeCode = office,
            Region = office == "national" ? "unclear" : office,
            Category = "drugs",
            ReceivedAt = now.AddDays(-1),
            UpdatedAt = now,
            HasContact = named,
            PublicStatusAt = now,
        };
        clock.StartReceived(c);
        var accepted =
            status
            is CaseStatus.Accepted
                or CaseStatus.Assigned
                or CaseStatus.InVerification
                or CaseStatus.ResultRecorded
                or CaseStatus.Reviewed
                or CaseStatus.FeedbackGiven
                or CaseStatus.Closed;
        if (accepted)
        {
            (c.DecidedAt, c.AcceptedAt, c.VerificationDueAt) = (now, now, clock.VerificationDueFrom(now));
        }

        if (status == CaseStatus.NotAccepted)
        {
            (c.DecidedAt, c.RejectionReason) = (now, "out-of-scope");
        }

        if (status is CaseStatus.ResultRecorded or CaseStatus.Reviewed or CaseStatus.FeedbackGiven or CaseStatus.Closed)
        {
            (c.Result, c.ResultSummary, c.ResultAt, c.ResultBy, c.FeedbackDueAt) = (
                "partly",
                "seeded",
                now,
                ResultRecorder,
                clock.FeedbackDueFrom(now)
            );
        }

        if (status is CaseStatus.Reviewed or CaseStatus.FeedbackGiven or CaseStatus.Closed)
        {
            (c.ReviewedBy, c.ReviewerOffice, c.ReviewedAt) = ("seed-reviewer", "national", now);
        }

        if (status is CaseStatus.FeedbackGiven or CaseStatus.Closed)
        {
            c.FeedbackAt = now;
        }

        if (status == CaseStatus.Closed)
        {
            c.ClosedAt = now;
        }

        c.PublicStatus = Jebo.Transfer.Status.PublicStatusCodes.Code(
            CaseStatus.ToPublic(c.Status, c.AcceptedAt is not null)
        );
        shape?.Invoke(c);
        CaseClock.Recompute(c);
        var reportId = Guid.NewGuid();
        await using var db = platform.OpenCaseworkDb();
        db.Cases.Add(c);
        db.Reports.Add(
            new ReportRecord
            {
                Id = reportId,
                CaseId = c.Id,
                ReceivedAt = c.ReceivedAt,
                ImportedAt = now,
                Content = JsonSerializer.Serialize(new { facts = new { description = "seeded report " + c.Id } }),
                FeedbackKey = RandomNumberGenerator.GetBytes(32),
                HasIdentity = named,
                Contactable = named,
            }
        );
        if (named)
        {
            db.ReporterIdentities.Add(
                new ReporterIdentity
                {
                    ReportId = reportId,
                    Name = "제보자 " + c.Id,
                    Phone = "010-0000-0000",
                    ContactConsent = true,
                }
            );
        }

        await db.SaveChangesAsync();
        return c.Id;
    }

    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, string id, object body) =>
        client.PostAsJsonAsync($"/api/v1/cases/{id}/actions", body);

    /// <summary>Asks for a step that ends or hides a clue (reject, merge, unmerge, revert) and has
    /// <paramref name="reviewer"/>, a second person above, confirm it; returns the case after the
    /// confirmation.</summary>
    public static async Task<JsonElement> ConfirmedAsync(
        this HttpClient asker,
        HttpClient reviewer,
        string id,
        object body
    )
    {
        var asked = await asker.StepAsync(id, body);
        Assert.Equal(JsonValueKind.Object, asked.GetProperty("pending").ValueKind);
        return await reviewer.StepAsync(id, new { action = "review" });
    }

    /// <summary>Takes an action that must succeed; returns the updated case.</summary>
    public static async Task<JsonElement> StepAsync(this HttpClient client, string id, object body)
    {
        var response = await client.ActAsync(id, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.IsSuccessStatusCode,
            $"{JsonSerializer.Serialize(body)} on {id} answered {(int)response.StatusCode}: {text}"
        );
        return JsonDocument.Parse(text).RootElement;
    }
}
