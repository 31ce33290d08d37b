using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace Jebo.Testing;

/// <summary>Runs a data test once per database: SQLite, and PostgreSQL when <c>JEBO_TEST_POSTGRES</c> is set
/// (otherwise that run is reported as skipped, with the reason). The test's first parameter is <c>string provider</c>;
/// arguments given here follow it, like <c>[InlineData]</c>, and the attribute may be repeated for several cases:
/// <code>
/// [Theory]
/// [DatabaseProviders("{", "")]
/// [DatabaseProviders("[]", "")]
/// public async Task Malformed_json_is_refused(string provider, string json, string field)
/// </code></summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class DatabaseProvidersAttribute(params object?[] data) : DataAttribute
{
    /// <summary>The arguments after the provider.</summary>
    public object?[] Data { get; } = data;

    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(
        MethodInfo testMethod,
        DisposalTracker disposalTracker
    )
    {
        IReadOnlyCollection<ITheoryDataRow> rows =
        [
            new TheoryDataRow([TestDatabases.Sqlite, .. Data]),
            new TheoryDataRow([TestDatabases.PostgreSql, .. Data])
            {
                Skip = TestDatabases.PostgresAdmin is null ? TestDatabases.SkipReason : null,
            },
        ];
        return new ValueTask<IReadOnlyCollection<ITheoryDataRow>>(rows);
    }

    public override bool SupportsDiscoveryEnumeration() => true;
}
