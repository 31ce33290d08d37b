namespace Jebo.Casework;

/// <summary>Where the casework zone keeps things and how it behaves; filled from the command line.</summary>
public sealed record CaseworkOptions
{
    /// <summary>The zone's own folder (<c>casework/</c> under the data folder): keys, SQLite file,
    /// quarantine.</summary>
    public required string ZoneFolder { get; init; }

    /// <summary>The spool folder report bundles arrive in, from intake.</summary>
    public required string InboundSpool { get; init; }

    /// <summary>The spool folder status bundles are written to, towards intake.</summary>
    public required string OutboundSpool { get; init; }

    public required string Database { get; init; }

    /// <summary>How often bundles are imported and status written; null: only on demand.</summary>
    public TimeSpan? TransferInterval { get; init; }

    /// <summary>Times of day, on the platform's clock, at which transfer rounds also run
    /// (<c>--transfer-at</c>).</summary>
    public IReadOnlyList<TimeOnly> TransferTimes { get; init; } = [];

    /// <summary>When transfer rounds run: every <see cref="TransferInterval"/> and at the <see cref="TransferTimes"/>,
    /// whichever comes first; null when neither is set (rounds then run only on demand).</summary>
    public Storage.Background.RoundSchedule? TransferSchedule =>
        Storage.Background.RoundSchedule.Of(
            TransferInterval,
            TransferTimes,
            new Reference.TimeZones.PlatformTimeZone(TimeZone).Zone
        );

    /// <summary>How long closed cases keep their reporters' identities and their content
    /// (<c>--retention-days</c>).</summary>
    public Retention.RetentionPeriods Retention { get; init; } = new();

    /// <summary>Times of day, on the platform's clock, at which the zone runs its retention round
    /// (<c>--retention-at</c>); none: only <c>jebo retention run</c> purges.</summary>
    public IReadOnlyList<TimeOnly> RetentionTimes { get; init; } = [];

    /// <summary>When the retention round runs; null when no time is set.</summary>
    public Storage.Background.RoundSchedule? RetentionSchedule =>
        Storage.Background.RoundSchedule.Of(
            null,
            RetentionTimes,
            new Reference.TimeZones.PlatformTimeZone(TimeZone).Zone
        );

    /// <summary>How many cases a month's callback sample draws per province (<c>--sample-size
    /// per-province=N</c>).</summary>
    public Sampling.CallbackSampleOptions CallbackSample { get; init; } = new();

    /// <summary>When the zone's loops run, the sampling loop looks daily, at this time on the platform's clock, for a
    /// month whose sample is due (the first day of the next month; <see cref="Sampling.CallbackSampling"/>).</summary>
    public static readonly TimeOnly SampleTime = new(0, 10);

    /// <summary>When the sampling loop runs: daily at <see cref="SampleTime"/> while the zone's loops run (a transfer
    /// schedule is set); null otherwise (only <c>jebo sample run</c> draws).</summary>
    public Storage.Background.RoundSchedule? SampleSchedule =>
        TransferSchedule is null
            ? null
            : Storage.Background.RoundSchedule.Of(
                null,
                [SampleTime],
                new Reference.TimeZones.PlatformTimeZone(TimeZone).Zone
            );

    /// <summary>Readiness floor and alert webhook (docs/operations.md, "Monitoring").</summary>
    public Storage.Monitoring.MonitoringOptions Monitoring { get; init; } = new();

    /// <summary>The SMS gateway and how delivery retries (docs/operations.md, "SMS"); without a gateway no text is
    /// queued.</summary>
    public Feedback.SmsOptions Sms { get; init; } = new();

    /// <summary>Whether status goes back to intake at all; when off, reporters see "received" until contacted
    /// otherwise.</summary>
    public bool StatusReturn { get; init; } = true;

    /// <summary>When bulk viewing and failed sign-ins raise security alerts.</summary>
    public Audit.AlertThresholds AlertThresholds { get; init; } = new();

    /// <summary>The IANA id of the platform's time zone (<see cref="Reference.TimeZones.PlatformTimeZone"/>): the
    /// calendar of deadlines, statistics and sampling months, and the clock of the staff pages.</summary>
    public string TimeZone { get; init; } = Reference.TimeZones.PlatformTimeZone.DefaultId;

    /// <summary>The operator's regions file (<c>--regions-file</c>), in place of Korea's built-in list; null for the
    /// built-in.</summary>
    public string? RegionsFile { get; init; }

    /// <summary>The operator's categories file (<c>--categories-file</c>); null for the built-in list.</summary>
    public string? CategoriesFile { get; init; }

    /// <summary>When repeated reports from one contact, or follow-ups flooding one receipt, are flagged
    /// (<c>--repetition-thresholds</c>).</summary>
    public Screening.RepetitionThresholds Repetition { get; init; } = new();

    /// <summary>Deadline lengths and how often overdue cases are escalated.</summary>
    public Deadlines.DeadlineOptions Deadlines { get; init; } = new();

    /// <summary>Who reviews results and clue-ending steps on district cases: an office above the one that recorded them
    /// (the province, by default), or only the national office (<c>--district-review national</c>).</summary>
    public Staff.DistrictReview DistrictReview { get; init; } = Staff.DistrictReview.Province;

    /// <summary>Whether a report naming officials who may belong to the office that would handle it goes one level up
    /// (<c>--officials-routing up|off</c>; <see cref="Offices.OfficialTies"/>).</summary>
    public Offices.OfficialsRouting OfficialsRouting { get; init; } = Offices.OfficialsRouting.Up;

    /// <summary>How long a personal API token lives (<c>--token-days</c>; <see cref="Staff.TokenRules"/>).</summary>
    public TimeSpan TokenLifetime { get; init; } = Staff.TokenRules.DefaultLifetime;

    /// <summary>Whether the sign-in pages are rate-limited (<c>--rate-limits</c>;
    /// <see cref="Web.SignInLimits"/>).</summary>
    public bool RateLimits { get; init; } = true;

    /// <summary>At most this many records go into one status bundle.</summary>
    public int MaxRecordsPerBundle { get; init; } = 10_000;

    /// <summary>A status bundle is closed before it grows past this many bytes.</summary>
    public long MaxBundleBytes { get; init; } = 64L * 1024 * 1024;

    public string KeysFolder => Path.Combine(ZoneFolder, "keys");

    /// <summary>The operator's reward rules (<see cref="Rewards.RewardRules"/>), read at every decision.</summary>
    public string RewardsFile => Path.Combine(ZoneFolder, Rewards.RewardRules.FileName);

    /// <summary>Held while importing, so the pump and a hand-run import never work on the same files at once.</summary>
    public string InboxLockFile => Path.Combine(ZoneFolder, "inbox.lock");

    /// <summary>Held while writing status bundles into the outbound spool.</summary>
    public string OutboxLockFile => Path.Combine(ZoneFolder, "outbox.lock");

    public string QuarantineFolder => Path.Combine(ZoneFolder, "quarantine");

    /// <summary>The signed checkpoints, outside the database (<see cref="Audit.AuditCheckpointFile"/>).</summary>
    public string CheckpointFile => Path.Combine(ZoneFolder, Audit.AuditCheckpointFile.FileName);
}
