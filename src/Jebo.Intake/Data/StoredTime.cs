namespace Jebo.Intake.Data;

/// <summary>Intake keeps times to the hour only — reports, follow-ups, files — the exact time travels sealed, so a
/// stolen intake database cannot be matched against network logs to find who reported.</summary>
public static class StoredTime
{
    public static DateTimeOffset Coarse(DateTimeOffset at) =>
        new(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero);
}
