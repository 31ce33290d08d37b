namespace Jebo.Screening.Entities;

/// <summary>What kind of thing an entity is.</summary>
public enum EntityKind
{
    Phone,
    VehiclePlate,
    Account,
    Person,
    Organization,
    Email,
    Url,

    /// <summary>A gang named in the text, in any of the three languages (<see cref="ClueSpecifics"/>).</summary>
    Gang,

    /// <summary>A district, county, town or township (구, 군, 읍, 면; <c>-gu</c>; 区, 郡, 邑).</summary>
    Place,

    /// <summary>A named market, building, club, site or the like, with its kind.</summary>
    Venue,

    /// <summary>A nickname written in quotes (<c>'독사'</c>, <c>'Viper'</c>).</summary>
    Alias,
}

/// <summary>A thing named in a report, in a normalised form that compares equal across reports
/// (<c>010-1234-5678</c> and <c>+82 10 1234 5678</c> are one phone).</summary>
public sealed record Entity(EntityKind Kind, string Value)
{
    /// <summary>The key the entity index uses: kind and value.</summary>
    public string Key => $"{Kind}:{Value}";
}
