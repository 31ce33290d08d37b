namespace Jebo.Casework.Data;

/// <summary>An office in the tree: national at the root, a province below it, a city, county or district below that.
/// Its code is its region's code (<c>national</c> for the root).</summary>
public sealed class Office
{
    public required string Code { get; set; }
    public string? ParentCode { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public required string NameZh { get; set; }

    /// <summary>0 national, 1 province or metropolitan city, 2 city, county or district (deeper for an operator's own
    /// regions file).</summary>
    public int Level { get; set; }
}
