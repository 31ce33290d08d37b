using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jebo.Intake.Data;

/// <summary>A multi-row INSERT for new entities of one type, written from the EF model of the context: the same table,
/// columns, value conversions and parameter types as EF itself would use, on SQLite and PostgreSQL alike, without
/// change tracking. For the intake's hot path only (<see cref="GroupCommit"/>).</summary>
public static class ModelInsert
{
    public static DbCommand Command(DbContext db, Type entityType, IReadOnlyList<object> rows)
    {
        var entity = db.Model.FindEntityType(entityType) ?? throw new InvalidOperationException($"{entityType.Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var command = db.Database.GetDbConnection().CreateCommand();
        var text = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" (")
            .AppendJoin(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!))).Append(") VALUES ");
        var number = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < properties.Count; c++)
            {
                var property = properties[c];
                var name = sql.GenerateParameterName("p" + number++);
                text.Append(c == 0 ? "" : ", ").Append(name);
                // The mapping converts the value (e.g. times to Unix milliseconds on SQLite) and types the parameter.
                var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
                command.Parameters.Add(mapping.CreateParameter(command, name, property.GetGetter().GetClrValue(rows[r]), property.IsNullable));
            }

            text.Append(')');
        }

        command.CommandText = text.ToString();
        return command;
    }
}
