using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace Jebo.Testing;

/// <summary>Runs a data test once per database: SQLite, and PostgreSQL when <c>JEBO_TEST_POSTGRES</c> is set
/// (otherwise that run is reported as skipped, with the reason).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseProvidersAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        IReadOnlyCollection<ITheoryDataRow> rows =
        [
            new TheoryDataRow<string>(TestDatabases.Sqlite),
            new TheoryDataRow<string>(TestDatabases.PostgreSql) { Skip = TestDatabases.PostgresAdmin is null ? TestDatabases.SkipReason : null },
        ];
        return new ValueTask<IReadOnlyCollection<ITheoryDataRow>>(rows);
    }

    public override bool SupportsDiscoveryEnumeration() => true;
}
