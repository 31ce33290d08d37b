using Jebo.Screening.Entities;
using Jebo.Screening.Normalization;

namespace Jebo.Screening.Scoring;

/// <summary>
/// Where a report belongs in the screening queue: in scope (organised crime, gangs, officials shielding them),
/// complete (who, what, where, when), urgent (threats, ongoing danger, something about to happen), and whether it
/// looks out of scope (a neighbour dispute, a traffic complaint, nothing about organised crime) so that a person may
/// confirm "not accepted, out of scope". Advice only: nothing is decided here.
/// </summary>
/// <remarks>The priority orders scope first (the platform's mandate), then urgency (a threat cannot wait for the
/// details), then completeness: <see cref="TriageParts.InScope"/> = 4, <see cref="TriageParts.Urgent"/> = 2,
/// <see cref="TriageParts.Complete"/> = 1, so a higher number always outranks a lower one.</remarks>
public static class Triage
{
    /// <summary>The scope score from which a report counts as in scope (a topic and a category, two topics, a
    /// category and a named gang).</summary>
    public const int InScopeAt = 40;

    /// <summary>Below this scope score, without officials, a report is suggested out of scope.</summary>
    public const int OutOfScopeBelow = 20;

    /// <summary>The fewest normalised characters of description that say what happened.</summary>
    public const int WhatAt = 40;

    /// <summary>Words that point at danger now (normalised, lower case), with the kind of urgency each names.</summary>
    private static readonly (string Term, string Kind)[] UrgentTerms =
    [
        ("협박", "threats"),
        ("위협", "threats"),
        ("죽이겠", "threats"),
        ("죽여", "threats"),
        ("보복", "threats"),
        ("해코지", "threats"),
        ("흉기", "violence"),
        ("칼을", "violence"),
        ("폭행", "violence"),
        ("감금", "violence"),
        ("납치", "violence"),
        ("지금도", "ongoing"),
        ("현재도", "ongoing"),
        ("아직도", "ongoing"),
        ("매일", "ongoing"),
        ("오늘 밤", "imminent"),
        ("오늘밤", "imminent"),
        ("내일", "imminent"),
        ("이번 주", "imminent"),
        ("당장", "imminent"),
        ("threat", "threats"),
        ("kill", "threats"),
        ("retaliat", "threats"),
        ("weapon", "violence"),
        ("knife", "violence"),
        ("firearm", "violence"),
        ("assault", "violence"),
        ("kidnap", "violence"),
        ("right now", "ongoing"),
        ("every day", "ongoing"),
        ("ongoing", "ongoing"),
        ("tonight", "imminent"),
        ("tomorrow", "imminent"),
        ("this week", "imminent"),
        ("威胁", "threats"),
        ("恐吓", "threats"),
        ("报复", "threats"),
        ("杀了", "threats"),
        ("砍", "violence"),
        ("刀", "violence"),
        ("枪", "violence"),
        ("殴打", "violence"),
        ("绑架", "violence"),
        ("正在", "ongoing"),
        ("每天", "ongoing"),
        ("今晚", "imminent"),
        ("明天", "imminent"),
        ("马上", "imminent"),
    ];

    /// <summary>Matters that belong to another office (normalised, lower case), with what each is.</summary>
    private static readonly (string Term, string Kind)[] ElsewhereTerms =
    [
        ("층간소음", "neighbour-dispute"),
        ("층간 소음", "neighbour-dispute"),
        ("이웃", "neighbour-dispute"),
        ("옆집", "neighbour-dispute"),
        ("윗집", "neighbour-dispute"),
        ("아랫집", "neighbour-dispute"),
        ("neighbour", "neighbour-dispute"),
        ("neighbor", "neighbour-dispute"),
        ("noise", "neighbour-dispute"),
        ("邻居", "neighbour-dispute"),
        ("噪音", "neighbour-dispute"),
        ("주차", "traffic"),
        ("신호위반", "traffic"),
        ("신호 위반", "traffic"),
        ("과속", "traffic"),
        ("교통", "traffic"),
        ("parking", "traffic"),
        ("speeding", "traffic"),
        ("traffic", "traffic"),
        ("停车", "traffic"),
        ("超速", "traffic"),
        ("交通", "traffic"),
        ("闯红灯", "traffic"),
    ];

    /// <summary>The codes a <see cref="TriageReason"/> takes, for those who translate them.</summary>
    public static IReadOnlyList<string> Codes { get; } =
    [
        TriageReason.InScope,
        TriageReason.Complete,
        TriageReason.Incomplete,
        TriageReason.Urgent,
        TriageReason.OutOfScope,
    ];

    /// <summary>Every value a reason can carry besides the screener's topics: the missing parts of a report, the kinds
    /// of urgency and the matters that belong elsewhere.</summary>
    public static IReadOnlyList<string> Values { get; } =
    [
        "who",
        "what",
        "where",
        "when",
        "officials",
        "organisation",
        "category",
        "no-organised-crime",
        .. UrgentTerms.Select(t => t.Kind).Distinct(),
        .. ElsewhereTerms.Select(t => t.Kind).Distinct(),
    ];

