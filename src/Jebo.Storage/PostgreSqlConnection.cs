using System.Data.Common;
using Npgsql;

namespace Jebo.Storage;

/// <summary>How a zone connects to PostgreSQL when the operator's connection string leaves a setting out.</summary>
/// <remarks>
/// Npgsql pools connections by default (up to 100 per connection string and process). Several intake nodes and the
/// casework zone on one server would then exceed PostgreSQL's default <c>max_connections</c> of 100 under load, and
/// the server would refuse connections with "too many clients". A zone needs few connections: intake commits
/// reports in groups (see <c>Jebo.Intake.Data.GroupCommit</c>), so a smaller pool per process is the default here.
/// Whatever the operator writes wins; docs/operations.md gives the arithmetic for sizing.
/// </remarks>
public static class PostgreSqlConnection
{
    public const int DefaultMaxPoolSize = 32;
    public const string ApplicationName = "jebo";

    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Has(given, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize", "MaximumPoolSize"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!Has(given, "Application Name", "ApplicationName"))
        {
            builder.ApplicationName = ApplicationName;
        }

        return builder.ConnectionString;
    }

    /// <summary>"database 'x' on host:port as 'user'": what an operator needs to find it, never the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port} as "
            + $"'{builder.Username}'";
    }

    private static bool Has(DbConnectionStringBuilder given, params string[] names) =>
        given
            .Keys.Cast<string>()
            .Any(k =>
                names.Any(n =>
                    string.Equals(
                        k.Replace(" ", "", StringComparison.Ordinal),
                        n.Replace(" ", "", StringComparison.Ordinal),
                        StringComparison.OrdinalIgnoreCase
                    )
                )
            );
}
