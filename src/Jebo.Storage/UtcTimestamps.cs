using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Jebo.Storage;

/// <summary>Times are UTC <see cref="DateTimeOffset"/> in code and the same instant on both databases.</summary>
/// <remarks>
/// SQLite cannot order or compare <see cref="DateTimeOffset"/>, so there times are stored as Unix milliseconds.
/// PostgreSQL keeps them as <c>timestamptz</c>, which holds an instant (no offset) to the microsecond; Npgsql refuses
/// to write a value whose offset is not zero, so values are turned to UTC first and cut to whole microseconds, and a
/// value read back equals the one written instead of differing in the last ticks.
/// </remarks>
public static class UtcTimestamps
{
    public static void Configure(ModelConfigurationBuilder builder, bool isSqlite)
    {
        if (isSqlite)
        {
            builder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
            builder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
        }
        else
        {
            builder.Properties<DateTimeOffset>().HaveConversion<UtcMicrosecondsConverter>();
            builder.Properties<DateTimeOffset?>().HaveConversion<UtcMicrosecondsConverter>();
        }
    }

    /// <summary>The instant as PostgreSQL keeps it: UTC, whole microseconds.</summary>
    public static DateTimeOffset ToUtcMicroseconds(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }

    /// <summary>A time read outside EF Core (a prepared read on a hot path), as EF Core reads it.</summary>
    public static DateTimeOffset Read(DbDataReader reader, int ordinal) =>
        reader is SqliteDataReader
            ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal))
            : reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime();

    private sealed class UnixMillisecondsConverter()
        : ValueConverter<DateTimeOffset, long>(
            v => v.ToUnixTimeMilliseconds(),
            v => DateTimeOffset.FromUnixTimeMilliseconds(v)
        );

    private sealed class UtcMicrosecondsConverter()
        : ValueConverter<DateTimeOffset, DateTimeOffset>(v => ToUtcMicroseconds(v), v => v.ToUniversalTime());
}
