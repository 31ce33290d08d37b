using Jebo.Casework.Data;

namespace Jebo.Casework.Staff;

/// <summary>What a personal API token's state is; only <see cref="Live"/> is accepted.</summary>
public enum TokenState
{
    Live,
    Revoked,
    Expired,

    /// <summary>The password or TOTP secret changed or was reset since the token was issued.</summary>
    CredentialsChanged,

    /// <summary>The account must change its one-time password before anything else.</summary>
    PasswordChangeDue,
    AccountDisabled,
    PledgeMissing,
}

/// <summary>Whether a personal API token still works: the one place this is decided, for authentication and for the
/// token lists alike.</summary>
/// <remarks>Security: a token skips the TOTP step, so it must never outlive the credentials it was issued under. It is
/// issued only to someone who signed in with password and TOTP (or by the operator on the machine itself), expires
/// after <see cref="DefaultLifetime"/> unless configured otherwise, and dies with any change or reset of the password
/// or TOTP secret (its credential stamp no longer matches the account's), while the account must change a one-time
/// password, when the account is disabled, and when the current pledge is not accepted.</remarks>
public static class TokenRules
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);

    /// <summary>The longest lifetime a token may be given (<c>--token-days</c>, <c>users token --days</c>).</summary>
    public const int MaxDays = 366;

    /// <summary>The token's state; <paramref name="currentPledge"/> is the current pledge version
    /// (<see cref="PledgeRegister.CurrentVersionAsync(CaseworkDb, CancellationToken)"/>).</summary>
    public static TokenState StateOf(ApiToken token, StaffUser user, DateTimeOffset now, int currentPledge) =>
        (token, user) switch
        {
            ({ RevokedAt: not null }, _) => TokenState.Revoked,
            _ when token.ExpiresAt <= now => TokenState.Expired,
            _ when token.CredentialStamp != StaffSignIn.SessionStamp(user) => TokenState.CredentialsChanged,
            (_, { DisabledAt: not null }) => TokenState.AccountDisabled,
            (_, { MustChangePassword: true }) => TokenState.PasswordChangeDue,
            _ when user.PledgeVersion != currentPledge => TokenState.PledgeMissing,
            _ => TokenState.Live,
        };
}
