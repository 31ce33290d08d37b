using Jebo.Intake.Abuse;

namespace Jebo.Testing;

/// <summary>How a <see cref="TestPlatform"/> is started, beyond the <c>jebo</c> options.</summary>
public sealed record TestPlatformOptions
{
    /// <summary><see cref="TestDatabases.Sqlite"/> or <see cref="TestDatabases.PostgreSql"/>.</summary>
    public string Provider { get; init; } = TestDatabases.Sqlite;

    /// <summary>Other abuse limits than the defaults (e.g. smaller, so a test reaches them quickly).</summary>
    public AbuseSettings? Abuse { get; init; }

    /// <summary>Changes to intake's options beyond the command line (e.g. a smaller travel limit), applied
    /// last.</summary>
    public Func<Jebo.Intake.IntakeOptions, Jebo.Intake.IntakeOptions>? Intake { get; init; }

    /// <summary>Changes to casework's options beyond the command line (e.g. another time zone), applied last.</summary>
    public Func<Jebo.Casework.CaseworkOptions, Jebo.Casework.CaseworkOptions>? Casework { get; init; }

    /// <summary>Intake on Kestrel on a free loopback port, with the zones' logging as under <c>jebo up</c> captured
    /// into <see cref="TestPlatform.LogLines"/>; <see cref="TestPlatform.Intake"/> then speaks real HTTP.</summary>
    public bool Loopback { get; init; }

    /// <summary>Casework on Kestrel on a free loopback port too, so a real browser can reach the staff pages
    /// (<see cref="TestPlatform.CaseworkAddress"/>).</summary>
    public bool Served { get; init; }

    /// <summary>Both zones as under <c>jebo up</c>: intake's requests counted, and casework's background work on
    /// threads of lower priority that give way to them (<c>Jebo/Hosting/SharedProcess</c>).</summary>
    public bool SharedProcess { get; init; }

    /// <summary>The casework zone's clock, for tests of time-outs, lockouts and deadlines (see
    /// <see cref="ManualClock"/>).</summary>
    public TimeProvider? Clock { get; init; }
}
