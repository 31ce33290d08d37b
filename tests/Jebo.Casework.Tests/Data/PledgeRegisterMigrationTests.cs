using Jebo.Casework.Data;
using Jebo.Storage;
using Jebo.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Jebo.Casework.Tests.Data;

/// <summary>A deployment upgraded to the pledge register keeps its pledge: the migration brings the text of version 1
/// and enters in the register the acceptances the accounts already held, so nobody is asked again.</summary>
public sealed class PledgeRegisterMigrationTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Upgrading_keeps_version_one_and_enters_the_accounts_acceptances(string provider)
    {
        var folder = Directory.CreateTempSubdirectory("jebo-pledge-").FullName;
        try
        {
            await using var database = await TestDatabases.CreateAsync(provider, folder, "casework");
            await UpgradeAndCheckAsync(database.ConnectionString);
            SqliteConnection.ClearAllPools();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task UpgradeAndCheckAsync(string connectionString)
    {
        var acceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
        await using (var db = Open(connectionString))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var register = migrations.FindIndex(m => m.EndsWith("_PledgeRegister", StringComparison.Ordinal));
            await db.GetService<IMigrator>().MigrateAsync(migrations[register - 1]);
            db.Users.AddRange(
                Account("signed", pledge: (acceptedAt, "paper")),
                Account("on.the.web", pledge: (acceptedAt.AddDays(1), "web")),
                Account("newcomer", pledge: null)
            );
            await db.SaveChangesAsync();
            await db.Database.MigrateAsync();
        }

        await using (var db = Open(connectionString))
        {
            var first = await db.PledgeTexts.SingleAsync();
            Assert.Equal((1, null), (first.Version, first.WrittenBy));
            Assert.StartsWith("나는 제보와 사건에서", first.Text, StringComparison.Ordinal);
            Assert.StartsWith("I will keep secret", first.TextEn, StringComparison.Ordinal);
            Assert.StartsWith("我将对从举报", first.TextZh, StringComparison.Ordinal);
            var rows = await db
                .PledgeAcceptances.Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { u.Login, a })
                .ToListAsync();
            Assert.Equal(
                [("on.the.web", 1, acceptedAt.AddDays(1), "web"), ("signed", 1, acceptedAt, "paper")],
                rows.OrderBy(r => r.Login, StringComparer.Ordinal)
                    .Select(r => (r.Login, r.a.Version, r.a.AcceptedAt, r.a.Method))
            );
            // Who held version 1 still holds the current version.
            Assert.Equal(1, await db.PledgeTexts.MaxAsync(p => p.Version));
        }
    }

    private static StaffUser Account(string login, (DateTimeOffset At, string Method)? pledge) =>
        new()
        {
            Id = Guid.NewGuid(),
            Login = login,
            OfficeCode = "11",
            Role = "screener",
            PasswordHash = "not-a-hash",
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000),
            PledgeVersion = pledge is null ? null : 1,
            PledgeAcceptedAt = pledge?.At,
            PledgeMethod = pledge?.Method,
        };

    private static CaseworkDb Open(string connectionString)
    {
        var options = new DbContextOptionsBuilder<CaseworkDb>();
        options.Use(connectionString);
        return new CaseworkDb(options.Options);
    }
}
