namespace Jebo.Casework.Data;

/// <summary>A change to an account that waits for a second administrator
/// (<c>StaffAdministration.NeedsTwoAdministrators</c>): creating a privileged account, promoting one into a privileged
/// role, resetting a privileged account's password or TOTP, or moving a privileged account to another office. Handled
/// by <c>AccountRequests</c>.</summary>
public sealed class AccountRequest
{
    public const string Create = "create";
    public const string Promote = "promote";
    public const string ResetPassword = "reset-password";
    public const string ResetTotp = "reset-totp";
    public const string Move = "move";

    public static readonly IReadOnlyList<string> Kinds = [Create, Promote, ResetPassword, ResetTotp, Move];

    public Guid Id { get; set; }

    /// <summary>One of <see cref="Kinds"/>.</summary>
    public required string Kind { get; set; }

    public required string Login { get; set; }
    public required string OfficeCode { get; set; }

    /// <summary>The role the account will have (for a reset, the one it has).</summary>
    public required string Role { get; set; }

    /// <summary>For a move, the office the account goes to (<see cref="OfficeCode"/> is the one it leaves).</summary>
    public string? ToOfficeCode { get; set; }

    public required string RequestedBy { get; set; }
    public required string RequestedByOffice { get; set; }
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The requester's half of the new one-time password (creation and password reset), kept only until the
    /// request is decided: the approver is shown the other half, and the person needs both.</summary>
    public string? RequesterHalf { get; set; }

    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary><c>approved</c> or <c>refused</c>; null while pending.</summary>
    public string? Decision { get; set; }
}
