using System.Globalization;
using Jebo.Screening.Entities;
using Jebo.Screening.Normalization;

namespace Jebo.Screening.Scoring;

/// <summary>
/// Scores a report's scope (is it about gangs or organised crime?) and completeness (can it be verified?) from 0 to
/// 100, with the reasons behind each point, so screeners see why and can disagree. Scores advise; people decide.
/// </summary>
public static class Screener
{
    /// <summary>Words that point at organised crime, in Korean, English and Chinese (normalised, lower case).</summary>
    private static readonly (string Term, string Topic)[] ScopeTerms =
    [
        ("조직폭력", "organised violence"),
        ("조폭", "organised violence"),
        ("폭력배", "organised violence"),
        ("깡패", "organised violence"),
        ("보호비", "protection money"),
        ("갈취", "extortion"),
        ("협박", "threats"),
        ("공갈", "extortion"),
        ("자릿세", "protection money"),
        ("사채", "illegal lending"),
        ("불법 대부", "illegal lending"),
        ("추심", "violent debt collection"),
        ("고리", "usury"),
        ("보이스피싱", "phone scam"),
        ("대포통장", "mule accounts"),
        ("사기 조직", "fraud ring"),
        ("마약", "drugs"),
        ("필로폰", "drugs"),
        ("대마", "drugs"),
        ("도박", "gambling"),
        ("불법 도박", "gambling"),
        ("하우스", "gambling den"),
        ("사설 토토", "illegal betting"),
        ("성매매", "prostitution"),
        ("유흥업소", "entertainment business"),
        ("건설 현장", "construction racketeering"),
        ("골재", "sand and gravel"),
        ("이권", "racketeering"),
        ("선거", "election interference"),
        ("비호", "shielding officials"),
        ("뇌물", "bribery"),
        ("유착", "collusion"),
        ("조직", "organisation"),
        ("두목", "gang leader"),
        ("행동대장", "gang enforcer"),
        ("파 조직", "named gang"),
        ("gang", "gang"),
        ("mafia", "mafia"),
        ("extortion", "extortion"),
        ("protection money", "protection money"),
        ("loan shark", "illegal lending"),
        ("drug", "drugs"),
        ("gambling", "gambling"),
        ("trafficking", "trafficking"),
        ("bribe", "bribery"),
        ("racket", "racketeering"),
        ("organized crime", "organised crime"),
        ("organised crime", "organised crime"),
        ("黑社会", "organised crime"),
        ("黑恶", "organised crime"),
        ("涉黑", "organised crime"),
        ("保护费", "protection money"),
        ("敲诈", "extortion"),
        ("勒索", "extortion"),
        ("高利贷", "illegal lending"),
        ("催收", "violent debt collection"),
        ("诈骗", "fraud"),
        ("毒品", "drugs"),
        ("赌博", "gambling"),
        ("卖淫", "prostitution"),
        ("保护伞", "shielding officials"),
        ("行贿", "bribery"),
        ("团伙", "gang"),
    ];

    /// <summary>Every topic a reason can name (<c>scope: mentions …</c>), for those who translate them.</summary>
    public static IReadOnlyList<string> Topics { get; } = [.. ScopeTerms.Select(t => t.Topic).Distinct()];

    public static ScreeningResult Screen(ScreeningInput input)
    {
        var text = TextNormalizer.Normalize(input.Description);
        var entities = EntityExtractor.Extract(input.Description, input.SubjectNames, input.Organizations);
        var reasons = new List<string>();

        var topics = ScopeTerms
            .Where(t => text.Contains(t.Term, StringComparison.Ordinal))
            .Select(t => t.Topic)
            .Distinct()
            .ToList();
        var scope = Math.Min(60, topics.Count * 20);
        if (topics.Count > 0)
        {
            reasons.Add("scope: mentions " + string.Join(", ", topics.Take(5)));
        }

        if (input.Category is { Length: > 0 } category && category != "unclear")
        {
            scope += 25;
            reasons.Add($"scope: reporter chose the category '{category}'");
        }

        if (entities.Any(e => e.Kind == EntityKind.Organization))
        {
            scope += 15;
            reasons.Add("scope: names an organisation or gang");
        }

        if (input.OfficialCount > 0)
        {
            scope += 10;
            reasons.Add("scope: names officials said to shield the group");
        }

        if (topics.Count == 0 && (input.Category is null or "unclear"))
        {
            reasons.Add("scope: no sign of gang or organised crime found; check whether it belongs elsewhere");
        }

        var completeness = 0;
        var words = text.Length;
        completeness += words switch
        {
            >= 400 => 30,
            >= 120 => 20,
            >= 40 => 10,
            _ => 0,
        };
        reasons.Add(string.Create(CultureInfo.InvariantCulture, $"completeness: description of {words} characters"));
        if (
            input.SubjectNames.Any(n => !string.IsNullOrWhiteSpace(n)) || entities.Any(e => e.Kind == EntityKind.Person)
        )
        {
            completeness += 20;
            reasons.Add("completeness: names a person");
        }

        if (!string.IsNullOrWhiteSpace(input.When))
        {
            completeness += 10;
            reasons.Add("completeness: says when");
        }

        if (!string.IsNullOrWhiteSpace(input.Where) || (input.Region is { Length: > 0 } region && region != "unclear"))
        {
            completeness += 15;
            reasons.Add("completeness: says where");
        }

        var checkable = entities.Count(e =>
            e.Kind is EntityKind.Phone or EntityKind.VehiclePlate or EntityKind.Account
        );
        if (checkable > 0)
        {
            completeness += Math.Min(25, checkable * 10);
            reasons.Add(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"completeness: {checkable} phone, plate or account number(s) to check"
                )
            );
        }

        return new ScreeningResult(Math.Min(100, scope), Math.Min(100, completeness), reasons, entities);
    }
}
