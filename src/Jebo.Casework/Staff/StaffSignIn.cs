using System.Security.Cryptography;
using System.Text;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Staff;

/// <summary>What a sign-in step came to.</summary>
public enum SignInStatus
{
    /// <summary>This factor is right; go on to the next step.</summary>
    Accepted,

    /// <summary>Wrong login, password or code (never says which, nor whether the login exists).</summary>
    Wrong,

    /// <summary>Too many failures: no attempt is checked until <see cref="SignInResult.HeldUntil"/>.</summary>
    Held,
}

public sealed record SignInResult(SignInStatus Status, StaffUser? User = null, DateTimeOffset? HeldUntil = null);

/// <summary>Signing staff in and out of the web application: password, TOTP (and its enrolment), the slow-down and
/// lockout of <see cref="SignInThrottle"/>, password changes and the pledge; every step is written to the audit
/// chain.</summary>
/// <remarks>Security: the failure count is reset only when the second factor succeeds, so knowing the password does
/// not buy unlimited code guesses. Failures from a browser that signed in to the account before (an encrypted cookie,
/// <c>Web/KnownBrowser</c>) are counted and held apart from everyone else's: a stranger who keeps failing holds
/// only the strangers, never the owner at their own machine, while a thief of that machine is held like anyone. An
/// unknown login costs the same Argon2id work as a known one and is audited without the typed login (people type
/// passwords into the login field).</remarks>
public sealed class StaffSignIn(CaseworkDb db, AuditLog audit, TimeProvider time)
{
    public const string UnknownActor = "unknown";

