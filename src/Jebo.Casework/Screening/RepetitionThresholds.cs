namespace Jebo.Casework.Screening;

/// <summary>When repetition looks malicious enough for a person to judge (<see cref="RepetitionWatch"/>): at least
/// <see cref="ContactReports"/> reports from one contact received within <see cref="ContactDays"/> days by one office,
/// or at least <see cref="FollowUps"/> follow-ups on one receipt within <see cref="FollowUpHours"/> hours. Set with
/// <c>--repetition-thresholds contact=5,contact-days=30,follow-ups=10,follow-up-hours=24</c>.</summary>
public sealed record RepetitionThresholds
{
    public int ContactReports { get; init; } = 5;
    public int ContactDays { get; init; } = 30;
    public int FollowUps { get; init; } = 10;
    public int FollowUpHours { get; init; } = 24;

    /// <summary>What is wrong with the thresholds, or null: each count 2–10,000, days 1–365, hours 1–720.</summary>
    public string? Problem() =>
        ContactReports is < 2 or > 10_000 ? "contact takes 2-10000 reports"
        : ContactDays is < 1 or > 365 ? "contact-days takes 1-365 days"
        : FollowUps is < 2 or > 10_000 ? "follow-ups takes 2-10000 follow-ups"
        : FollowUpHours is < 1 or > 720 ? "follow-up-hours takes 1-720 hours"
        : null;
}
