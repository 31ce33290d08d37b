using Jebo.Intake.Abuse;
using Jebo.Intake.Attachments.Isolation;
using Jebo.Transfer.Bundles;

namespace Jebo.Intake;

/// <summary>Where the intake zone keeps things and how it behaves; filled from the command line.</summary>
public sealed record IntakeOptions
{
    /// <summary>The zone's own folder (<c>intake/</c> under the data folder): keys, SQLite file, quarantine.</summary>
    public required string ZoneFolder { get; init; }

    /// <summary>The spool folder report bundles are written to, towards casework.</summary>
    public required string OutboundSpool { get; init; }

    /// <summary>The spool folder status bundles arrive in, from casework.</summary>
    public required string InboundSpool { get; init; }

    /// <summary>The database connection string (a SQLite file or PostgreSQL).</summary>
    public required string Database { get; init; }

    /// <summary>How often the outbox writes a bundle and the inbox applies status; null: only on demand.</summary>
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

    /// <summary>Calendar days (platform time zone) intake keeps what it no longer needs: the status rows of finished
    /// reports after their last status, acknowledged follow-ups, resolved quarantine
    /// (<c>--retention-days intake=N</c>); null: kept for ever.</summary>
    public int? RetentionDays { get; init; } = DefaultRetentionDays;

    public const int DefaultRetentionDays = 90;

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

    /// <summary>Readiness floor and alert webhook (docs/operations.md, "Monitoring").</summary>
    public Storage.Monitoring.MonitoringOptions Monitoring { get; init; } = new();

    /// <summary>Whether rate limits apply; off only for benchmarks on a closed network.</summary>
    public bool RateLimits { get; init; } = true;

    /// <summary>The limits and thresholds of the abuse defences (docs/abuse.md).</summary>
    public AbuseSettings Abuse { get; init; } = AbuseSettings.Defaults;

    /// <summary>The request header the reverse proxy writes the client's address into, believed only from
    /// <see cref="TrustedProxies"/>.</summary>
    public string ClientAddressHeader { get; init; } = DefaultClientAddressHeader;

    public const string DefaultClientAddressHeader = "X-Forwarded-For";

    /// <summary>The reverse proxies whose <see cref="ClientAddressHeader"/> names the client; none (the default): the
    /// TCP peer is the client and no header is believed.</summary>
    public TrustedProxies TrustedProxies { get; init; } = TrustedProxies.None;

    /// <summary>At most this many records go into one bundle.</summary>
    public int MaxRecordsPerBundle { get; init; } = 10_000;

    /// <summary>A bundle is closed before it grows past this many bytes (one record larger than this still travels
    /// alone).</summary>
    public long MaxBundleBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest JSON report body accepted.</summary>
    public int MaxReportBytes { get; init; } = 256 * 1024;

    /// <summary>At most this many files may be attached to one report.</summary>
    public int MaxAttachments { get; init; } = 10;

    /// <summary>The largest single attachment, counted after metadata is removed.</summary>
    public long MaxAttachmentBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>The most the files of one report may take together, as stored (sealed), counted across every post of
    /// the form and every part of an API request.</summary>
    public long MaxReportAttachmentBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>The IANA id of the platform's time zone (<see cref="Reference.TimeZones.PlatformTimeZone"/>), whose
    /// clock the status page shows times on.</summary>
    public string TimeZone { get; init; } = Reference.TimeZones.PlatformTimeZone.DefaultId;

    /// <summary>The operator's regions file (<c>--regions-file</c>), in place of Korea's built-in list; null for the
    /// built-in.</summary>
    public string? RegionsFile { get; init; }

    /// <summary>The operator's categories file (<c>--categories-file</c>); null for the built-in list.</summary>
    public string? CategoriesFile { get; init; }

    /// <summary><see cref="MaxReportAttachmentBytes"/> in whole megabytes, for messages.</summary>
    public long MaxReportAttachmentMegabytes => MaxReportAttachmentBytes / (1024 * 1024);

    /// <summary>The most one report with its files may take in a bundle; a report above it could not travel and is
    /// refused at intake (413). Never above what the format carries
    /// (<see cref="BundleFormat.MaxRecordsLength"/>).</summary>
    public long MaxTravelBytes { get; init; } = BundleFormat.MaxRecordsLength;

    /// <summary>Where and how uploaded files are cleaned: worker processes, mat2, limits.</summary>
    public CleaningOptions Cleaning { get; init; } = new();

    /// <summary>The public address printed on posters and in the QR code; null: the address the request came
    /// to.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>How long an attachment uploaded with a form that was not yet sent is kept, sealed, for the next
    /// post.</summary>
    public TimeSpan PendingAttachmentLifetime { get; init; } = TimeSpan.FromHours(3);

    /// <summary>How long a node trusts its last reading of the maintenance switch
    /// (<see cref="Maintenance.MaintenanceMode"/>).</summary>
    public TimeSpan MaintenanceCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    public string KeysFolder => Path.Combine(ZoneFolder, "keys");

    /// <summary>ASP.NET Core data protection keys (antiforgery tokens), kept so a restart does not void open
    /// forms.</summary>
    public string DataProtectionKeysFolder => Path.Combine(KeysFolder, "dataprotection");

    public string QuarantineFolder => Path.Combine(ZoneFolder, "quarantine");

    /// <summary>Held while applying status bundles, so the pump and a hand-run import never work on the same files at
    /// once.</summary>
    public string InboxLockFile => Path.Combine(ZoneFolder, "inbox.lock");

    /// <summary>Held while writing report bundles into the outbound spool.</summary>
    public string OutboxLockFile => Path.Combine(ZoneFolder, "outbox.lock");
}
