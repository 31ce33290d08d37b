using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Jebo.Storage;

/// <summary>Times are UTC <see cref="DateTimeOffset"/> in code; SQLite cannot order or compare those, so there they are
/// stored as Unix milliseconds. PostgreSQL keeps them as <c>timestamptz</c>.</summary>
public static class UtcTimestamps
{
    public static void Configure(ModelConfigurationBuilder builder, bool isSqlite)
    {
        if (isSqlite)
        {
            builder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
            builder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
        }
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