    private static readonly Lazy<string> DummyHash = new(() =>
        PasswordHasher.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)))
    );

    /// <summary>Checks login and password (the first factor).</summary>
    /// <param name="login">What was typed as the login.</param>
    /// <param name="password">What was typed as the password.</param>
    /// <param name="knownAccount">The account this browser signed in to before, if any.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task<SignInResult> CheckPasswordAsync(
        string? login,
        string? password,
        Guid? knownAccount,
        CancellationToken cancellationToken
    )
    {
        login = login?.Trim() ?? "";
        password ??= "";
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var user = login.Length is > 0 and <= 64
            ? await db.Users.SingleOrDefaultAsync(u => u.Login == login, cancellationToken)
            : null;
        if (user is null)
        {
            PasswordHasher.Verify(password, DummyHash.Value);
            await audit.AppendAsync(
                UnknownActor,
                null,
                AuditActions.SignInFailed,
                null,
                new { reason = "unknown-login" },
                cancellationToken
            );
            return await FinishAsync(transaction, new SignInResult(SignInStatus.Wrong), cancellationToken);
        }

        var known = user.Id == knownAccount;
        if (Held(user, known) is { } until)
        {
            await audit.AppendAsync(
                user.Login,
                user.OfficeCode,
                AuditActions.SignInFailed,
                null,
                new { reason = "held", until },
                cancellationToken
            );
            return await FinishAsync(
                transaction,
                new SignInResult(SignInStatus.Held, HeldUntil: until),
                cancellationToken
            );
        }

        if (!PasswordHasher.Verify(password, user.PasswordHash))
        {
            return await FinishAsync(
                transaction,
                await FailAsync(user, "password", known, cancellationToken),
                cancellationToken
            );
        }

        if (user.DisabledAt is not null)
        {
            await audit.AppendAsync(
                user.Login,
                user.OfficeCode,
                AuditActions.SignInFailed,
                null,
                new { reason = "disabled" },
                cancellationToken
            );
            return await FinishAsync(transaction, new SignInResult(SignInStatus.Wrong), cancellationToken);
        }

        await transaction.RollbackAsync(cancellationToken);
        return new SignInResult(SignInStatus.Accepted, user);
    }

    /// <summary>Checks the TOTP code of an enrolled account whose password was accepted moments ago (the second
    /// factor); on success the account's failures are cleared and the sign-in is audited.</summary>
    public async Task<SignInResult> CheckCodeAsync(
        Guid userId,
        string stamp,
        string? code,
        bool knownBrowser,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user?.TotpSecret is null || user.DisabledAt is not null || SessionStamp(user) != stamp)
        {
            return await FinishAsync(transaction, new SignInResult(SignInStatus.Wrong), cancellationToken);
        }

        if (Held(user, knownBrowser) is { } until)
        {
            await audit.AppendAsync(
                user.Login,
                user.OfficeCode,
                AuditActions.SignInFailed,
                null,
                new { reason = "held", until },
                cancellationToken
            );
            return await FinishAsync(
                transaction,
                new SignInResult(SignInStatus.Held, HeldUntil: until),
                cancellationToken
            );
        }

        var now = time.GetUtcNow();
        if (Totp.Match(user.TotpSecret, code, now, user.TotpLastStep) is not { } step)
        {
            return await FinishAsync(
                transaction,
                await FailAsync(user, "code", knownBrowser, cancellationToken),
                cancellationToken
            );
        }

        user.TotpLastStep = step;
        await SucceedAsync(user, "password+totp", cancellationToken);
        return await FinishAsync(transaction, new SignInResult(SignInStatus.Accepted, user), cancellationToken);
    }

    /// <summary>Saves a TOTP secret at first sign-in, once a code made from it proves the app holds it; that code also
    /// completes the sign-in.</summary>
    public async Task<SignInResult> EnrolAsync(
        Guid userId,
        string stamp,
        byte[] secret,
        string? code,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (
            user is null
            || user.TotpSecret is not null
            || user.DisabledAt is not null
            || SessionStamp(user) != stamp
            || secret.Length != Totp.SecretLength
        )
        {
            return await FinishAsync(transaction, new SignInResult(SignInStatus.Wrong), cancellationToken);
        }

        if (Held(user, known: false) is { } until)
        {
            await audit.AppendAsync(
                user.Login,
                user.OfficeCode,
                AuditActions.SignInFailed,
                null,
                new { reason = "held", until },
                cancellationToken
            );
            return await FinishAsync(
                transaction,
                new SignInResult(SignInStatus.Held, HeldUntil: until),
                cancellationToken
            );
        }

        if (Totp.Match(secret, code, time.GetUtcNow(), null) is not { } step)
        {
            return await FinishAsync(
                transaction,
                await FailAsync(user, "enrolment-code", known: false, cancellationToken),
                cancellationToken
            );
        }

        user.TotpSecret = secret;
        user.TotpLastStep = step;
        await audit.AppendAsync(user.Login, user.OfficeCode, AuditActions.TotpEnrolled, null, null, cancellationToken);
        await SucceedAsync(user, "password+totp-enrolment", cancellationToken);
        return await FinishAsync(transaction, new SignInResult(SignInStatus.Accepted, user), cancellationToken);
    }

    public async Task SignedOutAsync(StaffPrincipal staff, string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        await audit.AppendAsync(
            staff.Login,
            staff.OfficeCode,
            AuditActions.SignOut,
            null,
            new { reason },
            cancellationToken
        );
        await FinishAsync(transaction, new SignInResult(SignInStatus.Accepted), cancellationToken);
    }

    /// <summary>Changes the signed-in person's own password; the current one must be given (a wrong one counts as a
    /// failed sign-in). Returns an error message, or null when changed.</summary>
    public async Task<PasswordChangeResult> ChangePasswordAsync(
        Guid userId,
        string? current,
        string? next,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        // From a signed-in session: counted with the owner's own browsers, so a stranger's lockout does not stop it.
        if (Held(user, known: true) is not null)
        {
            return PasswordChangeResult.Held;
        }

        if (!PasswordHasher.Verify(current ?? "", user.PasswordHash))
        {
            await FailAsync(user, "password-change", known: true, cancellationToken);
            await FinishAsync(transaction, new SignInResult(SignInStatus.Wrong), cancellationToken);
            return PasswordChangeResult.WrongCurrent;
        }

        if (StaffAccounts.PasswordProblem(user.Login, next) is { } problem)
        {
            return problem;
        }

        if (next == current)
        {
            return PasswordChangeResult.SameAsBefore;
        }

        user.PasswordHash = PasswordHasher.Hash(next!);
        user.MustChangePassword = false;
        ClearFailures(user);
        await audit.AppendAsync(
            user.Login,
            user.OfficeCode,
            AuditActions.PasswordChanged,
            null,
            null,
            cancellationToken
        );
        await FinishAsync(transaction, new SignInResult(SignInStatus.Accepted), cancellationToken);
        return PasswordChangeResult.Changed;
    }

    public Task<StaffUser> FindAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken);

    /// <summary>A value that changes whenever the password or the TOTP secret does, or the account is signed out
    /// everywhere: a session, token or half-finished sign-in made under the old ones stops working.</summary>
    public static string SessionStamp(StaffUser user)
    {
        var material = user.PasswordHash + "|" + (user.TotpSecret is null ? "" : Convert.ToHexString(user.TotpSecret));
        if (user.SessionsEndedAt is { } ended)
        {
            // Only once set, so the stamps of accounts never signed out everywhere stay what they were.
            material +=
                "|" + ended.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material)).AsSpan(0, 12));
    }

    private DateTimeOffset? Held(StaffUser user, bool known) =>
        (known ? user.KnownBrowserLockedUntil : user.LockedUntil) is { } until && until > time.GetUtcNow()
            ? until
            : null;

    /// <summary>Counts a failure against the account's strangers, or against its own known browsers.</summary>
    private async Task<SignInResult> FailAsync(
        StaffUser user,
        string reason,
        bool known,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow();
        int failures;
        DateTimeOffset? until;
        if (known)
        {
            failures = user.KnownBrowserFailures =
                SignInThrottle.Remembered(user.KnownBrowserFailures, user.KnownBrowserLastFailedAt, now) + 1;
            user.KnownBrowserLastFailedAt = now;
            until = user.KnownBrowserLockedUntil = SignInThrottle.HoldUntil(failures, now);
        }
        else
        {
            failures = user.FailedSignIns =
                SignInThrottle.Remembered(user.FailedSignIns, user.LastFailedSignInAt, now) + 1;
            user.LastFailedSignInAt = now;
            until = user.LockedUntil = SignInThrottle.HoldUntil(failures, now);
        }

        var browser = known ? "known" : "other";
        await audit.AppendAsync(
            user.Login,
            user.OfficeCode,
            AuditActions.SignInFailed,
            null,
            new
            {
                reason,
                failures,
                browser,
            },
            cancellationToken
        );
        if (SignInThrottle.IsLockout(failures))
        {
            await audit.AppendAsync(
                user.Login,
                user.OfficeCode,
                AuditActions.SignInLocked,
                null,
                new
                {
                    until,
                    failures,
                    browser,
                },
                cancellationToken
            );
        }

        return new SignInResult(SignInStatus.Wrong, HeldUntil: until);
    }

    /// <summary>Forgets every failure of the account, its strangers' and its own browsers'.</summary>
    public static void ClearFailures(StaffUser user)
    {
        (user.FailedSignIns, user.LastFailedSignInAt, user.LockedUntil) = (0, null, null);
        (user.KnownBrowserFailures, user.KnownBrowserLastFailedAt, user.KnownBrowserLockedUntil) = (0, null, null);
    }

    private async Task SucceedAsync(StaffUser user, string method, CancellationToken cancellationToken)
    {
        ClearFailures(user);
        user.LastSignedInAt = time.GetUtcNow();
        await audit.AppendAsync(
            user.Login,
            user.OfficeCode,
            AuditActions.SignInSucceeded,
            null,
            new { method },
            cancellationToken
        );
    }

    private async Task<SignInResult> FinishAsync(
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction,
        SignInResult result,
        CancellationToken cancellationToken
    )
    {
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}

/// <summary>What became of a password change.</summary>
public enum PasswordChangeResult
{
    Changed,
    WrongCurrent,
    Held,
    TooShort,
    TooLong,
    SameAsLogin,
    SameAsBefore,
}
