using System.Diagnostics.CodeAnalysis;

namespace Jebo.Transfer;

/// <summary>The two zones, by the names operators type (<c>--zone intake|casework</c>), folders and key files carry
/// (<c>DATA/intake/</c>, <c>jebo-casework-public-keys.json</c>) and messages print. Exactly two values exist, so
/// <c>==</c> compares them and <see cref="ToString"/> is the name.</summary>
public sealed class ZoneName
{
    public static readonly ZoneName Intake = new("intake");
    public static readonly ZoneName Casework = new("casework");

    private readonly string name;

    private ZoneName(string name) => this.name = name;

    /// <summary>Both zones, intake first.</summary>
    public static IReadOnlyList<ZoneName> All { get; } = [Intake, Casework];

    /// <summary>The zone at the other end of the transfer.</summary>
    public ZoneName Peer => this == Intake ? Casework : Intake;

    /// <summary>The zone named exactly <paramref name="text"/> (lower case), if any.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ZoneName? zone)
    {
        zone = All.FirstOrDefault(z => string.Equals(z.name, text, StringComparison.Ordinal));
        return zone is not null;
    }

    /// <summary>One of two values picked by zone, for the places where each zone has its own.</summary>
    public T Pick<T>(T intake, T casework) => this == Intake ? intake : casework;

    public override string ToString() => name;
}
