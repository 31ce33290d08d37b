namespace Jebo.Casework.Data;

/// <summary>A member of staff: belongs to one office, has one role, signs in with password and TOTP.</summary>
public sealed class StaffUser
{
    public Guid Id { get; set; }
    public required string Login { get; set; }
    public required string OfficeCode { get; set; }
    public required string Role { get; set; }

    /// <summary>Argon2id in PHC string form (see <c>PasswordHasher</c>).</summary>
    public required string PasswordHash { get; set; }

    /// <summary>The TOTP secret once enrolled at first web sign-in.</summary>
    public byte[]? TotpSecret { get; set; }

    /// <summary>The last TOTP step a code was accepted for; a code for it or an earlier step is refused (no
    /// replay).</summary>
    public long? TotpLastStep { get; set; }

    /// <summary>The version of the confidentiality pledge the person accepted; null before.</summary>
    public int? PledgeVersion { get; set; }

    public DateTimeOffset? PledgeAcceptedAt { get; set; }

    /// <summary><c>paper</c> (recorded by an administrator) or <c>web</c>.</summary>
    public string? PledgeMethod { get; set; }

    public bool MustChangePassword { get; set; }

    /// <summary>Who last set this account's credentials (created it or reset its password or TOTP): one or two
    /// administrators' logins, comma-separated, or <c>cli</c>/<c>system</c>. They may not request or approve its
    /// promotion (<c>StaffAdministration.ApprovalRefusal</c>).</summary>
    public string? CredentialsIssuedBy { get; set; }
    public int FailedSignIns { get; set; }

    /// <summary>When the last failed sign-in was; failures are forgiven as time passes from it
    /// (<c>SignInThrottle</c>).</summary>
    public DateTimeOffset? LastFailedSignInAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The same count, hold and time for failures from a browser that signed in to this account before (see
    /// <c>StaffSignIn</c>): kept apart, so a stranger's failures never hold the owner's own browser.</summary>
    public int KnownBrowserFailures { get; set; }

    public DateTimeOffset? KnownBrowserLastFailedAt { get; set; }
    public DateTimeOffset? KnownBrowserLockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>When the person last completed a sign-in (password and TOTP); null before the first.</summary>
    public DateTimeOffset? LastSignedInAt { get; set; }

    /// <summary>When an administrator or the operator last signed the account out everywhere
    /// ("sign out everywhere"): part of the credential stamp, so every session and token issued
    /// before it ends.</summary>
    public DateTimeOffset? SessionsEndedAt { get; set; }
}

/// <summary>A personal API token; only its SHA-256 is stored. Whether it still works is decided by
/// <c>TokenRules</c>.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required byte[] Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The account's credential stamp (<c>StaffSignIn.SessionStamp</c>) when the token was issued: a
    /// password or TOTP change or reset since then ends the token.</summary>
    public string CredentialStamp { get; set; } = "";

    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
