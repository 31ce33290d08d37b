namespace Jebo.Testing;

/// <summary>How <see cref="TestPlatform.StartAsync(PlatformSetup)"/> starts a platform.</summary>
public sealed record PlatformSetup
{
    public string Provider { get; init; } = TestDatabases.Sqlite;

    /// <summary>More <c>jebo</c> options, e.g. <c>--rate-limits off</c>.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The casework zone's clock, for tests of time-outs, lockouts and deadlines (see <see cref="ManualClock"/>).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Serve both zones through Kestrel on free loopback ports instead of in-memory test servers, so a real
    /// browser can reach them (<see cref="TestPlatform.IntakeAddress"/>, <see cref="TestPlatform.CaseworkAddress"/>).</summary>
    public bool Served { get; init; }
}

/// <summary>A clock that stands still until a test moves it; timers still run on real time.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public ManualClock()
        : this(DateTimeOffset.UtcNow)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
