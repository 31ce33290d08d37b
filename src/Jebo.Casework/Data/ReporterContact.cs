namespace Jebo.Casework.Data;

/// <summary>A contact with a reporter (phone, SMS or in person) and its outcome, as the founding document asks every
/// feedback to be recorded. The first contact with a report's reporter meets its 30-day contact deadline.</summary>
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

    public required string Outcome { get; set; }
    public required string Actor { get; set; }
    public required string ActorOffice { get; set; }
}
