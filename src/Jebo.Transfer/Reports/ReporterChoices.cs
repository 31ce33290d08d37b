namespace Jebo.Transfer.Reports;

/// <summary>What a reporter's choices mean, decided once for both zones: the public form, the public API, the
/// hand-entry of casework, and the contact deadline and callback sampling all ask here.</summary>
/// <remarks>Security: a reporter who chose to stay anonymous but wrote a name or phone is refused, never silently
/// stripped or kept — they may have meant to be contacted, or may not have meant to be named. A reporter is called
/// only when they gave a phone and said yes: the deadline that obliges an office to call, and the callback sample,
/// follow that consent.</remarks>
public static class ReporterChoices
{
    /// <summary>The fields (<c>name</c>, <c>phone</c>) filled in although the reporter chose to be anonymous; empty
    /// when the choice and the fields agree.</summary>
    public static IReadOnlyList<string> ContactWhileAnonymous(ReporterContent? reporter)
    {
        if (reporter is not { Anonymous: true })
        {
            return [];
        }

        var fields = new List<string>(2);
        if (!string.IsNullOrWhiteSpace(reporter.Name))
        {
            fields.Add("name");
        }

        if (!string.IsNullOrWhiteSpace(reporter.Phone))
        {
            fields.Add("phone");
        }

        return fields;
    }

    /// <summary>The reporter gave a name or phone: their identity is kept apart in casework.</summary>
    public static bool Named(ReporterContent? reporter) =>
        reporter is { Anonymous: false }
        && (!string.IsNullOrWhiteSpace(reporter.Name) || !string.IsNullOrWhiteSpace(reporter.Phone));

    /// <summary>The reporter gave a phone and consented to be contacted: the contact deadline runs for them and they
    /// may be drawn for a callback.</summary>
    public static bool MayBeContacted(ReporterContent? reporter) =>
        reporter is { Anonymous: false, ContactConsent: true } && !string.IsNullOrWhiteSpace(reporter.Phone);

    /// <summary>Whether <paramref name="phone"/> can be a phone number as people write one: 6 to 15 digits with the
    /// usual separators (<c>010-3456-7890</c>, <c>+82 10 3456 7890</c>, <c>(02) 123.4567</c>).</summary>
    public static bool IsPhone(string phone) =>
        phone.Length <= 32
        && phone.Count(char.IsAsciiDigit) is >= 6 and <= 15
        && phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')' or '.');
}
