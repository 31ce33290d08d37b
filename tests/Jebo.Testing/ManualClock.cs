namespace Jebo.Testing;

/// <summary>The one test clock: it stands still until a test moves it; timers still run on real time.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    /// <summary>Starts now: for tests whose rows meet times the platform itself takes.</summary>
    public ManualClock()
        : this(DateTimeOffset.UtcNow) { }

    /// <summary>A fixed mid-morning (10:00 UTC), ten hours from either end of the UTC day: for tests of what changes
    /// daily, which must not depend on when they run.</summary>
    public static DateTimeOffset Morning { get; } = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
