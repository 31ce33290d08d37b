using System.Globalization;
using System.Text.RegularExpressions;
using Jebo.Casework.Localization;
using Jebo.Screening.Scoring;

namespace Jebo.Casework.Screening;

/// <summary>The screening priority, its reasons and repetition flags in the reader's language (the page's, or the
/// API's <c>Accept-Language</c>, English when none): <c>Triage.*</c> and <c>Repetition.*</c> texts, the screener's
/// topics through <c>Topic.*</c>.</summary>
public static partial class TriageText
{
    /// <summary>The parts of a priority, the weightiest first.</summary>
    public static IReadOnlyList<string> Parts(int priority) =>
        priority < 0
            ? []
            :
            [
                .. new[]
                {
                    (TriageParts.InScope, TriageReason.InScope),
                    (TriageParts.Urgent, TriageReason.Urgent),
                    (TriageParts.Complete, TriageReason.Complete),
                }
                    .Where(p => ((TriageParts)priority).HasFlag(p.Item1))
                    .Select(p => p.Item2),
            ];

    /// <summary>The codes <see cref="Parts"/> names, for those who translate them.</summary>
    public static readonly IReadOnlyList<string> PartCodes =
    [
        TriageReason.InScope,
        TriageReason.Urgent,
        TriageReason.Complete,
    ];

    public static string PartsText(int priority) =>
        priority < 0 ? Refusals.Text("Triage.Pending")
        : priority == 0 ? Refusals.Text("Triage.Lowest")
        : string.Join(" · ", Parts(priority).Select(p => Refusals.Text("Triage.Part." + p)));

    public static string Reason(TriageReason reason) =>
        Refusals.TextOrNull("Triage.Reason." + reason.Code) is { } text
            ? string.Format(CultureInfo.InvariantCulture, text, string.Join(", ", reason.Values.Select(Value)))
            : reason.Code;

    /// <summary>A value of a reason: a missing part, a kind of urgency, a matter that belongs elsewhere, or one of the
    /// screener's topics; as stored when no text names it.</summary>
    public static string Value(string value) =>
        Refusals.TextOrNull("Triage.Value." + value)
        ?? Refusals.TextOrNull("Topic." + TopicKey().Replace(value.ToLowerInvariant(), "-"))
        ?? value;

    public static string Suggestion() => Refusals.Text("Triage.Suggestion");

    public static string Repetition(string kind, int count, RepetitionThresholds thresholds) =>
        kind == RepetitionWatch.ByFollowUps
            ? Refusals.Text("Repetition.follow-ups", count, thresholds.FollowUpHours)
            : Refusals.Text("Repetition.contact", count, thresholds.ContactDays);

    [GeneratedRegex("[^a-z]+")]
    private static partial Regex TopicKey();
}
