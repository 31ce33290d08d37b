using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jebo.Casework.Data;

/// <summary>
/// Inserts many new rows with multi-row <c>INSERT</c> statements, inside the caller's transaction, bypassing change
/// tracking. Columns, names and value conversions come from the EF model, so the table stays defined in one place.
/// </summary>
/// <remarks>Used on the one hot path a benchmark showed (bundle import, docs/benchmarks.md), where tracking tens of
/// thousands of entities cost more than opening them. Only for entities whose every column value is set in code (no
/// database-generated columns) and that have no owned or shadow-mapped parts.</remarks>
public static class BulkInsert
{
    /// <summary>At most this many parameters per statement (SQLite allows 32,766, PostgreSQL 65,535).</summary>
    private const int MaxParameters = 2_000;

    /// <summary>SQLite finds each named parameter by a linear search of the statement's names, so binding costs grow
    /// with the square of a statement's parameters: small statements are faster there (docs/benchmarks.md).</summary>
    private const int MaxSqliteParameters = 200;

    public static async Task InsertAsync<T>(CaseworkDb db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("a bulk insert runs inside the caller's write transaction");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName(table), Mapping: p.GetRelationalTypeMapping()))
            .Where(c => c.Column is not null)
            .ToList();
        var prefix = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column!)))}) VALUES ";
        var rowsPerStatement = Math.Max(1, (db.Database.IsSqlite() ? MaxSqliteParameters : MaxParameters) / columns.Count);
        var connection = db.Database.GetDbConnection();

        for (var start = 0; start < rows.Count; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(prefix, prefix.Length + count * columns.Count * 8);
            var parameter = 0;
            for (var r = 0; r < count; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                var row = rows[start + r];
                for (var c = 0; c < columns.Count; c++)
                {
                    // Named as written in the SQL: Microsoft.Data.Sqlite would first search for an unprefixed name in vain.
                    var name = "@p" + parameter++;
                    text.Append(c == 0 ? "" : ", ").Append(name);
                    var (property, _, mapping) = columns[c];
                    // The type mapping applies the property's value converter (e.g. UTC times as Unix milliseconds on SQLite).
                    command.Parameters.Add(mapping.CreateParameter(command, name, property.GetGetter().GetClrValue(row), property.IsNullable));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
