using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SQLitePCL;

namespace Jebo.Storage;

/// <summary>
/// Inserts many new rows inside the caller's transaction, bypassing change tracking: on PostgreSQL with one binary
/// <c>COPY</c>, on SQLite with one prepared single-row <c>INSERT</c> stepped once per row. Columns, names, types and
/// value conversions come from the EF model, so the table stays defined in one place.
/// </summary>
/// <remarks>
/// The one fast insert of both zones, for the hot paths a benchmark showed (docs/benchmarks.md): casework's bundle
/// import, where tracking tens of thousands of entities cost more than opening them and multi-row <c>INSERT</c>
/// statements cost more than both (binding parameters dominated them on both databases), and intake's group commit
/// (<c>Intake/Data/GroupCommit</c>), where per-row tracking in the single writer capped throughput. Only for entities
/// whose every column value is set in code (no database-generated columns) and that have no owned or shadow-mapped
/// parts.
/// </remarks>
public static class BulkInsert
{
    /// <summary>Synchronous on purpose: both paths are bound by the processor, and the asynchronous COPY writer cost
    /// more in setting up cancellation for every buffer it flushed than in writing.</summary>
    public static void Insert<T>(DbContext db, IReadOnlyList<T> rows)
        where T : class => Insert(db, typeof(T), rows);

    /// <inheritdoc cref="Insert{T}(DbContext, IReadOnlyList{T})"/>
    /// <param name="db">The context whose model and write transaction are used.</param>
    /// <param name="entityType">The entity type every row is an instance of.</param>
    /// <param name="rows">The new rows.</param>
    public static void Insert(DbContext db, Type entityType, IReadOnlyList<object> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("a bulk insert runs inside the caller's write transaction");
        var entity = db.Model.FindEntityType(entityType)
            ?? throw new InvalidOperationException($"{entityType.Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity
            .GetProperties()
            .Where(p => p.GetColumnName(table) is not null)
            .Select(p => new Column(p, p.GetColumnName(table)!, p.GetRelationalTypeMapping()))
            .ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var into =
            $"{sql.DelimitIdentifier(table.Name, table.Schema)} "
            + $"({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))})";

        if (transaction.Connection is NpgsqlConnection postgres)
        {
            Copy(postgres, into, columns, rows);
        }
        else
        {
            InsertEach((SqliteConnection)transaction.Connection!, into, columns, rows);
        }
    }

    /// <summary>PostgreSQL's bulk path: the rows stream in binary, typed by each column's store type.</summary>
    private static void Copy(NpgsqlConnection connection, string into, List<Column> columns, IReadOnlyList<object> rows)
    {
        using var writer = connection.BeginBinaryImport($"COPY {into} FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            writer.StartRow();
            foreach (var column in columns)
            {
                if (column.ProviderValue(row) is { } value)
                {
                    writer.Write(value, column.Mapping.StoreTypeNameBase);
                }
                else
                {
                    writer.WriteNull();
                }
            }
        }

        writer.Complete();
    }

    /// <summary>SQLite's bulk path: one single-row statement prepared once, its values bound by position and stepped
    /// per row, on the connection of the caller's transaction. Inserting a row costs SQLite a few microseconds; what
    /// cost more was parsing statements and binding parameters by name (Microsoft.Data.Sqlite looks each name up per
    /// execution, and a multi-row statement's lookups grow with the square of its size), so this path binds through
    /// SQLitePCL, the layer Microsoft.Data.Sqlite itself calls, with the same storage classes it would
    /// choose.</summary>
    private static void InsertEach(
        SqliteConnection connection,
        string into,
        List<Column> columns,
        IReadOnlyList<object> rows
    )
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        var binders = columns.Select(SqliteBinder).ToArray();
        var text = $"INSERT INTO {into} VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
        Check(handle, raw.sqlite3_prepare_v2(handle, text, out var statement));
        using (statement)
        {
            foreach (var row in rows)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    var value = columns[c].ProviderValue(row);
                    Check(
                        handle,
                        value is null ? raw.sqlite3_bind_null(statement, c + 1) : binders[c](statement, c + 1, value)
                    );
                }

                var stepped = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (stepped != raw.SQLITE_DONE)
                {
                    Check(handle, stepped);
                }
            }
        }
    }

    /// <summary>How Microsoft.Data.Sqlite stores a value of the column's provider type (integers and booleans as
    /// INTEGER, a Guid as upper-case TEXT, bytes as a BLOB); a type not listed fails loudly rather than being stored
    /// differently from what EF Core reads back.</summary>
    private static Func<sqlite3_stmt, int, object, int> SqliteBinder(Column column)
    {
        var provider = column.Mapping.Converter?.ProviderClrType ?? column.Mapping.ClrType;
        var type = Nullable.GetUnderlyingType(provider) ?? provider;
        return type switch
        {
            _ when type == typeof(string) => (s, i, v) => raw.sqlite3_bind_text(s, i, (string)v),
            _ when type == typeof(long) => (s, i, v) => raw.sqlite3_bind_int64(s, i, (long)v),
            _ when type == typeof(int) => (s, i, v) => raw.sqlite3_bind_int64(s, i, (int)v),
            _ when type == typeof(bool) => (s, i, v) => raw.sqlite3_bind_int64(s, i, (bool)v ? 1 : 0),
            _ when type == typeof(double) => (s, i, v) => raw.sqlite3_bind_double(s, i, (double)v),
            _ when type == typeof(byte[]) => (s, i, v) => raw.sqlite3_bind_blob(s, i, (byte[])v),
            _ when type == typeof(Guid) => (s, i, v) =>
                raw.sqlite3_bind_text(s, i, ((Guid)v).ToString().ToUpperInvariant()),
            _ => throw new NotSupportedException(
                $"bulk insert does not bind column {column.Name} of type {type.Name} on SQLite"
            ),
        };
    }

    private static void Check(sqlite3 handle, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(
                $"SQLite Error {result}: '{raw.sqlite3_errmsg(handle).utf8_to_string()}'.",
                result
            );
        }
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping)
    {
        private readonly IClrPropertyGetter getter = Property.GetGetter();

        /// <summary>A key EF Core makes up on add when it is left unset (the Guid keys); nothing here would.</summary>
        private readonly bool generatedOnAdd = Property.ValueGenerated.HasFlag(ValueGenerated.OnAdd);

        /// <summary>The value as the database stores it, after the property's value converter (e.g. UTC times as Unix
        /// milliseconds on SQLite). A key EF Core would generate is refused when unset rather than stored as
        /// <see cref="Guid.Empty"/>: the caller links rows by it, and a second such row would collide.</summary>
        public object? ProviderValue(object row)
        {
            if (generatedOnAdd && getter.HasSentinelValue(row))
            {
                throw new InvalidOperationException(
                    $"{Property.DeclaringType.ClrType.Name}.{Property.Name} is unset: SaveChanges would generate it, a "
                        + $"bulk insert does not"
                );
            }

            var value = getter.GetClrValue(row);
            return value is not null && Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
    }
}
