using Jebo.Intake.Reports;
using Jebo.Intake.Validation;
using Jebo.Screening.Normalization;
using Jebo.Transfer.Reports;

namespace Jebo.Intake.FollowUps;

/// <summary>Checks the name and phone a reporter gives after the report (<c>POST /api/v1/contact</c> and the status
/// page's form alike): consent is required, the phone must be a Korean number (<see cref="PhoneNumber"/>), and it
/// travels in national form so casework reads every number one way.</summary>
public static class LaterContacts
{
    public const string NameField = "name";
    public const string PhoneField = "phone";
    public const string ConsentField = "contactConsent";

    /// <summary>The contact to seal, or null with the fields refused.</summary>
    public static (LaterContact? Contact, FieldErrors Errors) Check(string? name, string? phone, bool consent)
    {
        var errors = new FieldErrors();
        var trimmedName = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        ReportValidator.Text(errors, NameField, trimmedName, ReportValidator.MaxShortText);
        var national = PhoneNumber.Normalize(phone);
        if (string.IsNullOrWhiteSpace(phone))
        {
            errors.Add(PhoneField, ValidationCode.Required);
        }
        else if (national is null)
        {
            errors.Add(PhoneField, ValidationCode.InvalidPhone);
        }

        if (!consent)
        {
            errors.Add(ConsentField, ValidationCode.ConsentRequired);
        }

        return errors.IsEmpty ? (new LaterContact(trimmedName, national!, true), errors) : (null, errors);
    }
}
