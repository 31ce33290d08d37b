using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Queues;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Jebo.Transfer.Status;

namespace Jebo.Casework.Tests.Localization;

public sealed partial class StaffTextTests
{
    private static readonly string[] DeadlineStates = ["met", "met-late", "open", "due-soon", "overdue", "stopped"];
    private static readonly string[] AlertSeverities = ["critical", "warning"];

    private static readonly ResourceManager Texts = new(
        "Jebo.Casework.Localization.StaffText",
        typeof(StaffText).Assembly
    );

    private static string SourceFolder() => Path.Combine(TestRepository.Root, "src", "Jebo.Casework");

    public static TheoryData<string> KeysUsedInPages()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (
            var file in Directory
                .EnumerateFiles(SourceFolder(), "*.cs*", SearchOption.AllDirectories)
                .Where(f =>
                    f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)
                )
        )
        {
            foreach (Match match in KeyPattern().Matches(File.ReadAllText(file)))
            {
                keys.Add(match.Groups[1].Value);
            }
        }

        return [.. keys];
    }

    [Theory]
    [MemberData(nameof(KeysUsedInPages))]
    public void Every_text_a_page_uses_exists_in_Korean_English_and_Chinese(string key)
    {
        var korean = Texts.GetString(key, CultureInfo.InvariantCulture);
        Assert.False(string.IsNullOrWhiteSpace(korean), $"{key} has no Korean text");
        foreach (var language in new[] { "en", "zh" })
        {
            var text = Texts
                .GetResourceSet(new CultureInfo(language), createIfNotExists: true, tryParents: false)
                ?.GetString(key);
            Assert.False(string.IsNullOrWhiteSpace(text), $"{key} has no {language} text");
        }
    }

    /// <summary>Texts named by a prefix and a domain code (<c>"Status." + status</c>): one for every code there
    /// is.</summary>
    public static TheoryData<string> KeysMadeFromCodes()
    {
        var keys = new List<string>();
        keys.AddRange(CaseStatus.All.Select(s => "Status." + s));
        keys.AddRange(CaseAction.All.Select(a => "Action." + a));
        keys.AddRange(
            CaseAction
                .All.Where(a => CaseStatus.All.Any(s => CaseLifecycle.Decide(a, s).Transition is null))
                .Select(a => "Refusal.Hint." + a)
        );
        keys.AddRange(new[] { CaseStatus.Closed, CaseStatus.Merged }.Select(s => "Refusal.Hint." + s));
        keys.AddRange(CaseAction.RejectionReasons.Select(r => "Rejection." + r));
        keys.AddRange(CaseAction.Results.Select(r => "Result." + r));
        keys.AddRange(CaseAction.ContactChannels.Select(c => "Channel." + c));
        keys.AddRange(DeadlineKind.All.Select(k => "Deadline." + k));
        keys.AddRange(DeadlineStates.Select(s => "DeadlineState." + s));
        keys.AddRange(CaseQueues.All.SelectMany(q => new[] { "Queue." + q, "QueueHelp." + q }));
        keys.AddRange(Roles.All.Select(r => "Role." + r));
        keys.AddRange(Enum.GetNames<PasswordChangeResult>().Where(n => n != "Changed").Select(n => "Password." + n));
        keys.AddRange(Enum.GetValues<PublicStatus>().Select(s => "Public." + s.Code()));
        keys.AddRange(Jebo.Casework.Pages.Audit.AuditSearch.Kinds.Select(k => "AuditKind." + k.TrimEnd('.')));
        keys.AddRange(Jebo.Casework.Audit.SecurityAlert.Kinds.Select(k => "Alert." + k));
        keys.AddRange(AlertSeverities.Select(s => "Alerts.Severity." + s));
        keys.AddRange(Enum.GetNames<AccountRefusal>().Select(r => "Users.Refusal." + r));
        keys.AddRange(AccountRequest.Kinds.Select(k => "Users.Request." + k));
        keys.AddRange(Enum.GetNames<TokenState>().Select(s => "Tokens.State." + s));
        keys.Add("Queue.Sort.priority");
        keys.AddRange(Jebo.Casework.Screening.TriageText.PartCodes.Select(p => "Triage.Part." + p));
        keys.AddRange(Jebo.Screening.Scoring.Triage.Codes.Select(c => "Triage.Reason." + c));
        keys.AddRange(Jebo.Screening.Scoring.Triage.Values.Select(v => "Triage.Value." + v));
        keys.AddRange(Jebo.Casework.Screening.RepetitionWatch.Kinds.Select(k => "Repetition." + k));
        return [.. keys];
    }

    [Theory]
    [MemberData(nameof(KeysMadeFromCodes))]
    public void Every_code_shown_on_a_page_has_its_text_in_three_languages(string key) =>
        Every_text_a_page_uses_exists_in_Korean_English_and_Chinese(key);

    public static TheoryData<string> AuditActions() => [.. Jebo.Casework.Audit.AuditActions.All];

    /// <summary>The timeline and the audit log page say every catalogued action in the reader's language.</summary>
    [Theory]
    [MemberData(nameof(AuditActions))]
    public void Every_audit_action_of_the_catalog_has_timeline_text_in_Korean_English_and_Chinese(string action)
    {
        Every_text_a_page_uses_exists_in_Korean_English_and_Chinese(TimelineText.KeyOf(action));
        Assert.NotEqual(
            Texts.GetString(TimelineText.KeyOf(action), new CultureInfo("en")),
            Texts.GetString(TimelineText.KeyOf(action), new CultureInfo("zh"))
        );
    }

    [Fact]
    public void The_timeline_has_no_text_for_an_action_outside_the_catalog()
    {
        var timelineKeys = Texts
            .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>()
            .Select(e => (string)e.Key)
            .Where(k => k.StartsWith(TimelineText.KeyOf(""), StringComparison.Ordinal));
        Assert.Equal(
            Jebo.Casework.Audit.AuditActions.All.Select(TimelineText.KeyOf).Order(StringComparer.Ordinal),
            timelineKeys.Order(StringComparer.Ordinal)
        );
    }

    [GeneratedRegex("""(?:(?:T|text)\[|Refusals\.Text\()"([A-Za-z0-9]+\.[A-Za-z0-9.\-]+|Yes|No|Unclear)"[,\])]""")]
    private static partial Regex KeyPattern();
}
