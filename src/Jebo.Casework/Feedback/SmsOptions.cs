namespace Jebo.Casework.Feedback;

/// <summary>Where text messages to reporters go and how hard delivery tries (<c>--sms-gateway</c>,
/// <c>--sms-gateway-token-file</c>; docs/operations.md, "SMS").</summary>
public sealed record SmsOptions
{
    /// <summary>The gateway's address on the internal network (http or https); null: no text message is queued or
    /// sent at all.</summary>
    public Uri? Gateway { get; init; }

    /// <summary>A file holding the bearer token the gateway expects, read at every round (so it can be replaced without
    /// a restart); null: no <c>Authorization</c> header.</summary>
    public string? TokenFile { get; init; }

    /// <summary>How long one attempt may take, answer included, before it counts as a time-out.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a message fails for good (the cap).</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>The wait after the first failed attempt; doubled after each further one, up to
    /// <see cref="MaxRetryDelay"/>. With the defaults, ten attempts span about four hours.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Once a message has failed this many attempts in a row, a round that fails it again fails as a whole, so
    /// <c>/healthz</c> and the alerts show the gateway is down (a single failed attempt does not).</summary>
    public int AlertAfterAttempts { get; init; } = 3;

    /// <summary>How often the outbox is looked at when the zone's loops run.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Messages tried in one round at most.</summary>
    public int BatchSize { get; init; } = 50;

    public bool Enabled => Gateway is not null;

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }
}
