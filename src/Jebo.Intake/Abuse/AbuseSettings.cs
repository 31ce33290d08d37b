namespace Jebo.Intake.Abuse;

/// <summary>Every number the intake zone's abuse defences use, with their documented defaults
/// (docs/abuse.md).</summary>
/// <remarks>Security: the limits live here and nowhere else, so a reviewer reads the whole policy in one page. The
/// defaults follow GlobaLeaks' scale (10 reports an hour per address, 1,000 an hour in all) and leave an honest
/// reporter (one report, a few look-ups, a follow-up) far below every limit, with or without JavaScript.</remarks>
public sealed record AbuseSettings
{
    public static readonly AbuseSettings Defaults = new();

    /// <summary>Reports and follow-ups one client may send in an hour with a valid proof of work.</summary>
    public int ProvenSubmissionsPerClientPerHour { get; init; } = 10;

    /// <summary>Reports and follow-ups one client may send in an hour without a proof of work (pages without
    /// JavaScript, simple scripts): fewer, because each costs the sender nothing.</summary>
    public int UnprovenSubmissionsPerClientPerHour { get; init; } = 5;

    /// <summary>Reports and follow-ups with proof the whole intake accepts in an hour.</summary>
    public int ProvenSubmissionsPerHour { get; init; } = 1_000;

    /// <summary>Reports and follow-ups without proof the whole intake accepts in an hour.</summary>
    public int UnprovenSubmissionsPerHour { get; init; } = 300;

    /// <summary>Follow-ups on one receipt in an hour.</summary>
    public int FollowUpsPerReceiptPerHour { get; init; } = 10;

    /// <summary>Status look-ups of one receipt in an hour (a reporter refreshing is far below it).</summary>
    public int LookupsPerReceiptPerHour { get; init; } = 120;

    /// <summary>Failed look-ups (unknown receipt) one client may make before each further one is slowed.</summary>
    public int FreeFailures { get; init; } = 10;

    /// <summary>Failed look-ups after which a client is blocked until its count decays below this again.</summary>
    public int BlockAfterFailures { get; init; } = 30;

    /// <summary>How fast a client's failure count decays: one failure forgotten per this interval.</summary>
    public TimeSpan ForgetOneFailureEvery { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The delay added per failure past <see cref="FreeFailures"/>.</summary>
    public TimeSpan DelayPerFailure { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay a slowed look-up waits.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Failed look-ups the whole intake tolerates per hour (distributed guessing); past it every look-up is
    /// refused until the count decays.</summary>
    public int FailuresPerHour { get; init; } = 6_000;

    /// <summary>Requests one client may make per minute to the report and follow-up endpoints, before any body is
    /// read.</summary>
    public int SubmitRequestsPerClientPerMinute { get; init; } = 30;

    /// <summary>Requests one client may make per minute to the status endpoint, before any body is read.</summary>
    public int LookupRequestsPerClientPerMinute { get; init; } = 60;

    /// <summary>Challenges one client may fetch per minute.</summary>
    public int ChallengesPerClientPerMinute { get; init; } = 30;

    /// <summary>Report and follow-up requests handled at once; past it, and past the queue, intake answers 503 at
    /// once.</summary>
    public int SubmitConcurrency { get; init; } = 256;

    /// <summary>Status look-ups handled at once.</summary>
    public int LookupConcurrency { get; init; } = 512;

    /// <summary>Requests that may wait for a free slot; small, so that nobody queues into a time-out.</summary>
    public int QueueLength { get; init; } = 32;

    /// <summary>How long a repeat of the same content is refused.</summary>
    public TimeSpan RepeatWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>At most this many content fingerprints are remembered (oldest forgotten first).</summary>
    public int MaxRememberedFingerprints { get; init; } = 1_000_000;

    /// <summary>Leading zero bits a proof of work needs when intake is calm: 65,536 hashes on average, about 0.1 s for
    /// the page's script in Chromium (bench/proof-speed.mjs), so a slow phone still solves it in well under a
    /// second.</summary>
    public int BaseDifficulty { get; init; } = 16;

    /// <summary>Leading zero bits at most, when intake is near its hourly capacity (about a second in
    /// Chromium).</summary>
    public int MaxDifficulty { get; init; } = 20;

    /// <summary>How long a challenge can be used.</summary>
    public TimeSpan ChallengeLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Files one client may have parked (uploaded with a form not yet sent) at once.</summary>
    public int ParkedFilesPerClient { get; init; } = 20;

    /// <summary>Bytes of parked files one client may have at once (a file still arriving counts as the largest a file
    /// may be).</summary>
    public long ParkedBytesPerClient { get; init; } = 200L * 1024 * 1024;

    /// <summary>The disk quota for every parked file of every client together; past it uploads wait (503).</summary>
    public long ParkedBytesInAll { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>When to try again after the quota for all parked files was reached.</summary>
    public TimeSpan ParkedRetryAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Links in a report from which it is marked.</summary>
    public int LinksMark { get; init; } = 5;

    /// <summary>A run of one repeated character from which a report is marked.</summary>
    public int RepeatedCharactersMark { get; init; } = 30;
}
