namespace Jebo.Intake.Data;

/// <summary>The maintenance switch as intake's database keeps it: one row while maintenance is on, none while it is
/// off. Kept in the database because every intake node of a deployment shares it (docs/architecture.md).</summary>
public sealed class MaintenanceSwitch
{
    /// <summary>The one row's key.</summary>
    public const int SingleId = 1;

    /// <summary>The longest message an operator may give.</summary>
    public const int MaxMessageLength = 500;

    public int Id { get; set; } = SingleId;

    /// <summary>The operator's message, shown to reporters as given; null for the standard text alone.</summary>
    public string? Message { get; set; }

    public DateTimeOffset Since { get; set; }
}
