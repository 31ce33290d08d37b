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
}

/// <summary>A thing named in a report, in a normalised form that compares equal across reports
/// (<c>010-1234-5678</c> and <c>+82 10 1234 5678</c> are one phone).</summary>
public sealed record Entity(EntityKind Kind, string Value)
{
    /// <summary>The key the entity index uses: kind and value.</summary>
    public string Key => $"{Kind}:{Value}";
}