    /// <summary>Judges one report from what screening read (<paramref name="input"/>) and found
    /// (<paramref name="result"/>).</summary>
    public static TriageResult Judge(ScreeningInput input, ScreeningResult result)
    {
        var text = TextNormalizer.Normalize(input.Description);
        var reasons = new List<TriageReason>();
        var topics = result
            .Reasons.Where(r => r.StartsWith(ScopeMentions, StringComparison.Ordinal))
            .SelectMany(r => r[ScopeMentions.Length..].Split(", "))
            .ToList();
        var organisation = result.Entities.Any(e => e.Kind is EntityKind.Organization or EntityKind.Gang);
        var inScope = result.Scope >= InScopeAt || input.OfficialCount > 0;
        if (inScope)
        {
            List<string> why = [.. topics];
            if (input.OfficialCount > 0)
            {
                why.Add("officials");
            }

            if (organisation)
            {
                why.Add("organisation");
            }

            if (input.Category is { Length: > 0 } category && category != "unclear")
            {
                why.Add("category");
            }

            reasons.Add(new TriageReason(TriageReason.InScope, why));
        }

        List<string> missing = [];
        if (
            !input.SubjectNames.Any(n => !string.IsNullOrWhiteSpace(n))
            && !input.Organizations.Any(n => !string.IsNullOrWhiteSpace(n))
            && !result.Entities.Any(e => e.Kind is EntityKind.Person or EntityKind.Organization or EntityKind.Gang)
        )
        {
            missing.Add("who");
        }

        if (text.Length < WhatAt)
        {
            missing.Add("what");
        }

        if (
            string.IsNullOrWhiteSpace(input.Where)
            && input.Region is null or "" or "unclear"
            && !result.Entities.Any(e => e.Kind is EntityKind.Place or EntityKind.Venue)
        )
        {
            missing.Add("where");
        }

        if (string.IsNullOrWhiteSpace(input.When))
        {
            missing.Add("when");
        }

        reasons.Add(
            missing.Count == 0
                ? new TriageReason(TriageReason.Complete, [])
                : new TriageReason(TriageReason.Incomplete, missing)
        );

        var urgency = Matches(text, UrgentTerms);
        if (urgency.Count > 0)
        {
            reasons.Add(new TriageReason(TriageReason.Urgent, urgency));
        }

        var elsewhere = Matches(text, ElsewhereTerms);
        var outOfScope = !inScope && ((result.Scope < OutOfScopeBelow && !organisation) || elsewhere.Count > 0);
        if (outOfScope)
        {
            reasons.Add(
                new TriageReason(TriageReason.OutOfScope, elsewhere.Count > 0 ? elsewhere : ["no-organised-crime"])
            );
        }

        var parts =
            (inScope ? TriageParts.InScope : TriageParts.None)
            | (urgency.Count > 0 ? TriageParts.Urgent : TriageParts.None)
            | (missing.Count == 0 ? TriageParts.Complete : TriageParts.None)
            | (outOfScope ? TriageParts.OutOfScope : TriageParts.None);
        return new TriageResult(parts, reasons);
    }

    private const string ScopeMentions = "scope: mentions ";

    private static List<string> Matches(string text, (string Term, string Kind)[] terms) =>
        [.. terms.Where(t => text.Contains(t.Term, StringComparison.Ordinal)).Select(t => t.Kind).Distinct()];
}

/// <summary>What <see cref="Triage"/> found, as flags; the first three make the queue's priority
/// (<see cref="TriageResult.Priority"/>), the last is a suggestion a person confirms.</summary>
[Flags]
public enum TriageParts
{
    None = 0,

    /// <summary>Says who, what, where and when.</summary>
    Complete = 1,

    /// <summary>Threats, ongoing danger or something about to happen; or the reporter asked for protection.</summary>
    Urgent = 2,

    /// <summary>About organised crime, gangs or officials shielding them.</summary>
    InScope = 4,

    /// <summary>Suggested: not accepted, out of scope. Never applied without a person.</summary>
    OutOfScope = 8,
}

/// <summary>One reason of a triage: a code (<c>in-scope</c>, <c>complete</c>, <c>incomplete</c>, <c>urgent</c>,
/// <c>out-of-scope</c>) and its values (topics, missing parts, kinds of urgency, matters that belong elsewhere), so
/// that a page says it in the reader's language.</summary>
public sealed record TriageReason(string Code, IReadOnlyList<string> Values)
{
    public const string InScope = "in-scope";
    public const string Complete = "complete";
    public const string Incomplete = "incomplete";
    public const string Urgent = "urgent";
    public const string OutOfScope = "out-of-scope";
}

/// <summary>A report's triage: its parts and the reasons for them.</summary>
public sealed record TriageResult(TriageParts Parts, IReadOnlyList<TriageReason> Reasons)
{
    /// <summary>The queue's priority, 0–7: in scope 4, urgent 2, complete 1 (<see cref="Triage"/>).</summary>
    public int Priority => Of(Parts);

    public static int Of(TriageParts parts) =>
        (int)(parts & (TriageParts.InScope | TriageParts.Urgent | TriageParts.Complete));
}
