namespace Jebo.Casework.Data;

/// <summary>A reporter's claim for a reward and where to pay it, as it arrived sealed in a follow-up, with the decision
/// two people took on it. Kept apart from the case like a reporter's identity: the payee's name, phone, bank and
/// account are shown only to roles that may see identities, with a purpose, and each showing is audited.</summary>
public sealed class RewardClaimRecord
{
    /// <summary>The follow-up that carried the claim.</summary>
    public Guid Id { get; set; }

    public Guid ReportId { get; set; }

    /// <summary>The case that held the report when the claim arrived (the claim follows the report).</summary>
    public required string CaseId { get; set; }

    public DateTimeOffset ClaimedAt { get; set; }

    public required string Name { get; set; }
    public required string Phone { get; set; }
    public required string Bank { get; set; }
    public required string Account { get; set; }

    /// <summary><c>claimed</c>, <c>granted</c> or <c>refused</c> (<c>Jebo.Transfer.Status.PublicReward</c>).</summary>
    public string State { get; set; } = "claimed";

    /// <summary>The amount granted, in won.</summary>
    public long? Amount { get; set; }

    /// <summary>Why the claim was refused; the reporter reads it.</summary>
    public string? Reason { get; set; }

    /// <summary>Who proposed the decision (<c>decide-reward</c>), and from which office.</summary>
    public string? ProposedBy { get; set; }

    public string? ProposedOffice { get; set; }

    /// <summary>Who confirmed it (<c>review</c>), from which office, and when: the decision holds from then.</summary>
    public string? DecidedBy { get; set; }

    public string? DecidedOffice { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}
