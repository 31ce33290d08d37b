namespace Jebo.Reference.Regions;

/// <summary>One region: a province or metropolitan city (no parent) or a city, county or district within one.</summary>
public sealed record Region(string Code, string? ParentCode, LocalizedName Name)
{
    public bool IsProvince => ParentCode is null;
}

/// <summary>A name in each of the languages Jebo speaks; Korean is the fallback.</summary>
public sealed record LocalizedName(string Ko, string En, string Zh)
{
    public string In(string language) =>
        language switch
        {
            "en" => En,
            "zh" => Zh,
            _ => Ko,
        };
}
