using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Storage;
using Jebo.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Audit;

/// <summary>The catalog of audit actions is the only vocabulary of the trail: the log refuses any other name, so a
/// writer with a misspelt or uncatalogued action fails the first test that makes it write.</summary>
public sealed class AuditActionsTests
{
    [Theory]
    [DatabaseProviders]
    public async Task The_audit_log_chains_a_catalogued_action_and_refuses_any_other(string provider)
    {
        var folder = Directory.CreateTempSubdirectory("jebo-audit-actions-").FullName;
        try
        {
            await using var database = await TestDatabases.CreateAsync(provider, folder, "casework");
            var options = new DbContextOptionsBuilder<CaseworkDb>();
            options.Use(database.ConnectionString);
            await using var db = new CaseworkDb(options.Options);
            await db.Database.MigrateAsync();
            var audit = new AuditLog(db, TimeProvider.System);

            var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
                audit.AppendAsync("busan.sup", "26", "case.acept", "CASE-1", null, CancellationToken.None)
            );
            Assert.Contains(
                "'case.acept' is not an action of the audit catalog",
                refused.Message,
                StringComparison.Ordinal
            );
            await Assert.ThrowsAsync<ArgumentException>(() =>
                audit.ChainAsync(
                    [
                        new AuditEvent(AuditLog.TransferActor, null, AuditActions.CaseCreated, "CASE-1", null),
                        new AuditEvent(AuditLog.TransferActor, null, "case.deleted", "CASE-1", null),
                    ],
                    CancellationToken.None
                )
            );
            Assert.Empty(db.ChangeTracker.Entries<AuditEntry>());

            var accepted = await audit.AppendAsync(
                "busan.sup",
                "26",
                AuditActions.CaseAccept,
                "CASE-1",
                null,
                CancellationToken.None
            );
            await db.SaveChangesAsync();
            Assert.Equal((1, "case.accept"), (accepted.Sequence, (await db.AuditEntries.SingleAsync()).Action));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_step_of_the_case_lifecycle_has_its_action_in_the_catalog()
    {
        Assert.All(CaseAction.All, a =>
            Assert.True(AuditActions.IsKnown(AuditActions.OfCase(a)), $"case.{a} is not in the catalog")
        );
        Assert.Equal("case.start-verification", AuditActions.OfCase(CaseAction.StartVerification));
        Assert.Equal(CaseAction.Merge, AuditActions.CaseStepOf(AuditActions.CaseMerge));
    }

    [Fact]
    public void Every_action_says_what_it_means_and_is_listed_once()
    {
        Assert.Equal(AuditActions.All.Count, AuditActions.All.Distinct(StringComparer.Ordinal).Count());
        Assert.All(AuditActions.All, a =>
            Assert.False(string.IsNullOrWhiteSpace(AuditActions.Meanings[a]), $"{a} has no meaning")
        );
        Assert.Contains(AuditActions.IdentityViewed, AuditActions.All);
    }

    [Fact]
    public void The_alerts_count_catalogued_actions()
    {
        var alertKinds = SecurityAlert.Kinds.Except([SecurityAlerts.ChainBroken, SecurityAlerts.BackgroundFailing]);
        Assert.All(alertKinds, k => Assert.True(AuditActions.IsKnown(k), $"alert kind {k} is no audit action"));
    }
}
