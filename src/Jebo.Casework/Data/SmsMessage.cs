namespace Jebo.Casework.Data;

/// <summary>
/// One text message to a reporter in the SMS outbox, and how its delivery stands: queued (waiting for its next
/// attempt), sent (the gateway took it) or failed (refused, no longer allowed, or given up after the last attempt).
/// </summary>
/// <remarks>Security: the row holds no phone number. The number is read from the reporter's identity, kept apart
/// (<see cref="ReporterIdentity"/>), at the moment of each attempt, so the outbox adds no copy of it, a purged identity
/// leaves nothing to send to, and the case page can show every message's status to anyone who reads the case.</remarks>
public sealed class SmsMessage
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Failed = "failed";

    /// <summary>A message saying the reporter has news on the status page: a message published to them.</summary>
    public const string Feedback = "feedback";

    /// <summary>A message saying the office will call: their case was drawn into the month's callback sample.</summary>
    public const string Callback = "callback";

    public static readonly IReadOnlyList<string> Statuses = [Queued, Sent, Failed];
    public static readonly IReadOnlyList<string> Purposes = [Feedback, Callback];

    /// <summary>Also the id the gateway receives with the message, so it can tell a retry from a new message.</summary>
    public Guid Id { get; set; }

    public required string CaseId { get; set; }

    /// <summary>The report whose reporter it goes to.</summary>
    public Guid ReportId { get; set; }

    /// <summary><see cref="Feedback"/> or <see cref="Callback"/>.</summary>
    public required string Purpose { get; set; }

    /// <summary>The reporter's language (<c>ko</c>, <c>en</c>, <c>zh</c>), the one they reported in.</summary>
    public required string Language { get; set; }

    /// <summary>The words sent: a fixed text for the purpose, never anything of the case.</summary>
    public required string Text { get; set; }

    /// <summary><see cref="Queued"/>, <see cref="Sent"/> or <see cref="Failed"/>.</summary>
    public required string Status { get; set; }

    /// <summary>Attempts made so far (each a call to the gateway).</summary>
    public int Attempts { get; set; }

    public DateTimeOffset QueuedAt { get; set; }

    /// <summary>When the next attempt is due; null once sent or failed.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>When it was sent, or when it failed for good.</summary>
    public DateTimeOffset? DoneAt { get; set; }

    /// <summary>Why the last attempt failed, as a short code (<c>http-503</c>, <c>timeout</c>, <c>unreachable</c>,
    /// <c>refused-http-400</c>, <c>no-recipient</c>); null after a success.</summary>
    public string? LastError { get; set; }

    /// <summary>The gateway's own id for the message, when it answered one.</summary>
    public string? GatewayReference { get; set; }
}
