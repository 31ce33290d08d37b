using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Jebo.Testing;

/// <summary>One statement EF Core sent, with its parameters.</summary>
public sealed record EfStatement(string Text, IReadOnlyList<(string Name, object? Value)> Parameters);

/// <summary>The statements EF Core sends while this is alive, from its diagnostic events: every test's in the process,
/// so a reader picks its own by their text. With <see cref="PlanAsync"/>, a test reads how SQLite answers the very
/// statement the code sent, not one written again by hand.</summary>
public sealed class EfStatements : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable subscription;
    private readonly List<IDisposable> listeners = [];
    private readonly ConcurrentQueue<EfStatement> captured = new();

    public EfStatements() => subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public IReadOnlyList<EfStatement> Captured => [.. captured];

    /// <summary>Asserts that SQLite answers each of <paramref name="statements"/> through an index whose name holds
    /// <paramref name="index"/>, in its order: no step sorts what it read in a temporary b-tree.</summary>
    public static async Task AssertReadInIndexOrderAsync(
        DbContext db,
        IEnumerable<EfStatement> statements,
        string index
    )
    {
        foreach (var statement in statements)
        {
            var plan = await PlanAsync(db, statement);
            Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }

    /// <summary>SQLite's query plan of <paramref name="statement"/> on <paramref name="db"/>'s database: one line per
    /// step (<c>EXPLAIN QUERY PLAN</c>'s detail column).</summary>
    public static async Task<List<string>> PlanAsync(DbContext db, EfStatement statement)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + statement.Text;
        foreach (var (name, value) in statement.Parameters)
        {
            var parameter = explain.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value ?? DBNull.Value);
            explain.Parameters.Add(parameter);
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (listeners)
            {
                listeners.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData { Command: var c })
        {
            captured.Enqueue(
                new EfStatement(
                    c.CommandText,
                    [.. c.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]
                )
            );
        }
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        subscription.Dispose();
        lock (listeners)
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
