namespace Jebo.Casework.Data;

/// <summary>One case drawn into a month's callback sample: the national office calls its reporter for their
/// opinion.</summary>
public sealed class CallbackSample
{
    public Guid Id { get; set; }

    /// <summary>The month drawn for, <c>YYYY-MM</c> (Asia/Seoul calendar).</summary>
    public required string Month { get; set; }

    public required string CaseId { get; set; }

    /// <summary>Order of drawing, from 1.</summary>
    public int Position { get; set; }

    public DateTimeOffset DrawnAt { get; set; }

    /// <summary>The random seed of the draw (hex); with the candidate list it reproduces the draw exactly.</summary>
    public required string Seed { get; set; }

    /// <summary>SHA-256 (hex) of the sorted candidate case ids, newline-separated.</summary>
    public required string CandidatesHash { get; set; }

    public int CandidateCount { get; set; }

    public DateTimeOffset? ContactedAt { get; set; }

    /// <summary>1 (very dissatisfied) to 5 (very satisfied), once heard.</summary>
    public int? Satisfaction { get; set; }

    public string? Note { get; set; }
}
