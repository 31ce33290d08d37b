using Jebo.Intake.Reports;
using Jebo.Intake.Validation;
using Jebo.Screening.Normalization;
using Jebo.Transfer.Reports;

namespace Jebo.Intake.FollowUps;

/// <summary>Checks where a reporter asks a reward to be paid (<c>POST /api/v1/rewards</c> and the status page's form
/// alike): a name, a Korean phone (sent in national form, as <see cref="LaterContacts"/> sends it), a bank and an
/// account number. Whether a claim may be made at all is <c>Status/RewardEligibility</c>'s to say.</summary>
public static class RewardClaims
{
    public const string NameField = "name";
    public const string PhoneField = "phone";
    public const string BankField = "bank";
    public const string AccountField = "account";

    /// <summary>At most this many characters in an account number, digits and separators together.</summary>
    public const int MaxAccount = 40;

    /// <summary>The claim to seal, or null with the fields refused.</summary>
    public static (RewardClaim? Claim, FieldErrors Errors) Check(
        string? name,
        string? phone,
        string? bank,
        string? account
    )
    {
        var errors = new FieldErrors();
        var trimmedName = Required(errors, NameField, name, ReportValidator.MaxShortText);
        var trimmedBank = Required(errors, BankField, bank, ReportValidator.MaxShortText);
        var trimmedAccount = Required(errors, AccountField, account, MaxAccount);
        if (trimmedAccount is not null && !trimmedAccount.All(c => char.IsAsciiDigit(c) || c is '-' or ' '))
        {
            errors.Add(AccountField, ValidationCode.InvalidCharacters);
        }

        var national = PhoneNumber.Normalize(phone);
        if (string.IsNullOrWhiteSpace(phone))
        {
            errors.Add(PhoneField, ValidationCode.Required);
        }
        else if (national is null)
        {
            errors.Add(PhoneField, ValidationCode.InvalidPhone);
        }

        return errors.IsEmpty
            ? (new RewardClaim(trimmedName!, national!, trimmedBank!, trimmedAccount!), errors)
            : (null, errors);
    }

    private static string? Required(FieldErrors errors, string field, string? value, int max)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (trimmed is null)
        {
            errors.Add(field, ValidationCode.Required);
            return null;
        }

        ReportValidator.Text(errors, field, trimmed, max);
        return trimmed;
    }
}
