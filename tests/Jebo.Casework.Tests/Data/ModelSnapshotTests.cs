using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Data;

/// <summary>The migrations build the model the code uses, on both databases. Two branches that each add a migration
/// merge their model snapshots by hand, and on SQLite a migration that rebuilds a table builds it from its own
/// designer: a column lost there would otherwise show only as a table that lacks it.</summary>
public sealed class ModelSnapshotTests
{
    [Theory]
    [DatabaseProviders]
    public async Task The_migrations_hold_the_whole_model_and_build_every_column(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await using (var casework = platform.OpenCaseworkDb())
        {
            await AssertBuiltAsync(casework, "casework");
        }

        await using var intake = platform.OpenIntakeDb();
        await AssertBuiltAsync(intake, "intake");
    }

    private static async Task AssertBuiltAsync(DbContext db, string zone)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Assert.False(db.Database.HasPendingModelChanges(), $"{zone}'s model differs from its migrations");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(cancellationToken));
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = entity.GetTableName()!;
            var sql = db.Database.IsSqlite()
                ? $"SELECT name AS \"Value\" FROM pragma_table_info('{table}')"
                : $"SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_name = '{table}'"
                    + " AND table_schema = current_schema()";
            var built = await db.Database.SqlQueryRaw<string>(sql).ToListAsync(cancellationToken);
            var tableId = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(tableId);
                Assert.True(column is null || built.Contains(column), $"{zone}: {table}.{column} was not built");
            }
        }
    }
}
