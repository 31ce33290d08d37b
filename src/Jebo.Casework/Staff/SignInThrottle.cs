namespace Jebo.Casework.Staff;

/// <summary>How sign-in slows down and locks after failed attempts, and how failures are forgiven: the one place these
/// numbers are decided (the request limit on the sign-in pages is <c>Web/SignInLimits</c>).</summary>
/// <remarks>Security: a wrong password and a wrong TOTP code count alike, so neither factor can be guessed on its own.
/// The first failures cost nothing (people mistype); from the third on the account must wait before the next try,
/// and from the fifth it is locked for a quarter of an hour. Failures decay: every <see cref="ForgivenessPeriod"/>
/// without a failure forgives one, so a stranger's few tries never lock an account for good, while a guesser who keeps
/// going is held to about one try per lock (at most 96 a day), against a password and then a six-digit code.</remarks>
public static class SignInThrottle
{
    /// <summary>Failures that carry no wait.</summary>
    public const int FreeFailures = 2;

    /// <summary>The failure count from which the account is locked (and the lockout audited).</summary>
    public const int LockoutFailures = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>Each such period without a failure forgives one failure.</summary>
    public static readonly TimeSpan ForgivenessPeriod = TimeSpan.FromMinutes(30);

    /// <summary>Until when the next attempt is refused after <paramref name="failures"/> remembered failures; null when
    /// the next attempt may come at once.</summary>
    public static DateTimeOffset? HoldUntil(int failures, DateTimeOffset now) =>
        failures switch
        {
            <= FreeFailures => null,
            3 => now.AddSeconds(30),
            4 => now.AddMinutes(2),
            _ => now + LockoutDuration,
        };

    /// <summary>Whether this failure count is a lockout rather than a short wait.</summary>
    public static bool IsLockout(int failures) => failures >= LockoutFailures;

    /// <summary>The failures still remembered at <paramref name="now"/>: one fewer for every whole
    /// <see cref="ForgivenessPeriod"/> since the last failure.</summary>
    public static int Remembered(int failures, DateTimeOffset? lastFailure, DateTimeOffset now) =>
        lastFailure is { } last && now > last
            ? Math.Max(0, failures - (int)Math.Min(int.MaxValue, (now - last) / ForgivenessPeriod))
            : failures;
}
