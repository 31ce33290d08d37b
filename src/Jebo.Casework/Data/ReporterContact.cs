namespace Jebo.Casework.Data;

/// <summary>A contact with a reporter (phone, SMS or in person) and its outcome, as the founding document asks every
/// feedback to be recorded. The first contact that <c>reached</c> a report's reporter meets its 30-day contact
/// deadline; one for <c>feedback</c> that reached them meets the case's feedback deadline.</summary>
public sealed class ReporterContact
{
    public Guid Id { get; set; }
    public required string CaseId { get; set; }

    /// <summary>The report whose reporter was contacted; null when the case has no reporter who left a
    /// contact.</summary>
    public Guid? ReportId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary><c>phone</c>, <c>sms</c> or <c>in-person</c>.</summary>
    public required string Channel { get; set; }

    /// <summary><c>reached</c>, <c>no-answer</c>, <c>wrong-number</c> or <c>declined</c>
    /// (<c>Lifecycle/CaseAction.ContactOutcomes</c>); free text in rows recorded before outcomes were fixed.</summary>
    public required string Outcome { get; set; }

    /// <summary><c>verification</c> or <c>feedback</c>.</summary>
    public string Purpose { get; set; } = "verification";

    /// <summary>What the person recording the contact noted; staff only.</summary>
    public string? Note { get; set; }
    public required string Actor { get; set; }
    public required string ActorOffice { get; set; }
}
