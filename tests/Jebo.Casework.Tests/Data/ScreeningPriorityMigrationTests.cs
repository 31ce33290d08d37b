using System.Text.Json;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Screening;
using Jebo.Testing;
using Jebo.Transfer.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Jebo.Casework.Tests.Data;

/// <summary>A deployment upgraded to the screening priority gets it for what it already holds: applying the migration
/// judges the stored reports (the case enters the screening queue in its place) and hashes the stored phones.</summary>
public sealed class ScreeningPriorityMigrationTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Upgrading_judges_the_stored_reports_and_hashes_the_stored_phones(string provider)
    {
        var folder = Directory.CreateTempSubdirectory("jebo-priority-").FullName;
        try
        {
            await using var database = await TestDatabases.CreateAsync(provider, folder, "casework");
            var options = new CaseworkOptions
            {
                ZoneFolder = Path.Combine(folder, "zone"),
                InboundSpool = Path.Combine(folder, "zone", "inbound"),
                OutboundSpool = Path.Combine(folder, "zone", "outbound"),
                Database = database.ConnectionString,
            };
            await CaseworkZone.MigrateAsync(options, CancellationToken.None);
            var (caseId, reportId) = await StoreAsync(options);

            // Back to the schema before the migration (its columns dropped), then up again as `jebo db migrate` does.
            await using (var db = CaseworkZone.OpenDatabase(options))
            {
                var migrations = db.Database.GetMigrations().ToList();
                var added = migrations.FindIndex(m =>
                    m.EndsWith("_" + CaseworkZone.PriorityMigration, StringComparison.Ordinal)
                );
                await db.GetService<IMigrator>().MigrateAsync(migrations[added - 1]);
            }

            await CaseworkZone.MigrateAsync(options, CancellationToken.None);

            await using (var db = CaseworkZone.OpenDatabase(options))
            {
                var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == caseId);
                Assert.Equal(7, c.ScreeningPriority);
                Assert.Null(c.OutOfScopeSuggestedAt);
                var screening = await db.ReportScreenings.AsNoTracking().SingleAsync(s => s.ReportId == reportId);
                Assert.Equal(7, screening.Triage);
                Assert.Contains("\"urgent\"", screening.TriageReasons, StringComparison.Ordinal);
                var identity = await db.ReporterIdentities.AsNoTracking().SingleAsync(i => i.ReportId == reportId);
                Assert.Equal(ContactHashing.Load(options.KeysFolder).Hash("01034567890"), identity.ContactHash);
            }

            SqliteConnection.ClearAllPools();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(string CaseId, Guid ReportId)> StoreAsync(CaseworkOptions options)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_796_000_000_000);
        var reportId = Guid.NewGuid();
        var content = new ReportContent
        {
            Language = "ko",
            Category = "protection-racket",
            Region = "26380",
            Subjects = [new SubjectContent { Name = "김철수", Organization = "칠성파" }],
            Facts = new FactsContent
            {
                When = "매주 금요일 밤",
                Where = "부산 사하구 괴정시장",
                Description = "칠성파 조직원 김철수가 상인들에게 보호비를 갈취하고 신고하면 보복하겠다고 협박합니다.",
            },
        };
        await using var db = CaseworkZone.OpenDatabase(options);
        var c = new CaseRecord
        {
            Id = "ABCD-EFGH-JKMN",
            Status = CaseStatus.Screened,
            OfficeCode = "26",
            Region = "26380",
            ReceivedAt = now,
            UpdatedAt = now,
            PublicStatusAt = now,
            AcceptanceDueAt = now.AddDays(7),
        };
        db.Cases.Add(c);
        db.Reports.Add(
            new ReportRecord
            {
                Id = reportId,
                CaseId = c.Id,
                ReceivedAt = now,
                ImportedAt = now,
                Content = JsonSerializer.Serialize(content, TransferJson.Options),
                FeedbackKey = new byte[32],
                HasIdentity = true,
                Contactable = true,
            }
        );
        db.ReportScreenings.Add(
            new ReportScreening
            {
                ReportId = reportId,
                CaseId = c.Id,
                Scope = 100,
                Completeness = 75,
                Reasons = "[]",
                Entities = "[]",
                Signature = new byte[256],
                ScreenedAt = now,
            }
        );
        db.ReporterIdentities.Add(
            new ReporterIdentity
            {
                ReportId = reportId,
                Name = "홍길동",
                Phone = "+82 10 3456 7890",
                ContactConsent = true,
            }
        );
        await db.SaveChangesAsync();
        return (c.Id, reportId);
    }
}
