namespace Jebo.Casework;

/// <summary>Where the casework zone keeps things and how it behaves; filled from the command line.</summary>
public sealed class CaseworkOptions
{
    /// <summary>The zone's own folder (<c>casework/</c> under the data folder): keys, SQLite file, quarantine.</summary>
    public required string ZoneFolder { get; init; }

    /// <summary>The spool folder report bundles arrive in, from intake.</summary>
    public required string InboundSpool { get; init; }

    /// <summary>The spool folder status bundles are written to, towards intake.</summary>
    public required string OutboundSpool { get; init; }

    public required string Database { get; init; }

    /// <summary>How often bundles are imported and status written; null: only on demand.</summary>
    public TimeSpan? TransferInterval { get; init; }

    /// <summary>Whether status goes back to intake at all; when off, reporters see "received" until contacted otherwise.</summary>
    public bool StatusReturn { get; init; } = true;

    /// <summary>When bulk viewing and failed sign-ins raise security alerts.</summary>
    public Audit.AlertThresholds AlertThresholds { get; init; } = new();

    public string KeysFolder => Path.Combine(ZoneFolder, "keys");

    public string QuarantineFolder => Path.Combine(ZoneFolder, "quarantine");
}
