namespace Jebo.Casework.Lifecycle;

/// <summary>How an attempt to contact a reporter ended (<c>record-contact</c>'s <c>outcome</c>). Only
/// <see cref="Reached"/> contacted anyone: it alone meets the contact deadline, and a feedback contact meets the
/// feedback deadline only when it reached the reporter.</summary>
public static class ContactOutcome
{
    public const string Reached = "reached";
    public const string NoAnswer = "no-answer";
    public const string WrongNumber = "wrong-number";
    public const string Declined = "declined";

    public static readonly IReadOnlyList<string> All = [Reached, NoAnswer, WrongNumber, Declined];
}
