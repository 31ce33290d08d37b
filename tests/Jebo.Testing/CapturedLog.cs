using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Jebo.Testing;

/// <summary>A logger provider that keeps every line written, with its category, scopes and exception, for tests
/// that search the log (the "no trace" checks).</summary>
public sealed class CapturedLog : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider? scopes;

    public IReadOnlyList<string> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(CapturedLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            var line = new System.Text.StringBuilder(
                $"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {exception}"
            );
            owner.scopes?.ForEachScope((scope, text) => text.Append(" => ").Append(scope), line);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                line.Append(" {").AppendJoin(", ", values.Select(v => $"{v.Key}={v.Value}")).Append('}');
            }

            owner.lines.Enqueue(line.ToString());
        }
    }
}
