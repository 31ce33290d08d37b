namespace Jebo.Casework.Staff;

/// <summary>How sign-in slows down and locks after failed attempts: the one place these numbers are decided.</summary>
/// <remarks>Security: a wrong password and a wrong TOTP code count alike, so neither factor can be guessed on its own.
/// The first failures cost nothing (people mistype); from the third on the account must wait before the next try,
/// and from the fifth it is locked for a quarter of an hour, again after every further failure, until a sign-in
/// succeeds or an administrator unlocks it. At 5 guesses per 15 minutes, a six-digit code takes on average about
/// 190 years to guess, and a password far longer.</remarks>
public static class SignInThrottle
{
    /// <summary>Failures that carry no wait.</summary>
    public const int FreeFailures = 2;

    /// <summary>The failure count from which the account is locked (and the lockout audited).</summary>
    public const int LockoutFailures = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>Until when the next attempt is refused after <paramref name="failures"/> consecutive failures; null when
    /// the next attempt may come at once.</summary>
    public static DateTimeOffset? HoldUntil(int failures, DateTimeOffset now) => failures switch
    {
        <= FreeFailures => null,
        3 => now.AddSeconds(30),
        4 => now.AddMinutes(2),
        _ => now + LockoutDuration,
    };

    /// <summary>Whether this failure count is a lockout rather than a short wait.</summary>
    public static bool IsLockout(int failures) => failures >= LockoutFailures;
}
