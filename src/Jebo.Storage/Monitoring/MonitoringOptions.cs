namespace Jebo.Storage.Monitoring;

/// <summary>How a zone is watched: its readiness floor and where its alerts go, besides the log.</summary>
public sealed record MonitoringOptions
{
    /// <summary>Readiness fails when the disk under the zone's folder or spools has less free space than this
    /// (<c>--min-free-disk-mb</c>).</summary>
    public long MinimumFreeDiskBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Where alerts are also posted as JSON (<c>--alert-webhook</c>), on the internal network; null: the log
    /// only.</summary>
    public Uri? AlertWebhook { get; init; }
}
