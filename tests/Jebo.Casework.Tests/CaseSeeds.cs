using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>Puts the case into the callback sample of <paramref name="month"/>, as a draw would.</summary>
    public static async Task SampleAsync(TestPlatform platform, string caseId, string month = "2026-10")
    {
        await using var db = platform.OpenCaseworkDb();
        var office = await db.Cases.Where(c => c.Id == caseId).Select(c => c.OfficeCode).SingleAsync();
        var position = await db.CallbackSamples.CountAsync(s => s.Month == month) + 1;
        db.CallbackSamples.Add(
            new CallbackSample
            {
                Id = Guid.NewGuid(),
                Month = month,
                CaseId = caseId,
                Office = office,
                Position = position,
                DrawnAt = DateTimeOffset.UtcNow,
                Seed = "00",
                CandidatesHash = "00",
            }
        );
        await db.SaveChangesAsync();
    }

    /// <summary>A case under supervision set by <paramref name="by"/>.</summary>
    public static Action<CaseRecord> SupervisedBy(string by) =>
        c =>
            (c.Supervised, c.SupervisedBy, c.SupervisedAt, c.SupervisionLevel) = (
                true,
                by,
                DateTimeOffset.UtcNow,
                "province"
            );

    /// <summary>A case whose reporter asked for protection, the request still waiting for staff.</summary>
    public static Action<CaseRecord> ProtectionRequested() =>
        c =>
            (c.Urgent, c.ProtectionRequestedAt, c.ProtectionDueAt) = (
                true,
                DateTimeOffset.UtcNow,
                DateTimeOffset.UtcNow.AddHours(24)
            );

    /// <summary>A reporter's reward claim waiting on the case, as an import leaves it.</summary>
    public static async Task ClaimRewardAsync(TestPlatform platform, string caseId)
    {
        await using var db = platform.OpenCaseworkDb();
        var at = DateTimeOffset.UtcNow;
        db.RewardClaims.Add(
            new RewardClaimRecord
            {
                Id = Guid.NewGuid(),
                ReportId = Guid.NewGuid(),
                CaseId = caseId,
                ClaimedAt = at,
                Name = "홍길동",
                Phone = "01055556666",
                Bank = "국민은행",
                Account = "123456-01-234567",
            }
        );
        (await db.Cases.SingleAsync(c => c.Id == caseId)).RewardClaimedAt = at;
        await db.SaveChangesAsync();
    }

    /// <summary>Records a relation between provinces between the two cases, as screening would; returns its
    /// id.</summary>
    public static async Task<Guid> RelateAsync(
        TestPlatform platform,
        string caseId,
        string otherId,
        double similarity,
        bool nearDuplicate = false
    )
    {
        await using var db = platform.OpenCaseworkDb();
        var (first, second) = string.CompareOrdinal(caseId, otherId) < 0 ? (caseId, otherId) : (otherId, caseId);
        var relation = new CaseRelation
        {
            Id = Guid.NewGuid(),
            CaseId = first,
            RelatedCaseId = second,
            Similarity = similarity,
            NearDuplicate = nearDuplicate,
            FoundAt = DateTimeOffset.UtcNow,
        };
        db.CaseRelations.Add(relation);
        await db.SaveChangesAsync();
        return relation.Id;
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
