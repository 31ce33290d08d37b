namespace Jebo.Casework.Data;

/// <summary>One case drawn into a month's callback sample: the national office calls its reporter for their
/// opinion.</summary>
public sealed class CallbackSample
{
    public Guid Id { get; set; }

    /// <summary>The month drawn for, <c>YYYY-MM</c> (Asia/Seoul calendar).</summary>
    public required string Month { get; set; }

    public required string CaseId { get; set; }

    /// <summary>The case's office when it was drawn: the sample is drawn per province, and read within the caller's
    /// jurisdiction by the case's office now.</summary>
    public string Office { get; set; } = "";

    /// <summary>Order of drawing, from 1.</summary>
    public int Position { get; set; }

    public DateTimeOffset DrawnAt { get; set; }

    /// <summary>The random seed of the draw (hex); with the candidate list it reproduces the draw exactly.</summary>
    public required string Seed { get; set; }

    /// <summary>SHA-256 (hex) of the sorted candidate case ids, newline-separated.</summary>
    public required string CandidatesHash { get; set; }

    public int CandidateCount { get; set; }

    /// <summary>When the callback was recorded (<c>record-callback</c>); null until then.</summary>
    public DateTimeOffset? ContactedAt { get; set; }

    /// <summary>Whether the reporter was reached; null until a callback is recorded.</summary>
    public bool? Reached { get; set; }

    /// <summary><c>phone</c>, <c>sms</c> or <c>in-person</c>.</summary>
    public string? Channel { get; set; }

    /// <summary>1 (very dissatisfied) to 5 (very satisfied), once heard.</summary>
    public int? Satisfaction { get; set; }

    /// <summary>Whether the reporter disputes the case's result; a dispute sends the case to re-verification by the
    /// office above (<see cref="CaseRecord.ReverifyOffice"/>).</summary>
    public bool? Disputes { get; set; }

    /// <summary>What the reporter said (the callback's comment).</summary>
    public string? Note { get; set; }

    /// <summary>Who recorded the callback.</summary>
    public string? CalledBy { get; set; }
}
