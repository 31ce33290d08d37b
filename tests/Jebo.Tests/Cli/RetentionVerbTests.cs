using System.Security.Cryptography;
using Jebo.Casework;
using Jebo.Casework.Data;

namespace Jebo.Tests.Cli;

/// <summary><c>jebo retention run [--dry-run]</c> and <c>jebo retention hold|lift</c> through the entry point, on a
/// data folder made by <c>jebo init</c> with default options, as an operator runs them.</summary>
public sealed class RetentionVerbTests
{
    [Fact]
    public async Task Retention_run_previews_purges_and_keeps_held_cases_and_the_chain_verifies_after()
    {
        using var site = await OperatorFolder.InitAsync();
        var old = await AddClosedCaseAsync(site, daysAgo: 2000, "the old report words");
        var held = await AddClosedCaseAsync(site, daysAgo: 2000, "the held report words");
        var recent = await AddClosedCaseAsync(site, daysAgo: 10, "the recent report words");

        Assert.Contains(
            $"case {held}: legal hold set",
            await site.RunAsync("retention", "hold", "--case", held, "--reason", "court order"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "already held",
            await site.RunAsync("retention", "hold", "--case", held, "--reason", "again"),
            StringComparison.Ordinal
        );

        var preview = await site.RunAsync("retention", "run", "--dry-run");
        Assert.Contains($"casework: case {old} closed ", preview, StringComparison.Ordinal);
        Assert.Contains("would purge content of 1 report(s)", preview, StringComparison.Ordinal);
        Assert.Contains(
            $"casework: case {held} is due but under a legal hold: kept",
            preview,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(recent, preview, StringComparison.Ordinal);
        Assert.Contains("nothing changed (dry run)", preview, StringComparison.Ordinal);
        Assert.Contains("intake: would purge 0 status row(s)", preview, StringComparison.Ordinal);
        Assert.Equal(preview, await site.RunAsync("retention", "run", "--dry-run"));

        var run = await site.RunAsync("retention", "run");
        Assert.Contains($"casework: case {old} closed ", run, StringComparison.Ordinal);
        Assert.Contains("purged content of 1 report(s)", run, StringComparison.Ordinal);
        Assert.Contains(
            "casework: purged 1 closed case(s) (identities 365 days, content 1825 days after closing); 1 kept under a "
                + "legal hold",
            run,
            StringComparison.Ordinal
        );
        await using (var db = Casework(site))
        {
            Assert.DoesNotContain(
                "the old report words",
                db.Reports.Single(r => r.CaseId == old).Content,
                StringComparison.Ordinal
            );
            Assert.Contains(
                "the held report words",
                db.Reports.Single(r => r.CaseId == held).Content,
                StringComparison.Ordinal
            );
        }

        Assert.Contains("intact", await site.RunAsync("audit", "verify"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(
            "casework: purged 0 closed case(s)",
            await site.RunAsync("retention", "run", "--zone", "casework"),
            StringComparison.Ordinal
        );

        // Periods from the option (or JEBO_RETENTION_DAYS): the recent case's identities go after 5 days.
        Assert.Contains(
            $"casework: case {recent} closed ",
            await site.RunAsync("retention", "run", "--retention-days", "identity=5,content=off"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"case {held}: legal hold lifted",
            await site.RunAsync("retention", "lift", "--case", held, "--reason", "order expired"),
            StringComparison.Ordinal
        );

        Assert.Contains(
            "--retention-days",
            await site.MisuseAsync("retention", "run", "--retention-days", "content=soon"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "--retention-at",
            await site.MisuseAsync("retention", "run", "--retention-at", "25:00"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "unknown option --force",
            await site.MisuseAsync("retention", "run", "--force", "yes"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "no case NOSUCHCASE",
            await site.FailAsync("retention", "hold", "--case", "nosuchcase", "--reason", "x"),
            StringComparison.Ordinal
        );
    }

    private static CaseworkDb Casework(OperatorFolder site) =>
        CaseworkZone.OpenDatabase(
            new CaseworkOptions
            {
                ZoneFolder = Path.Combine(site.Data, "casework"),
                InboundSpool = Path.Combine(site.Data, "transfer", "to-casework"),
                OutboundSpool = Path.Combine(site.Data, "transfer", "to-intake"),
                Database = Path.Combine(site.Data, "casework", "casework.db"),
            }
        );

    private static async Task<string> AddClosedCaseAsync(OperatorFolder site, int daysAgo, string words)
    {
        var closed = DateTimeOffset.UtcNow.AddDays(-daysAgo);
        var id = Jebo.Casework.Cases.CaseId.New();
        await using var db = Casework(site);
        db.Cases.Add(
            new CaseRecord
            {
                Id = id,
                Status = "closed",
                OfficeCode = "26",
                Region = "26",
                ReceivedAt = closed.AddDays(-30),
                UpdatedAt = closed,
                ClosedAt = closed,
                Result = "unsubstantiated",
                PublicStatusAt = closed,
            }
        );
        var report = Guid.NewGuid();
        db.Reports.Add(
            new ReportRecord
            {
                Id = report,
                CaseId = id,
                ReceivedAt = closed.AddDays(-30),
                ImportedAt = closed.AddDays(-30),
                Content = System.Text.Json.JsonSerializer.Serialize(
                    new { category = "drugs", facts = new { description = words } }
                ),
                FeedbackKey = RandomNumberGenerator.GetBytes(32),
                HasIdentity = true,
            }
        );
        db.ReporterIdentities.Add(
            new ReporterIdentity
            {
                ReportId = report,
                Name = "Reporter of " + id,
                Phone = "010-1234-5678",
            }
        );
        await db.SaveChangesAsync();
        return id;
    }
}
